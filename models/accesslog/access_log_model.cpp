#include "models/accesslog/access_log_model.h"

#include <QDateTime>
#include <QThread>

namespace routedeck::models {

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

QString hostOf(const std::string& authority) {
  const QString a = q(authority);
  if (a.startsWith(QLatin1Char('['))) {
    return a.left(a.indexOf(QLatin1Char(']')) + 1);
  }
  return a.section(QLatin1Char(':'), 0, 0);
}

bool hasFlag(const std::string& flags, const char* flag) {
  for (const auto& f : QString::fromStdString(flags).split(QLatin1Char(','))) {
    if (f == QLatin1String(flag)) {
      return true;
    }
  }
  return false;
}

}  // namespace

AccessLogModel::AccessLogModel(QObject* parent, int capacity) : QAbstractTableModel(parent), m_capacity(qMax(1, capacity)) {}

void AccessLogModel::append(const AccessBatchConstPtr& batch) {
  Q_ASSERT(QThread::currentThread() == thread());
  if (!batch || batch->empty()) {
    return;
  }
  m_totalSeen += batch->size();
  if (m_paused) {
    m_held.insert(m_held.end(), batch->begin(), batch->end());
    while (m_held.size() > static_cast<size_t>(m_capacity)) {
      m_held.pop_front();
    }
    return;
  }
  insert(std::deque<core::stats::AccessRecord>(batch->begin(), batch->end()));
}

void AccessLogModel::insert(std::deque<core::stats::AccessRecord>&& records) {
  while (records.size() > static_cast<size_t>(m_capacity)) {
    records.pop_front();
  }
  if (records.empty()) {
    return;
  }
  const int overflow = static_cast<int>(m_rows.size() + records.size()) - m_capacity;
  if (overflow > 0) {
    beginRemoveRows({}, 0, overflow - 1);
    m_rows.erase(m_rows.begin(), m_rows.begin() + overflow);
    endRemoveRows();
  }
  bool newRule = false;
  for (const auto& r : records) {
    const QString id = q(r.ruleId());
    if (!id.isEmpty() && !m_rules.contains(id)) {
      m_rules << id;
      newRule = true;
    }
  }
  const int first = static_cast<int>(m_rows.size());
  beginInsertRows({}, first, first + static_cast<int>(records.size()) - 1);
  std::move(records.begin(), records.end(), std::back_inserter(m_rows));
  endInsertRows();
  if (newRule) {
    m_rules.sort();
    emit rulesChanged(m_rules);
  }
}

void AccessLogModel::setPaused(bool paused) {
  if (paused == m_paused) {
    return;
  }
  m_paused = paused;
  if (!paused) {
    insert(std::exchange(m_held, {}));
  }
  emit pausedChanged(paused);
}

void AccessLogModel::clear() {
  beginResetModel();
  m_rows.clear();
  m_held.clear();
  endResetModel();
}

bool AccessLogModel::hasNoRouteFlag(int row) const {
  return row >= 0 && row < rowCount() && hasFlag(m_rows[static_cast<size_t>(row)].flags, "NR");
}

QString AccessLogModel::requestLine(int row) const {
  if (row < 0 || row >= rowCount()) {
    return {};
  }
  const auto& r = m_rows[static_cast<size_t>(row)];
  return QStringLiteral("%1 http://%2%3").arg(q(r.method), hostOf(r.authority), q(r.path));
}

int AccessLogModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(m_rows.size()); }
int AccessLogModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant AccessLogModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid)) {
    return {};
  }
  const auto& r = m_rows[static_cast<size_t>(index.row())];
  switch (role) {
    case StatusRole: return r.status;
    case RuleIdRole: return q(r.ruleId());
    case FlagsRole: return q(r.flags);
    case SearchTextRole:
      return q(r.method + ' ' + r.authority + r.path + ' ' + std::to_string(r.status) + ' ' + r.flags + ' ' +
               r.ruleId() + ' ' + r.backend + ' ' + r.requestId);
    case Qt::TextAlignmentRole:
      return index.column() == StatusColumn || index.column() == DurationColumn
                 ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case Qt::DisplayRole: break;
    default: return {};
  }
  switch (index.column()) {
    case TimeColumn: {
      const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(r.time.time_since_epoch()).count();
      return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("HH:mm:ss.zzz"));
    }
    case StatusColumn: return r.status;
    case FlagsColumn: return q(r.flags);
    case MethodColumn: return q(r.method);
    case HostColumn: return q(r.authority);
    case PathColumn: return q(r.path);
    case RuleColumn: return q(r.ruleId());
    case BackendColumn: return q(r.backend);
    case DurationColumn: return QString::number(r.totalSeconds * 1000, 'f', 1);
    case RequestIdColumn: return q(r.requestId);
    default: return {};
  }
}

QVariant AccessLogModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
    return {};
  }
  static const char* const names[] = {"Time", "Status", "Flags", "Method", "Host", "Path", "Rule", "Backend", "ms", "Request id"};
  return section >= 0 && section < ColumnCount ? tr(names[section]) : QVariant();
}

}  // namespace routedeck::models
