#include "models/explain/explain_model.h"

#include <QFont>
#include <QPointer>

#include "proxycore/api/explain.h"

namespace routedeck::models {

namespace {
QString q(const std::string& s) { return QString::fromStdString(s); }
}  // namespace

ExplainModel::ExplainModel(QObject* parent) : QAbstractTableModel(parent) { m_pool.setMaxThreadCount(1); }

ExplainModel::~ExplainModel() { m_pool.waitForDone(); }

void ExplainModel::explain(const ConfigConstPtr& config, const QString& requestLine, const QString& headers) {
  const quint64 generation = ++m_generation;
  m_busy = true;
  QPointer<ExplainModel> self(this);
  m_pool.start([self, generation, config, requestLine, headers] {
    Result result = compute(config, requestLine, headers);
    QMetaObject::invokeMethod(
        self.data(), [self, generation, result = std::move(result)]() mutable {
          if (self && generation == self->m_generation) {
            self->show(std::move(result));
          }
        },
        Qt::QueuedConnection);
  });
}

ExplainModel::Result ExplainModel::compute(const ConfigConstPtr& config, const QString& requestLine,
                                           const QString& headers) {
  std::vector<std::string> lines;
  for (const auto& line : headers.split(QLatin1Char('\n'))) {
    if (!line.trimmed().isEmpty()) {
      lines.push_back(line.trimmed().toStdString());
    }
  }
  const auto report = core::api::explainRequest(config, requestLine.trimmed().toStdString(), lines);
  Result out;
  out.request = requestLine.trimmed();
  out.error = q(report.error);
  out.winner = report.winner;
  out.nearest = report.nearest;
  out.nearestHint = q(report.nearestHint);
  for (const auto& c : report.candidates) {
    const QString rule = QStringLiteral("%1 %2/%3 rule %4%5")
                             .arg(q(c.routeKind), q(c.routeNamespace), q(c.routeName))
                             .arg(c.rule)
                             .arg(c.ruleName.empty() ? QString() : QStringLiteral(" (%1)").arg(q(c.ruleName)));
    out.rows.push_back({q(c.ruleId()), c.match > 0 ? rule + tr(", match %1").arg(c.match) : rule, q(c.hostname),
                        q(c.outcome), q(c.reason)});
  }
  if (!out.error.isEmpty()) {
    out.summary = tr("Cannot route: %1").arg(out.error);
  } else if (report.winner >= 0 && report.status == 0) {
    QStringList backends;
    for (const auto& b : report.backends) {
      backends << q(b);
    }
    out.summary = tr("→ %1 via %2").arg(backends.join(QStringLiteral(", ")), out.rows[out.winner].rule);
  } else if (report.winner >= 0) {
    out.summary = tr("Local reply %1 from %2").arg(report.status).arg(out.rows[out.winner].rule);
  } else {
    out.summary = tr("%1 — no rule takes this request").arg(report.status ? report.status : 404);
  }
  return out;
}

void ExplainModel::show(Result result) {
  beginResetModel();
  m_rows = std::move(result.rows);
  m_request = result.request;
  m_error = result.error;
  m_winner = result.winner;
  m_nearest = result.nearest;
  m_nearestHint = result.nearestHint;
  m_summary = result.summary;
  m_busy = false;
  endResetModel();
  emit explained();
}

void ExplainModel::clear() {
  ++m_generation;  // an answer still on its way is for a request no longer shown
  m_busy = false;
  beginResetModel();
  m_rows.clear();
  m_winner = m_nearest = -1;
  m_error.clear();
  m_summary.clear();
  m_nearestHint.clear();
  endResetModel();
  emit explained();
}

int ExplainModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(m_rows.size()); }
int ExplainModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant ExplainModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid)) {
    return {};
  }
  const Row& r = m_rows[index.row()];
  switch (role) {
    case OutcomeRole: return r.outcome;
    case RuleIdRole: return r.ruleId;
    case WinnerRole: return index.row() == m_winner;
    case NearestRole: return index.row() == m_nearest;
    case Qt::FontRole:
      if (index.row() == m_winner) {
        QFont bold;
        bold.setBold(true);
        return bold;
      }
      return {};
    case Qt::DisplayRole:
      switch (index.column()) {
        case OrderColumn: return index.row() + 1;
        case RuleColumn: return r.rule;
        case HostColumn: return r.host;
        case OutcomeColumn: return index.row() == m_nearest ? r.outcome + tr(" (nearest)") : r.outcome;
        case ReasonColumn: return r.reason;
        default: return {};
      }
    default: return {};
  }
}

QVariant ExplainModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
    return {};
  }
  static const char* const names[] = {"#", "Rule", "Host", "Outcome", "Why"};
  return section >= 0 && section < ColumnCount ? tr(names[section]) : QVariant();
}

}  // namespace routedeck::models
