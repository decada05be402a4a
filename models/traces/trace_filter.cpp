#include "models/traces/trace_filter.h"

#include "models/traces/trace_list_model.h"

namespace routedeck::models {

TraceFilter::TraceFilter(QObject* parent) : QSortFilterProxyModel(parent) {}

void TraceFilter::setStatusClass(int statusClass) {
  m_statusClass = statusClass;
  invalidateRowsFilter();
}

void TraceFilter::setMinDurationMs(double ms) {
  m_minMs = ms;
  invalidateRowsFilter();
}

bool TraceFilter::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const {
  const QModelIndex i = sourceModel()->index(sourceRow, 0, sourceParent);
  if (m_statusClass != 0 && i.data(TraceListModel::StatusRole).toInt() / 100 != m_statusClass) {
    return false;
  }
  return i.data(TraceListModel::DurationMsRole).toDouble() >= m_minMs;
}

}  // namespace routedeck::models
