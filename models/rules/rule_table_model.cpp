#include "models/rules/rule_table_model.h"

#include "models/document/rule_lookup.h"
#include "models/rules/rule_edits.h"
#include "proxycore/api/explain.h"

namespace routedeck::models {

namespace model = core::model;

RuleTableModel::RuleTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void RuleTableModel::setRoute(const RuleRef& route, const ConfigConstPtr& config) {
  m_route = route;
  setConfig(config);
}

void RuleTableModel::setConfig(const ConfigConstPtr& config) {
  QString host;
  auto rows = build(config, &host);
  beginResetModel();
  m_hostname = host;
  m_rows = std::move(rows);
  endResetModel();
}

QVector<RuleTableModel::Row> RuleTableModel::build(const ConfigConstPtr& config, QString* hostname) const {
  QVector<Row> rows;
  const model::Route* route = config && !m_route.name.isEmpty() ? findRoute(*config, m_route) : nullptr;
  if (!route) {
    return rows;
  }
  const auto order = core::api::precedenceOf(config, m_route.kind.toStdString(), m_route.ns.toStdString(),
                                             m_route.name.toStdString());
  *hostname = order.empty() ? QString() : QString::fromStdString(order.front().hostname);
  for (const auto& e : order) {
    if (QString::fromStdString(e.routeName) != m_route.name || QString::fromStdString(e.routeNamespace) != m_route.ns ||
        QString::fromStdString(e.routeKind) != m_route.kind || e.rule < 0 ||
        static_cast<size_t>(e.rule) >= route->rules.size()) {
      continue;
    }
    const auto& rule = route->rules[static_cast<size_t>(e.rule)];
    Row r;
    r.position = e.position + 1;
    r.rule = e.rule;
    r.match = e.match;
    r.ruleName = rule.name ? QString::fromStdString(*rule.name) : tr("rule %1").arg(e.rule);
    const model::RouteMatch every;
    const auto& m = e.match >= 0 && static_cast<size_t>(e.match) < rule.matches.size() ? rule.matches[static_cast<size_t>(e.match)] : every;
    r.path = pathText(m);
    r.headers = headersText(m);
    r.query = queryText(m);
    r.method = m.method ? QString::fromStdString(*m.method) : QString();
    QStringList backends;
    for (const auto& b : rule.backends) {
      backends << QString::fromStdString(b.name) + (b.weight ? QStringLiteral(" %1").arg(*b.weight) : QString());
    }
    r.backends = backends.join(QStringLiteral(", "));
    if (!e.shadowedBy.empty()) {
      r.warning = tr("never wins: shadowed by %1").arg(QString::fromStdString(e.shadowedBy));
    } else if (!e.shadows.empty()) {
      r.warning = tr("shadows %1").arg(QString::fromStdString(e.shadows));
    }
    rows << r;
  }
  return rows;
}

int RuleTableModel::rowOfRule(int ruleIndex) const {
  for (int i = 0; i < m_rows.size(); ++i) {
    if (m_rows[i].rule == ruleIndex) {
      return i;
    }
  }
  return -1;
}

int RuleTableModel::ruleAt(int row) const { return row >= 0 && row < m_rows.size() ? m_rows[row].rule : -1; }

int RuleTableModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(m_rows.size()); }
int RuleTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant RuleTableModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid)) {
    return {};
  }
  const Row& r = m_rows[index.row()];
  if (role == RuleIndexRole) {
    return r.rule;
  }
  if (role == MatchIndexRole) {
    return r.match;
  }
  if (role == Qt::ToolTipRole && !r.warning.isEmpty()) {
    return r.warning;
  }
  if (role != Qt::DisplayRole) {
    return {};
  }
  switch (index.column()) {
    case WarningColumn: return r.warning;
    case OrderColumn: return r.position;
    case RuleColumn: return r.ruleName;
    case PathColumn: return r.path;
    case HeadersColumn: return r.headers;
    case QueryColumn: return r.query;
    case MethodColumn: return r.method;
    case BackendsColumn: return r.backends;
    default: return {};
  }
}

QVariant RuleTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
    return {};
  }
  static const char* const names[] = {"#", "Rule", "Path", "Headers", "Query", "Method", "Backends", "Warning"};
  return section >= 0 && section < ColumnCount ? tr(names[section]) : QVariant();
}

}  // namespace routedeck::models
