#pragma once

#include <QWidget>

#include "models/workbench.h"

class QAction;
class QCheckBox;
class QLabel;
class QListView;
class QToolButton;

namespace routedeck::ui {

// The "Changes" tab: pending edits as a unified YAML diff in the
// workspace's dialect (added lines green, removed red, monospace), with
// Apply (Ctrl+Return), Discard and the "Live apply sliders & faults"
// toggle. Its actions are also the main window's menu and toolbar entries.
class ChangesPanel : public QWidget {
  Q_OBJECT
 public:
  explicit ChangesPanel(models::Workbench* workbench, QWidget* parent = nullptr);

  QAction* applyAction() const { return m_apply; }
  QAction* discardAction() const { return m_discard; }
  QCheckBox* liveToggle() const { return m_live; }
  QListView* diffView() const { return m_view; }
  QLabel* summary() const { return m_summary; }
  // "Changes (N)": N hunks of the diff.
  QString tabTitle() const;

 signals:
  // Apply was refused: the document has validation errors (in Problems).
  void applyRefused();
  void stateChanged();

 private:
  void update();

  models::Workbench* m_workbench;
  QAction* m_apply;
  QAction* m_discard;
  QCheckBox* m_live;
  QLabel* m_summary;
  QListView* m_view;
};

}  // namespace routedeck::ui
