#include "models/accesslog/access_log_filter.h"

#include "models/accesslog/access_log_model.h"

namespace routedeck::models {

AccessLogFilter::AccessLogFilter(QObject* parent) : QSortFilterProxyModel(parent) {}

void AccessLogFilter::setStatusClass(int statusClass) {
  m_statusClass = statusClass;
  invalidateRowsFilter();
}

void AccessLogFilter::setRule(const QString& ruleId) {
  m_rule = ruleId;
  invalidateRowsFilter();
}

void AccessLogFilter::setText(const QString& text) {
  m_text = text.trimmed();
  invalidateRowsFilter();
}

bool AccessLogFilter::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const {
  const QModelIndex i = sourceModel()->index(sourceRow, 0, sourceParent);
  if (m_statusClass != 0 && i.data(AccessLogModel::StatusRole).toInt() / 100 != m_statusClass) {
    return false;
  }
  if (!m_rule.isEmpty() && i.data(AccessLogModel::RuleIdRole).toString() != m_rule) {
    return false;
  }
  return m_text.isEmpty() || i.data(AccessLogModel::SearchTextRole).toString().contains(m_text, Qt::CaseInsensitive);
}

}  // namespace routedeck::models
