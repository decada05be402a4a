#include "models/traces/trace_list_model.h"

#include <QDateTime>
#include <QThread>

namespace routedeck::models {

TraceListModel::TraceListModel(QObject* parent, int capacity)
    : QAbstractTableModel(parent), m_capacity(qMax(1, capacity)) {}

void TraceListModel::setRule(const QString& ruleId) {
  Q_ASSERT(QThread::currentThread() == thread());
  if (ruleId == m_rule) {
    return;
  }
  beginResetModel();
  m_rule = ruleId;
  ++m_generation;
  m_rows.clear();
  endResetModel();
  emit followRequested(m_rule, m_generation);
}

void TraceListModel::append(quint64 generation, const TraceBatchConstPtr& batch) {
  Q_ASSERT(QThread::currentThread() == thread());
  if (generation != m_generation || !batch || batch->empty()) {
    return;
  }
  std::deque<Row> fresh;  // newest first, like the rows
  for (const auto& t : *batch) {
    if (t) {
      fresh.push_front({t, summarize(*t), QString::fromStdString(t->traceIdHex())});
    }
  }
  while (fresh.size() > static_cast<size_t>(m_capacity)) {
    fresh.pop_back();
  }
  if (fresh.empty()) {
    return;
  }
  const int overflow = static_cast<int>(m_rows.size() + fresh.size()) - m_capacity;
  if (overflow > 0) {
    const int first = static_cast<int>(m_rows.size()) - overflow;
    beginRemoveRows({}, first, static_cast<int>(m_rows.size()) - 1);
    m_rows.erase(m_rows.end() - overflow, m_rows.end());
    endRemoveRows();
  }
  beginInsertRows({}, 0, static_cast<int>(fresh.size()) - 1);
  m_rows.insert(m_rows.begin(), std::make_move_iterator(fresh.begin()), std::make_move_iterator(fresh.end()));
  endInsertRows();
}

TraceConstPtr TraceListModel::trace(int row) const {
  return row >= 0 && row < rowCount() ? m_rows[static_cast<size_t>(row)].trace : nullptr;
}

int TraceListModel::rowOf(const QString& traceIdHex) const {
  for (size_t i = 0; i < m_rows.size(); ++i) {
    if (m_rows[i].traceId.compare(traceIdHex, Qt::CaseInsensitive) == 0) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

int TraceListModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(m_rows.size()); }
int TraceListModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant TraceListModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid)) {
    return {};
  }
  const Row& r = m_rows[static_cast<size_t>(index.row())];
  const double ms = r.trace->durationSeconds * 1000;
  switch (role) {
    case StatusRole: return r.trace->status;
    case DurationMsRole: return ms;
    case FlagsRole: return r.summary.flags;
    case TraceIdRole: return r.traceId;
    case Qt::TextAlignmentRole:
      return index.column() != FlagsColumn && index.column() != TraceIdColumn && index.column() != TimeColumn
                 ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case Qt::DisplayRole: break;
    default: return {};
  }
  switch (index.column()) {
    case TimeColumn:
      return QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(r.trace->startUnixNanos / 1000000))
          .toString(QStringLiteral("HH:mm:ss.zzz"));
    case StatusColumn: return r.trace->status;
    case DurationColumn: return QString::number(ms, 'f', 1);
    case AttemptsColumn: return r.summary.attempts;
    case SpansColumn: return r.summary.spans;
    case FlagsColumn: return r.summary.flags.join(QLatin1Char(','));
    case TraceIdColumn: return r.traceId;
    default: return {};
  }
}

QVariant TraceListModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
    return {};
  }
  static const char* const names[] = {"Time", "Status", "ms", "Attempts", "Spans", "Flags", "Trace id"};
  return section >= 0 && section < ColumnCount ? tr(names[section]) : QVariant();
}

}  // namespace routedeck::models
