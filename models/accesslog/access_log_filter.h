#pragma once

#include <QSortFilterProxyModel>

namespace routedeck::models {

// Narrows the access log by status class (2 = 2xx … 5; 0 = any), rule id
// (empty = any) and free text (method, host, path, status, flags, rule,
// backend and request id; case-insensitive).
class AccessLogFilter final : public QSortFilterProxyModel {
  Q_OBJECT
 public:
  explicit AccessLogFilter(QObject* parent = nullptr);

  void setStatusClass(int statusClass);
  void setRule(const QString& ruleId);
  void setText(const QString& text);
  int statusClass() const { return m_statusClass; }

 protected:
  bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

 private:
  int m_statusClass = 0;
  QString m_rule;
  QString m_text;
};

}  // namespace routedeck::models
