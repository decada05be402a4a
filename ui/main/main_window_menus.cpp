// Menus and actions of the main window (kept apart from the layout code).
#include <QAction>
#include <QDockWidget>
#include <QMenu>
#include <QApplication>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QKeySequence>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QToolBar>

#include "models/document/export.h"
#include "models/document/save_workspace.h"
#include "ui/charts/charts_panel.h"
#include "ui/changes/changes_panel.h"
#include "ui/main/export_dialog.h"
#include "ui/graph/route_graph_view.h"
#include "ui/inspectors/test_request_panel.h"
#include "ui/main/connections_sidebar.h"
#include "ui/main/main_window.h"
#include "ui/widgets/banner.h"

namespace routedeck::ui {

namespace {
constexpr int kMaxRecent = 8;
constexpr double kDefaultTrafficRps = 60;
}  // namespace

void MainWindow::buildMenus() {
  auto* file = menuBar()->addMenu(tr("&File"));
  auto* open = file->addAction(tr("&Open workspace…"), this, &MainWindow::openWorkspaceDialog);
  open->setShortcut(QKeySequence::Open);
  m_recent = file->addMenu(tr("Open &recent"));
  file->addSeparator();
  m_saveWorkspace = file->addAction(tr("&Save workspace"), this, &MainWindow::saveWorkspace);
  m_saveWorkspace->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_S));
  m_saveWorkspace->setObjectName(QStringLiteral("saveWorkspace"));
  m_saveWorkspaceAs = file->addAction(tr("Save workspace &as…"), this, &MainWindow::saveWorkspaceAsDialog);
  m_saveWorkspaceAs->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
  m_saveWorkspaceAs->setObjectName(QStringLiteral("saveWorkspaceAs"));
  m_export = file->addAction(tr("&Export routes as…"), this, &MainWindow::exportDialog);
  m_export->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
  m_export->setObjectName(QStringLiteral("exportRoutes"));
  file->addSeparator();
  auto* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
  quit->setShortcut(QKeySequence::Quit);

  auto* edit = menuBar()->addMenu(tr("&Edit"));
  auto* stack = m_workbench->document().undoStack();
  m_undo = stack->createUndoAction(this, tr("&Undo"));
  m_undo->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Z));
  m_redo = stack->createRedoAction(this, tr("&Redo"));
  m_redo->setShortcuts({QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence(Qt::CTRL | Qt::Key_Y)});
  edit->addAction(m_undo);
  edit->addAction(m_redo);
  edit->addSeparator();
  edit->addAction(m_changes->applyAction());
  edit->addAction(m_changes->discardAction());
  auto* live = edit->addAction(tr("&Live apply sliders && faults"));
  live->setCheckable(true);
  live->setChecked(m_workbench->changes().liveApply());
  connect(live, &QAction::toggled, &m_workbench->changes(), &models::PendingChanges::setLiveApply);
  connect(&m_workbench->changes(), &models::PendingChanges::liveApplyChanged, live, &QAction::setChecked);
  edit->addSeparator();
  auto* find = edit->addAction(tr("&Find in graph"), this, [this] {
    m_search->setFocus();
    m_search->selectAll();
  });
  find->setShortcut(QKeySequence::Find);

  auto* view = menuBar()->addMenu(tr("&View"));
  auto* fit = view->addAction(tr("&Fit graph"), m_graph, &RouteGraphView::fit);
  fit->setShortcut(QKeySequence(Qt::Key_F));
  fit->setShortcutContext(Qt::WidgetWithChildrenShortcut);
  m_graph->addAction(fit);
  auto* zoomIn = view->addAction(tr("Zoom &in"), m_graph, [this] { m_graph->zoomBy(1.2); });
  zoomIn->setShortcuts({QKeySequence::ZoomIn, QKeySequence(Qt::CTRL | Qt::Key_Equal)});
  auto* zoomOut = view->addAction(tr("Zoom &out"), m_graph, [this] { m_graph->zoomBy(1 / 1.2); });
  zoomOut->setShortcut(QKeySequence::ZoomOut);
  view->addSeparator();
  for (auto* dock : findChildren<QDockWidget*>()) {
    view->addAction(dock->toggleViewAction());
  }
  view->addAction(tr("Show &demo banner"), this, [this] { m_banner->show(); });
  view->addMenu(m_charts->menu());

  auto* traffic = menuBar()->addMenu(tr("&Traffic"));
  m_trafficStart = traffic->addAction(tr("&Start generator (%1 req/s)").arg(kDefaultTrafficRps), this,
                                      [this] { m_workbench->engine().startTraffic(kDefaultTrafficRps); });
  m_trafficStart->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_G));
  m_trafficStop = traffic->addAction(tr("S&top generator"), this, [this] { m_workbench->engine().stopTraffic(); });
  m_trafficStop->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_G));
  traffic->addSeparator();
  m_stopFaults = traffic->addAction(tr("Stop all &faults"), this, [this] { m_workbench->faults().stopAll(); });
  m_stopFaults->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));
  m_stopFaults->setObjectName(QStringLiteral("stopAllFaults"));
  m_stopFaults->setEnabled(m_workbench->faults().activeCount() > 0);
  connect(&m_workbench->faults(), &models::FaultModel::activeChanged, m_stopFaults,
          [this](int n) { m_stopFaults->setEnabled(n > 0); });
  m_testRequestAction = traffic->addAction(tr("&Test a request…"), this, [this] {
    showBottomPage(m_testRequest);
    m_testRequest->focusRequest();
  });
  m_testRequestAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
  auto* toolbar = addToolBar(tr("Actions"));
  toolbar->setObjectName(QStringLiteral("actionsToolbar"));
  toolbar->addAction(m_undo);
  toolbar->addAction(m_redo);
  toolbar->addAction(m_changes->applyAction());
  toolbar->addSeparator();
  toolbar->addAction(m_testRequestAction);
  toolbar->addAction(m_stopFaults);

  auto* connection = menuBar()->addMenu(tr("&Connection"));
  connection->addAction(tr("Add &remote routedeckd…"), m_connections, &ConnectionsSidebar::promptAddRemote);
  connection->addAction(tr("Show the &embedded core"), m_workbench, [this] { m_workbench->activateConnection(0); });

  auto* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(tr("&Keyboard shortcuts"), this, [this] {
    QMessageBox::information(this, tr("Keyboard shortcuts"),
                             tr("Ctrl+O  open workspace\nCtrl+S / Ctrl+Shift+S  save workspace / save as\n"
                                "Ctrl+E  export routes (any dialect)\nCtrl+Z  undo\nCtrl+Return  apply pending changes\n"
                                "Ctrl+Shift+F  stop all faults\nCtrl+T  test a request\n"
                                "Ctrl+Shift+Z  redo\nCtrl+F  find in graph\nF  fit graph (graph focused)\n"
                                "Ctrl++ / Ctrl+-  zoom\nCtrl+G / Ctrl+Shift+G  start / stop traffic\n"
                                "Ctrl+Shift+P  pause / resume charts\nCtrl+Shift+R  reset chart zoom\nCtrl+Shift+O  policies\n"
                                "Ctrl+Shift+E / Ctrl+Shift+X  export charts as PNG / series as CSV\nCtrl+Q  quit"));
  });
  help->addAction(tr("&About RouteDeck"), this, [this] {
    QMessageBox::about(this, tr("About RouteDeck"),
                       tr("RouteDeck — a control room for gateway routes (Gateway API, Istio, App Mesh)."));
  });
}

