#include "ui/main/main_window.h"

#include <QAction>
#include <QCloseEvent>
#include <QDockWidget>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QSettings>
#include <QListWidget>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTreeView>
#include <QVBoxLayout>

#include "ui/accesslog/access_log_panel.h"
#include "ui/changes/changes_panel.h"
#include "ui/charts/charts_panel.h"
#include "ui/cluster/cluster_apply_dialog.h"
#include "ui/cluster/cluster_metrics_view.h"
#include "ui/cluster/cluster_panel.h"
#include "ui/editors/policies_panel.h"
#include "ui/editors/rule_editor_panel.h"
#include "ui/graph/route_graph_view.h"
#include "ui/inspectors/inspector_panel.h"
#include "ui/inspectors/test_request_panel.h"
#include "ui/main/connections_sidebar.h"
#include "ui/traces/traces_panel.h"
#include "ui/widgets/banner.h"
#include "ui/widgets/vector_icons.h"

namespace routedeck::ui {

MainWindow::MainWindow(models::Workbench* workbench, QSettings* settings, QWidget* parent)
    : QMainWindow(parent), m_workbench(workbench), m_settings(settings) {
  setObjectName(QStringLiteral("MainWindow"));
  setDockOptions(AnimatedDocks | AllowTabbedDocks);
  auto* central = new QWidget(this);
  auto* layout = new QVBoxLayout(central);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(0);
  m_banner = new Banner(central);
  m_banner->hide();
  layout->addWidget(m_banner);
  layout->addWidget(makeGraphPanel(), 1);
  setCentralWidget(central);
  buildDocks();
  buildMenus();

  m_coreState = new QLabel(this);
  m_rates = new QLabel(this);
  m_pending = new QLabel(this);
  statusBar()->addWidget(m_coreState);
  statusBar()->addWidget(m_pending);
  statusBar()->addPermanentWidget(m_rates);

  connect(workbench, &models::Workbench::selectionChanged, this, &MainWindow::onSelection);
  connect(workbench, &models::Workbench::statusChanged, this, &MainWindow::updateStatus);
  connect(&workbench->document(), &models::WorkspaceDocument::dirtyChanged, this, &MainWindow::updateTitle);
  connect(&workbench->document(), &models::WorkspaceDocument::loaded, this, &MainWindow::updateTitle);
  connect(&workbench->engine(), &models::EngineController::remoteFailed, this,
          [this](const QString& address, const QString& message) {
            statusBar()->showMessage(tr("Could not connect to %1: %2").arg(address, message), 10000);
          });
  connect(&workbench->engine(), &models::EngineController::workspaceLoaded, this,
          [this](const QString& path, const models::ConfigConstPtr&, const QVector<models::Problem>&, bool valid) {
            onWorkspaceLoaded(path, valid);
          });
  connect(&workbench->engine(), &models::EngineController::failed, this,
          [this](const QString& message) { QMessageBox::critical(this, tr("RouteDeck"), message); });
  connect(&workbench->engine(), &models::EngineController::applyFailed, this,
          [this](const QString& message) {
            statusBar()->showMessage(tr("Not applied: %1 — see Problems").arg(message), 8000);
            showBottomPage(m_problems);
          });

  if (m_settings) {
    restoreGeometry(m_settings->value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(m_settings->value(QStringLiteral("window/state")).toByteArray());
  }
  rebuildRecentMenu();
  updateTitle();
  updateStatus();
  updatePending();
}

QWidget* MainWindow::makeGraphPanel() {
  auto* panel = new QWidget(this);
  auto* layout = new QVBoxLayout(panel);
  layout->setContentsMargins(4, 4, 4, 0);
  m_search = new QLineEdit(panel);
  m_search->setPlaceholderText(tr("Find a gateway, route, rule or backend (Ctrl+F)"));
  addClearButton(m_search);
  m_graph = new RouteGraphView(&m_workbench->graph(), panel);
  auto* legend = new QLabel(tr("Edges: configured weight · live req/s · colour = 5xx share "
                                "(<span style='color:#3aa65c'>■</span> &lt; 1 %, <span style='color:#e09b22'>■</span> &lt; 5 %, "
                                "<span style='color:#d93b3b'>■</span> ≥ 5 %) · width = traffic · dashed = idle. "
                                "Wheel or Ctrl +/− zooms, drag pans, F fits."),
                             panel);
  legend->setTextFormat(Qt::RichText);
  legend->setWordWrap(true);
  QFont small = legend->font();
  small.setPointSizeF(small.pointSizeF() * 0.9);
  legend->setFont(small);
  layout->addWidget(m_search);
  layout->addWidget(m_graph, 1);
  layout->addWidget(legend);
  connect(m_search, &QLineEdit::textChanged, this, [this](const QString& text) {
    const int hits = m_graph->search(text);
    if (!text.isEmpty()) {
      statusBar()->showMessage(tr("%n match(es)", nullptr, hits), 3000);
    }
  });
  connect(m_search, &QLineEdit::returnPressed, this, [this] {
    const auto hits = m_workbench->graph().search(m_search->text());
    if (!hits.isEmpty()) {
      m_workbench->select(hits.first());
    }
  });
  connect(m_graph, &RouteGraphView::nodeActivated, m_workbench, &models::Workbench::select);
  return panel;
}

void MainWindow::buildDocks() {
  auto* left = new QSplitter(Qt::Vertical, this);
  m_connections = new ConnectionsSidebar(m_workbench, left);
  restoreRemotes();
  m_tree = new QTreeView(left);
  m_tree->setModel(&m_workbench->routeTree());
  m_tree->setHeaderHidden(false);
  m_tree->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
  m_tree->setAccessibleName(tr("Route tree"));
  left->addWidget(m_connections);
  left->addWidget(m_tree);
  left->setStretchFactor(1, 3);
  connect(&m_workbench->routeTree(), &QAbstractItemModel::modelReset, m_tree, &QTreeView::expandAll);
  connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this, [this](const QModelIndex& idx) {
    if (!m_syncingSelection && idx.isValid()) {
      m_workbench->select(idx.data(models::RouteTreeModel::NodeIdRole).toString());
    }
  });
  auto* leftDock = new QDockWidget(tr("Connections & routes"), this);
  leftDock->setObjectName(QStringLiteral("routesDock"));
  leftDock->setWidget(left);
  addDockWidget(Qt::LeftDockWidgetArea, leftDock);
  m_cluster = new ClusterPanel(m_workbench, this);
  auto* clusterDock = new QDockWidget(tr("Clusters"), this);
  clusterDock->setObjectName(QStringLiteral("clustersDock"));
  clusterDock->setWidget(m_cluster);
  addDockWidget(Qt::LeftDockWidgetArea, clusterDock);
  tabifyDockWidget(leftDock, clusterDock);
  leftDock->raise();
  useVectorTitleIcons(clusterDock);
  connect(m_cluster, &ClusterPanel::applyRequested, this, &MainWindow::reviewClusterChanges);
  m_cluster->reloadContexts();

  m_inspector = new InspectorPanel(m_workbench, this);
  auto* rightDock = new QDockWidget(tr("Inspector"), this);
  rightDock->setObjectName(QStringLiteral("inspectorDock"));
  rightDock->setWidget(m_inspector);
  addDockWidget(Qt::RightDockWidgetArea, rightDock);

  m_bottom = new QTabWidget(this);
  m_charts = new ChartsPanel(m_workbench, m_settings, m_bottom);
  m_problems = new QTableView(m_bottom);
  m_problems->setModel(&m_workbench->problems());
  m_problems->horizontalHeader()->setStretchLastSection(true);
  m_problems->verticalHeader()->hide();
  m_rules = new RuleEditorPanel(&m_workbench->rules(), m_bottom);
  m_testRequest = new TestRequestPanel(m_workbench, m_bottom);
  m_accessLog = new AccessLogPanel(&m_workbench->accessLog(), m_bottom);
  m_traces = new TracesPanel(m_workbench, m_bottom);
  m_changes = new ChangesPanel(m_workbench, m_bottom);
  if (m_settings) {
    // Live apply is a preference of the person, not of the workspace.
    m_workbench->changes().setLiveApply(m_settings->value(QStringLiteral("changes/liveApply"), true).toBool());
  }
  connect(&m_workbench->changes(), &models::PendingChanges::liveApplyChanged, this, [this](bool on) {
    if (m_settings) {
      m_settings->setValue(QStringLiteral("changes/liveApply"), on);
    }
  });
  connect(m_changes, &ChangesPanel::stateChanged, this, &MainWindow::updatePending);
  connect(m_changes, &ChangesPanel::applyRefused, this, [this] {
    statusBar()->showMessage(tr("Not applied: the workspace has errors — see Problems"), 8000);
    showBottomPage(m_problems);
  });
  connect(m_accessLog, &AccessLogPanel::explainRequested, this, [this](const QString& line) {
    showBottomPage(m_testRequest);
    m_testRequest->prefill(line, QString());
  });
  m_bottom->addTab(m_charts, tr("Charts"));
  m_bottom->addTab(m_traces, tr("Traces"));
  m_bottom->addTab(m_accessLog, tr("Access log"));
  m_bottom->addTab(m_changes, m_changes->tabTitle());
  m_bottom->addTab(m_rules, tr("Match rules"));
  m_policies = new PoliciesPanel(&m_workbench->policies(), m_bottom);
  m_bottom->addTab(m_policies, tr("Policies"));
  auto* showPolicies = new QAction(tr("Policies of the selected rule"), this);
  showPolicies->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
  connect(showPolicies, &QAction::triggered, this, [this] {
    showBottomPage(m_policies);
    m_policies->groupList()->setFocus();
  });
  addAction(showPolicies);
  m_bottom->addTab(m_testRequest, tr("Test a request"));
  m_clusterMetrics = new ClusterMetricsView(m_workbench, m_settings, m_bottom);
  m_bottom->addTab(m_clusterMetrics, tr("Cluster metrics"));
  m_bottom->addTab(m_problems, tr("Problems (0)"));
  connect(&m_workbench->problems(), &models::ProblemsModel::countChanged, this,
          [this](int n) { m_bottom->setTabText(m_bottom->indexOf(m_problems), tr("Problems (%1)").arg(n)); });
  auto* bottomDock = new QDockWidget(tr("Live"), this);
  bottomDock->setObjectName(QStringLiteral("liveDock"));
  bottomDock->setWidget(m_bottom);
  addDockWidget(Qt::BottomDockWidgetArea, bottomDock);
  for (auto* dock : {leftDock, rightDock, bottomDock}) {
    useVectorTitleIcons(dock);  // sharp float/close buttons at any device pixel ratio
  }
  resizeDocks({leftDock, rightDock}, {240, 320}, Qt::Horizontal);
  resizeDocks({bottomDock}, {260}, Qt::Vertical);
}

void MainWindow::reviewClusterChanges() {
  if (!m_clusterApply) {
    m_clusterApply = new ClusterApplyDialog(m_workbench, this);
  }
  m_clusterApply->open();
  m_clusterApply->review();
}

void MainWindow::showBottomPage(QWidget* page) {
  if (auto* dock = findChild<QDockWidget*>(QStringLiteral("liveDock"))) {
    dock->show();
  }
  m_bottom->setCurrentWidget(page);
}

void MainWindow::onSelection(const QString& nodeId) {
  m_syncingSelection = true;
  const QModelIndex idx = m_workbench->routeTree().indexForId(nodeId);
  if (idx.isValid()) {
    m_tree->setCurrentIndex(idx);
  } else {
    m_tree->setCurrentIndex(QModelIndex());
  }
  m_graph->selectNode(nodeId);
  m_syncingSelection = false;
}

void MainWindow::showDemoBanner(double rps) {
  m_banner->setText(tr("<b>Demo workspace.</b> An embedded proxy serves <i>shop.example.com</i> with "
                       "in-process echo backends (shop-v1 fast, shop-v2 slower and flakier) and a traffic "
                       "generator at %1 req/s. Drag a slider in the inspector to shift the canary; Ctrl+Z "
                       "undoes. Open your own workspace with <b>File → Open workspace…</b> (Ctrl+O) or run "
                       "<tt>routedeck --workspace FILE</tt>.").arg(rps, 0, 'f', 0));
  m_banner->show();
}

void MainWindow::updateTitle() {
  auto& doc = m_workbench->document();
  setWindowTitle(QStringLiteral("%1%2 — RouteDeck").arg(doc.displayName(), doc.isDirty() ? QStringLiteral(" *") : QString()));
}

void MainWindow::updatePending() {
  m_bottom->setTabText(m_bottom->indexOf(m_changes), m_changes->tabTitle());
  const bool pending = m_workbench->changes().isPending();
  m_pending->setText(pending ? tr("● changes pending — Ctrl+Return applies") : QString());
  m_pending->setVisible(pending);
}

void MainWindow::restoreRemotes() {
  if (!m_settings) {
    return;
  }
  // "address" or "address|token file"; tokens themselves are never stored.
  for (const QString& entry : m_settings->value(QStringLiteral("connections/remotes")).toStringList()) {
    m_workbench->connections().addRemote(entry.section(QLatin1Char('|'), 0, 0), {},
                                         entry.section(QLatin1Char('|'), 1));
  }
  connect(m_connections, &ConnectionsSidebar::remoteAdded, this, [this](const QString& address, const QString& file) {
    QStringList saved = m_settings->value(QStringLiteral("connections/remotes")).toStringList();
    saved.removeIf([&](const QString& e) { return e.section(QLatin1Char('|'), 0, 0) == address; });
    saved.prepend(file.isEmpty() ? address : address + QLatin1Char('|') + file);
    m_settings->setValue(QStringLiteral("connections/remotes"), saved.mid(0, 10));
  });
}

void MainWindow::updateStatus() {
  auto& engine = m_workbench->engine();
  const auto traffic = engine.traffic();
  if (engine.isRemote()) {
    m_coreState->setText(tr("● routedeckd %1 · config v%2 · listening %3")
                             .arg(engine.remoteAddress())
                             .arg(engine.configVersion())
                             .arg(engine.listenAddress()));
  } else {
    m_coreState->setText(
        tr("● embedded core running · config v%1 · %2").arg(engine.configVersion()).arg(engine.listenAddress()));
  }
  const QString generator = traffic.running ? tr("generator %1 req/s").arg(traffic.rps, 0, 'f', 0)
                                            : tr("generator off");
  m_rates->setText(tr("%1 req/s through the proxy · %2 · %3 sent, %4 transport errors")
                       .arg(m_workbench->series().totalRps(), 0, 'f', 1)
                       .arg(generator)
                       .arg(traffic.sent)
                       .arg(traffic.transportErrors));
  m_trafficStart->setEnabled(!traffic.running && !engine.listenAddress().isEmpty());
  m_trafficStop->setEnabled(traffic.running);
}

void MainWindow::onWorkspaceLoaded(const QString& path, bool valid) {
  if (valid) {
    addRecentFile(path);
    m_banner->hide();
    statusBar()->showMessage(tr("Opened %1").arg(path), 5000);
    return;
  }
  QStringList lines;
  for (const auto& p : m_workbench->problems().problems()) {
    if (p.severity == models::Problem::Severity::Error && lines.size() < 12) {
      lines << QStringLiteral("%1: %2").arg(p.location(), p.message);
    }
  }
  showBottomPage(m_problems);
  // Window-modal but not blocking: the core keeps serving and charts keep moving.
  auto* box = new QMessageBox(QMessageBox::Warning, tr("Cannot open workspace"),
                              tr("%1 has %2 error(s); nothing was applied and the running routes stay.")
                                  .arg(path).arg(m_workbench->problems().errorCount()),
                              QMessageBox::Ok, this);
  box->setObjectName(QStringLiteral("openErrorBox"));
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->setDetailedText(lines.join(QLatin1Char('\n')));
  box->open();
}

void MainWindow::closeEvent(QCloseEvent* event) {
  if (m_settings) {
    m_settings->setValue(QStringLiteral("window/geometry"), saveGeometry());
    m_settings->setValue(QStringLiteral("window/state"), saveState());
  }
  QMainWindow::closeEvent(event);
}

}  // namespace routedeck::ui
