#pragma once

#include <QWidget>

#include "models/traces/trace_filter.h"
#include "models/workbench.h"

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QSpinBox;
class QTableView;

namespace routedeck::ui {

// The selected rule's sampled traces (left, filterable by status class and
// minimum latency), the picked trace as a waterfall (right) and the picked
// span's attributes and events (below it). Follows the workbench's
// selection through its trace models; holds no logic of its own.
class TracesPanel : public QWidget {
  Q_OBJECT
 public:
  explicit TracesPanel(models::Workbench* workbench, QWidget* parent = nullptr);

  QTableView* traceTable() const { return m_list; }
  QTableView* waterfall() const { return m_waterfall; }
  QPlainTextEdit* details() const { return m_details; }
  QComboBox* statusBox() const { return m_status; }
  QSpinBox* minLatency() const { return m_minMs; }
  models::TraceFilter* filter() { return &m_filter; }

 private:
  void showTrace(const QModelIndex& current);
  void showSpan(const QModelIndex& current);
  void refreshHeading();

  models::Workbench* m_workbench;
  models::TraceFilter m_filter;
  QLabel* m_heading;
  QComboBox* m_status;
  QSpinBox* m_minMs;
  QTableView* m_list;
  QTableView* m_waterfall;
  QPlainTextEdit* m_details;
  bool m_followTop = true;
};

}  // namespace routedeck::ui
