// Journey 1: first launch. The demo starts on the embedded core with echo
// backends and the traffic generator; within seconds traffic flows through
// the real proxy, the graph shows the demo routes with live RPS and the
// charts move. A banner says what the demo is.
#include <QApplication>
#include <QLineSeries>
#include <QTest>
#include <QTreeView>

#include "models/workbench.h"
#include "tests/ui/journey_fixture.h"
#include "ui/charts/charts_panel.h"
#include "ui/graph/route_graph_view.h"
#include "ui/main/main_window.h"
#include "ui/widgets/banner.h"

using namespace routedeck;

namespace {
const QString kCanary = QStringLiteral("ru:HTTPRoute/demo/shop#1");
const QString kCanaryId = QStringLiteral("HTTPRoute/demo/shop#1");
}  // namespace

class TstJourneyFirstLaunch : public QObject {
  Q_OBJECT
 private:
  tests::Journey j;

 private slots:
  void initTestCase() { QVERIFY(j.launchDemo()); }

  void bannerExplainsTheDemo() {
    auto* banner = j.app->window().banner();
    QVERIFY(banner->isVisible());
    QVERIFY(banner->text().contains(QStringLiteral("Demo workspace")));
    QVERIFY(banner->text().contains(QStringLiteral("Open workspace")));
  }

  void graphShowsTheDemoRoutes() {
    auto& graph = j.app->workbench().graph();
    for (const auto& id : {QStringLiteral("gw:demo/edge"), QStringLiteral("ls:demo/edge/http"),
                           QStringLiteral("rt:HTTPRoute/demo/shop"), QStringLiteral("rt:HTTPRoute/demo/ratings"),
                           QStringLiteral("ru:HTTPRoute/demo/shop#0"), kCanary, QStringLiteral("ru:HTTPRoute/demo/ratings#0"),
                           QStringLiteral("be:demo/shop-v1:8080"), QStringLiteral("be:demo/shop-v2:8080")}) {
      QVERIFY2(graph.indexOf(id) >= 0, qPrintable(id));
    }
    QCOMPARE(j.app->window().graphView()->nodeCount(), graph.nodes().size());
  }

  void canaryIsSelectedInTreeAndGraph() {
    QCOMPARE(j.app->workbench().selectedNode(), kCanary);
    auto* tree = j.app->window().routeTree();
    QCOMPARE(tree->currentIndex().data(models::RouteTreeModel::NodeIdRole).toString(), kCanary);
  }

  void trafficFlowsThroughTheProxyToBothBackends() {
    auto& wb = j.app->workbench();
    // The generator's requests cross the embedded proxy; echo bodies name the backend.
    QTRY_VERIFY_WITH_TIMEOUT(wb.engine().traffic().responses > 100, 15000);
    QTRY_VERIFY_WITH_TIMEOUT(wb.series().live(kCanaryId).rps > 5, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(wb.series().measuredSplit(kCanaryId).size() == 2 &&
                                 wb.series().measuredSplit(kCanaryId)[1] > 0,
                             15000);
    QCOMPARE(wb.engine().traffic().transportErrors, quint64{0});
  }

  void graphEdgesShowLiveRps() {
    auto* view = j.app->window().graphView();
    QTRY_VERIFY_WITH_TIMEOUT(view->edgeLabel(kCanary, QStringLiteral("be:demo/shop-v1:8080")).contains(QStringLiteral("req/s")), 5000);
    const QString label = view->edgeLabel(kCanary, QStringLiteral("be:demo/shop-v1:8080"));
    QVERIFY2(label.startsWith(QStringLiteral("90 %")), qPrintable(label));
    QVERIFY2(!label.contains(QStringLiteral(" 0.0 req/s")), qPrintable(label));
  }

  void chartsMove() {
    auto* charts = j.app->window().charts();
    auto* rate = charts->series(ui::ChartsPanel::RateChart, 0);
    QTRY_VERIFY_WITH_TIMEOUT(rate->count() > 4, 10000);
    const int before = rate->count();
    QTRY_VERIFY_WITH_TIMEOUT(rate->count() > before, 3000);
    QVERIFY(charts->series(ui::ChartsPanel::LatencyChart, 2)->count() > 0);  // p99
    QVERIFY(charts->series(ui::ChartsPanel::SplitChart, 1) != nullptr);     // v2 split series
  }

  void clickInTheGraphSelectsInTheTree() {
    const QString ratings = QStringLiteral("ru:HTTPRoute/demo/ratings#0");
    auto& window = j.app->window();
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto* view = window.graphView();
    const auto& graph = j.app->workbench().graph();
    const int i = graph.indexOf(ratings);
    QVERIFY(i >= 0);
    view->ensureVisible(graph.nodes()[i].rect);
    const QPoint at = view->mapFromScene(graph.nodes()[i].rect.center());
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, at);
    QCOMPARE(j.app->workbench().selectedNode(), ratings);
    QCOMPARE(window.routeTree()->currentIndex().data(models::RouteTreeModel::NodeIdRole).toString(), ratings);
    QVERIFY(!j.app->workbench().canary().rule().valid() || j.app->workbench().canary().count() == 1);
  }

  void searchZoomAndFit() {
    auto* view = j.app->window().graphView();
    QCOMPARE(view->search(QStringLiteral("ratings")), 3);  // route, rule and backend
    QCOMPARE(view->search(QStringLiteral("no-such-thing")), 0);
    view->fit();
    const double fitted = view->zoom();
    QTest::keyClick(view, Qt::Key_Plus, Qt::ControlModifier);
    QVERIFY(view->zoom() > fitted * 1.1);
    QTest::keyClick(view, Qt::Key_F);
    QVERIFY(qAbs(view->zoom() - fitted) < 1e-9);
  }

  void cleanupTestCase() { j.app.reset(); }
};

int main(int argc, char** argv) {
  tests::prepareGuiTest();
  QApplication app(argc, argv);
  TstJourneyFirstLaunch t;
  return QTest::qExec(&t, argc, argv);
}
#include "tst_journey_first_launch.moc"
