#pragma once

#include <QWidget>

#include "models/accesslog/access_log_filter.h"
#include "models/accesslog/access_log_model.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace routedeck::ui {

// The live access log: status class, rule and text filters over a
// virtualized table, pause and follow, and "Explain this request" for a
// request no rule took (flag NR).
class AccessLogPanel : public QWidget {
  Q_OBJECT
 public:
  explicit AccessLogPanel(models::AccessLogModel* model, QWidget* parent = nullptr);

  QTableView* table() const { return m_table; }
  models::AccessLogFilter* filter() { return &m_filter; }
  QComboBox* statusBox() const { return m_status; }
  QComboBox* ruleBox() const { return m_rule; }
  QLineEdit* textEdit() const { return m_text; }
  QPushButton* pauseButton() const { return m_pause; }
  QCheckBox* followBox() const { return m_follow; }
  QPushButton* explainButton() const { return m_explain; }

 signals:
  void explainRequested(const QString& requestLine);

 private:
  int currentSourceRow() const;
  void refreshActions();
  void refreshCount();
  void refreshRules(const QStringList& rules);

  models::AccessLogModel* m_model;
  models::AccessLogFilter m_filter;
  QComboBox* m_status;
  QComboBox* m_rule;
  QLineEdit* m_text;
  QPushButton* m_pause;
  QCheckBox* m_follow;
  QPushButton* m_explain;
  QLabel* m_count;
  QTableView* m_table;
};

}  // namespace routedeck::ui