void MainWindow::openWorkspaceDialog() {
  const QString dir = m_settings ? m_settings->value(QStringLiteral("lastDir")).toString() : QString();
  const QString path = QFileDialog::getOpenFileName(this, tr("Open workspace or route files"), dir,
                                                    tr("YAML (*.yaml *.yml *.json);;All files (*)"));
  if (path.isEmpty()) {
    return;
  }
  if (m_settings) {
    m_settings->setValue(QStringLiteral("lastDir"), QFileInfo(path).absolutePath());
  }
  statusBar()->showMessage(tr("Loading %1…").arg(path));
  m_workbench->engine().openWorkspace(path);
}

void MainWindow::exportDialog() {
  auto& doc = m_workbench->document();
  const QString dir = doc.isDemo() || doc.path().isEmpty()
                          ? (m_settings ? m_settings->value(QStringLiteral("lastDir")).toString() : QString())
                          : QFileInfo(doc.path()).absolutePath();
  const QString suggested = dir.isEmpty() ? QString() : dir + QStringLiteral("/routes-export.yaml");
  // Window-modal but not blocking: the core keeps serving while one reads the report.
  auto* dialog = new ExportDialog(doc.config(), suggested, this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  connect(dialog, &QDialog::accepted, this, [this, dialog] {
    if (dialog->target() == models::ExportTarget::Native) {
      m_workbench->document().undoStack()->setClean();
    }
    if (m_settings) {
      m_settings->setValue(QStringLiteral("lastDir"), QFileInfo(dialog->path()).absolutePath());
    }
    statusBar()->showMessage(tr("Saved %1 (%2)").arg(dialog->path(), dialog->targetBox()->currentText()), 5000);
  });
  dialog->open();
}

void MainWindow::saveWorkspace() {
  const QString file = m_workbench->document().workspaceFile();
  if (file.isEmpty()) {
    saveWorkspaceAsDialog();
  } else {
    saveWorkspaceTo(file);
  }
}

void MainWindow::saveWorkspaceAsDialog() {
  auto& doc = m_workbench->document();
  QString suggested = doc.workspaceFile();
  if (suggested.isEmpty()) {
    const QString dir = doc.isDemo() || doc.path().isEmpty()
                            ? (m_settings ? m_settings->value(QStringLiteral("lastDir")).toString() : QString())
                            : QFileInfo(doc.path()).absolutePath();
    suggested = dir.isEmpty() ? QString() : dir + QStringLiteral("/workspace.yaml");
  }
  // QFileDialog asks before replacing an existing file.
  const QString path = QFileDialog::getSaveFileName(this, tr("Save workspace as"), suggested,
                                                    tr("YAML (*.yaml *.yml);;All files (*)"));
  if (!path.isEmpty()) {
    saveWorkspaceTo(path);
  }
}

bool MainWindow::saveWorkspaceTo(const QString& path) {
  auto& doc = m_workbench->document();
  QVector<models::RuleRef> timed;
  for (const auto& rule : doc.faultedRules()) {
    if (m_workbench->faults().remainingMs(rule) >= 0) {
      timed << rule;
    }
  }
  const auto file = models::workspaceFile(doc.config(), timed, QFileInfo(path).completeBaseName());
  if (!file.lost.isEmpty()) {
    m_lastSaveError = tr("Not saved: %1 would not read back as it is now:\n%2\nExport the routes instead "
                         "(File → Export routes as…).")
                          .arg(path, file.lost.join(QLatin1Char('\n')));
  } else {
    m_lastSaveError = models::writeFileAtomically(path, file.yaml);
  }
  if (!m_lastSaveError.isEmpty()) {
    statusBar()->showMessage(m_lastSaveError.section(QLatin1Char('\n'), 0, 0), 10000);
    // Window-modal but not blocking, like the open error.
    auto* box = new QMessageBox(QMessageBox::Critical, tr("Save failed"), m_lastSaveError, QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("saveErrorBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
    return false;
  }
  doc.markWorkspaceSaved(path);
  if (m_settings) {
    m_settings->setValue(QStringLiteral("lastDir"), QFileInfo(path).absolutePath());
  }
  addRecentFile(path);
  updateTitle();
  statusBar()->showMessage(tr("Saved the workspace to %1").arg(path), 5000);
  return true;
}

void MainWindow::addRecentFile(const QString& path) {
  if (!m_settings) {
    return;
  }
  QStringList recent = m_settings->value(QStringLiteral("recentFiles")).toStringList();
  recent.removeAll(path);
  recent.prepend(path);
  while (recent.size() > kMaxRecent) {
    recent.removeLast();
  }
  m_settings->setValue(QStringLiteral("recentFiles"), recent);
  rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu() {
  m_recent->clear();
  const QStringList recent = m_settings ? m_settings->value(QStringLiteral("recentFiles")).toStringList() : QStringList();
  for (const auto& path : recent) {
    m_recent->addAction(path, this, [this, path] { m_workbench->engine().openWorkspace(path); });
  }
  m_recent->setEnabled(!recent.isEmpty());
}

}  // namespace routedeck::ui
