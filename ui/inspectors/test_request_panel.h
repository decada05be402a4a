#pragma once

#include <QWidget>

#include "models/workbench.h"

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTableView;

namespace routedeck::ui {

// "Test a request": a request line plus optional headers, run through the
// core's explainer; every candidate rule in precedence order with why it
// failed, the winner in bold, and the nearest match for a 404.
class TestRequestPanel : public QWidget {
  Q_OBJECT
 public:
  explicit TestRequestPanel(models::Workbench* workbench, QWidget* parent = nullptr);

  // Fills the form (e.g. from an access-log line) and explains it.
  void prefill(const QString& requestLine, const QString& headers);
  void focusRequest();

  QLineEdit* requestEdit() const { return m_request; }
  QPlainTextEdit* headersEdit() const { return m_headers; }
  QPushButton* explainButton() const { return m_run; }
  QTableView* table() const { return m_table; }
  QLabel* summary() const { return m_summary; }
  QLabel* hint() const { return m_hint; }

 private:
  void run();
  void showResult();

  models::Workbench* m_workbench;
  QLineEdit* m_request;
  QPlainTextEdit* m_headers;
  QPushButton* m_run;
  QLabel* m_summary;
  QLabel* m_hint;
  QTableView* m_table;
};

}  // namespace routedeck::ui
