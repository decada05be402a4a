#pragma once

#include <QWidget>

#include "models/workbench.h"

class QLabel;

namespace routedeck::ui {

class CanaryPanel;
class FaultPanel;

// The right-hand inspector: what is selected and, for a rule, its traffic split.
class InspectorPanel : public QWidget {
  Q_OBJECT
 public:
  explicit InspectorPanel(models::Workbench* workbench, QWidget* parent = nullptr);
  CanaryPanel* canaryPanel() const { return m_canary; }
  FaultPanel* faultPanel() const { return m_faults; }

 private:
  void showSelection(const QString& nodeId);

  models::Workbench* m_workbench;
  QLabel* m_title;
  QLabel* m_detail;
  QLabel* m_splitHeading;
  CanaryPanel* m_canary;
  QLabel* m_faultHeading;
  FaultPanel* m_faults;
};

}  // namespace routedeck::ui
