#pragma once

#include <QMainWindow>

#include "models/workbench.h"

class QAction;
class QLabel;
class QLineEdit;
class QMenu;
class QSettings;
class QTabWidget;
class QTableView;
class QTreeView;

namespace routedeck::ui {

class AccessLogPanel;
class Banner;
class ChangesPanel;
class ClusterApplyDialog;
class ClusterMetricsView;
class ClusterPanel;
class ChartsPanel;
class ConnectionsSidebar;
class InspectorPanel;
class PoliciesPanel;
class RouteGraphView;
class RuleEditorPanel;
class TestRequestPanel;
class TracesPanel;

// The control room: connections and route tree (left), route graph
// (centre), inspector with the canary panel (right), charts, pending
// changes and problems (bottom). Reads the workbench's models and forwards user intent; holds
// no routing logic. Settings are injected, not global.
class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  MainWindow(models::Workbench* workbench, QSettings* settings, QWidget* parent = nullptr);

  models::Workbench* workbench() const { return m_workbench; }
  RouteGraphView* graphView() const { return m_graph; }
  InspectorPanel* inspector() const { return m_inspector; }
  ChartsPanel* charts() const { return m_charts; }
  QTreeView* routeTree() const { return m_tree; }
  Banner* banner() const { return m_banner; }
  ConnectionsSidebar* connections() const { return m_connections; }
  QTabWidget* bottomTabs() const { return m_bottom; }
  RuleEditorPanel* ruleEditor() const { return m_rules; }
  PoliciesPanel* policies() const { return m_policies; }
  TestRequestPanel* testRequest() const { return m_testRequest; }
  AccessLogPanel* accessLog() const { return m_accessLog; }
  TracesPanel* traces() const { return m_traces; }
  ChangesPanel* changes() const { return m_changes; }
  // Journey 6: kube contexts, the cluster's objects, run locally, apply back.
  ClusterPanel* clusterPanel() const { return m_cluster; }
  // The review-and-apply dialog last opened (null before the first).
  ClusterApplyDialog* clusterApplyDialog() const { return m_clusterApply; }
  ClusterMetricsView* clusterMetrics() const { return m_clusterMetrics; }
  void reviewClusterChanges();
  QAction* exportAction() const { return m_export; }
  QAction* saveWorkspaceAction() const { return m_saveWorkspace; }
  QAction* saveWorkspaceAsAction() const { return m_saveWorkspaceAs; }
  // Writes the whole workspace to `path` (no overwrite question: the file
  // dialog asked). False, with the reason in lastSaveError() and a
  // message box, when it cannot be written or would not read back whole.
  bool saveWorkspaceTo(const QString& path);
  QString lastSaveError() const { return m_lastSaveError; }
  QAction* testRequestAction() const { return m_testRequestAction; }
  // Brings the bottom dock's tab holding `page` to the front.
  void showBottomPage(QWidget* page);
  QAction* undoAction() const { return m_undo; }
  QAction* redoAction() const { return m_redo; }
  QAction* stopFaultsAction() const { return m_stopFaults; }

  void showDemoBanner(double rps);
  void addRecentFile(const QString& path);

 protected:
  void closeEvent(QCloseEvent* event) override;

 private:
  void buildMenus();
  void buildDocks();
  void openWorkspaceDialog();
  void exportDialog();
  void saveWorkspace();
  void saveWorkspaceAsDialog();
  void rebuildRecentMenu();
  void updateStatus();
  void restoreRemotes();
  void updateTitle();
  void updatePending();
  void onSelection(const QString& nodeId);
  void onWorkspaceLoaded(const QString& path, bool valid);
  QWidget* makeGraphPanel();

  models::Workbench* m_workbench;
  QSettings* m_settings;
  RouteGraphView* m_graph = nullptr;
  QLineEdit* m_search = nullptr;
  InspectorPanel* m_inspector = nullptr;
  ChartsPanel* m_charts = nullptr;
  ConnectionsSidebar* m_connections = nullptr;
  QTreeView* m_tree = nullptr;
  QTableView* m_problems = nullptr;
  RuleEditorPanel* m_rules = nullptr;
  PoliciesPanel* m_policies = nullptr;
  TestRequestPanel* m_testRequest = nullptr;
  AccessLogPanel* m_accessLog = nullptr;
  TracesPanel* m_traces = nullptr;
  ChangesPanel* m_changes = nullptr;
  ClusterPanel* m_cluster = nullptr;
  ClusterApplyDialog* m_clusterApply = nullptr;
  ClusterMetricsView* m_clusterMetrics = nullptr;
  QAction* m_export = nullptr;
  QAction* m_saveWorkspace = nullptr;
  QAction* m_saveWorkspaceAs = nullptr;
  QString m_lastSaveError;
  QLabel* m_pending = nullptr;
  QAction* m_testRequestAction = nullptr;
  QTabWidget* m_bottom = nullptr;
  Banner* m_banner = nullptr;
  QMenu* m_recent = nullptr;
  QAction* m_undo = nullptr;
  QAction* m_redo = nullptr;
  QAction* m_trafficStart = nullptr;
  QAction* m_trafficStop = nullptr;
  QAction* m_stopFaults = nullptr;
  QLabel* m_coreState = nullptr;
  QLabel* m_rates = nullptr;
  bool m_syncingSelection = false;
};

}  // namespace routedeck::ui
