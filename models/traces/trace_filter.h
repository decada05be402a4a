#pragma once

#include <QSortFilterProxyModel>

namespace routedeck::models {

// Narrows a TraceListModel by status class (2 = 2xx … 5; 0 = any) and a
// minimum duration in milliseconds (0 = any).
class TraceFilter final : public QSortFilterProxyModel {
  Q_OBJECT
 public:
  explicit TraceFilter(QObject* parent = nullptr);

  void setStatusClass(int statusClass);
  void setMinDurationMs(double ms);
  int statusClass() const { return m_statusClass; }
  double minDurationMs() const { return m_minMs; }

 protected:
  bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

 private:
  int m_statusClass = 0;
  double m_minMs = 0;
};

}  // namespace routedeck::models
