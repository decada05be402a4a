#pragma once

#include <QWidget>

#include "models/workbench.h"

class QLabel;

namespace routedeck::ui {

class CanaryPanel;

// The right-hand inspector: what is selected and, for a rule, its traffic split.
class InspectorPanel : public QWidget {
  Q_OBJECT
 public:
  explicit InspectorPanel(models::Workbench* workbench, QWidget* parent = nullptr);
  CanaryPanel* canaryPanel() const { return m_canary; }

 private:
  void showSelection(const QString& nodeId);

  models::Workbench* m_workbench;
  QLabel* m_title;
  QLabel* m_detail;
  QLabel* m_splitHeading;
  CanaryPanel* m_canary;
};

}  // namespace routedeck::ui
