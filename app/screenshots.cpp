#include "app/screenshots.h"

#include <QApplication>
#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QLabel>
#include <QPixmap>
#include <QTabWidget>
#include <QTextStream>
#include <QTreeView>
#include <functional>

#include "models/routes/route_tree_model.h"
#include "models/workbench.h"
#include "ui/accesslog/access_log_panel.h"
#include "ui/changes/changes_panel.h"
#include "ui/charts/charts_panel.h"
#include "ui/editors/policies_panel.h"
#include "ui/editors/rule_editor_panel.h"
#include "ui/graph/route_graph_view.h"
#include "ui/inspectors/inspector_panel.h"
#include "ui/inspectors/test_request_panel.h"
#include "ui/main/main_window.h"
#include "ui/traces/traces_panel.h"
#include "ui/widgets/theme.h"

namespace routedeck::app {

namespace {

// A view and how to bring it to the front with something worth seeing.
struct Shot {
  QString name;
  QWidget* view;
  std::function<void()> prepare;
  std::function<bool()> ready = {};  // work the view waits for (off the UI thread)
};

QList<Shot> shots(ui::MainWindow& window) {
  auto front = [&window](QWidget* page) { return [&window, page] { window.showBottomPage(page); }; };
  return {
      {QStringLiteral("main-window.png"), &window, front(window.charts())},
      {QStringLiteral("route-graph.png"), window.graphView(), {}},
      {QStringLiteral("canary-inspector.png"), window.inspector(), {}},
      {QStringLiteral("charts.png"), window.charts(), front(window.charts())},
      {QStringLiteral("match-rules.png"), window.ruleEditor(), front(window.ruleEditor())},
      {QStringLiteral("test-request.png"), window.testRequest(),
       [&window] {
         window.showBottomPage(window.testRequest());
         window.testRequest()->prefill(QStringLiteral("GET http://shop.example.com/ratingz/7"), QString());
       },
       [&window] { return !window.testRequest()->summary()->text().isEmpty(); }},
      {QStringLiteral("access-log.png"), window.accessLog(), front(window.accessLog())},
      {QStringLiteral("traces.png"), window.traces(), front(window.traces())},
      // Before policies (which selects another route): it leaves a pending rule edit behind.
      {QStringLiteral("changes.png"), window.changes(),
       [&window] {
         models::MatchDraft beta;
         beta.pathValue = QStringLiteral("/api");
         beta.headerName = QStringLiteral("x-user");
         beta.headerValue = QStringLiteral("beta");
         window.workbench()->rules().addRule(beta, QStringLiteral("shop-v2:8080"));
         window.workbench()->changesDiff().refresh();
         window.showBottomPage(window.changes());
       }},
      // Last: it selects the ratings rule, whose 2 s timeout the demo sets.
      {QStringLiteral("policies.png"), window.policies(),
       [&window] {
         if (auto* tree = qobject_cast<models::RouteTreeModel*>(window.routeTree()->model())) {
           window.routeTree()->setCurrentIndex(tree->indexForId(QStringLiteral("ru:HTTPRoute/demo/ratings#0")));
         }
         window.showBottomPage(window.policies());
       }},
  };
}

}  // namespace

QStringList screenshotNames() {
  return {QStringLiteral("main-window.png"),  QStringLiteral("route-graph.png"),  QStringLiteral("canary-inspector.png"),
          QStringLiteral("charts.png"),       QStringLiteral("match-rules.png"),  QStringLiteral("test-request.png"),
          QStringLiteral("access-log.png"), QStringLiteral("traces.png"),     QStringLiteral("changes.png"),
          QStringLiteral("policies.png")};
}

namespace {

bool renderAll(ui::MainWindow& window, const QString& dir) {
  if (!QDir().mkpath(dir)) {
    return false;
  }
  bool ok = true;
  for (const auto& shot : shots(window)) {
    if (shot.prepare) {
      shot.prepare();
    }
    if (shot.ready) {
      QDeadlineTimer deadline(5000);
      while (!shot.ready() && !deadline.hasExpired()) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
      }
    }
    const QString path = QDir(dir).filePath(shot.name);
    if (!shot.view->grab().save(path, "PNG")) {
      QTextStream(stderr) << "routedeck: cannot write " << path << "\n";
      ok = false;
    }
  }
  return ok;
}

}  // namespace

bool renderScreenshots(ui::MainWindow& window, const QString& dir) {
  bool ok = renderAll(window, dir);
  // The same views in the dark palette, to check them by eye (and in tst_screenshots).
  const QPalette before = QApplication::palette();
  QApplication::setPalette(ui::darkPalette());
  QApplication::processEvents();  // palette-change events reach every widget
  ok = renderAll(window, QDir(dir).filePath(QStringLiteral("dark"))) && ok;
  QApplication::setPalette(before);
  QApplication::processEvents();
  return ok;
}

}  // namespace routedeck::app
