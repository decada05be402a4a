// Journey 2: shift a canary. Select the canary rule in the route tree, set
// shop-v2 to 50 % in the canary panel: shop-v1 follows to 50 %, the core
// runs 50/50 (its applied config, and 400 real requests through the proxy),
// the measured split converges, Ctrl+Z returns to 90/10, and no request of
// the running traffic failed on the way.
#include <QApplication>
#include <QSlider>
#include <QSpinBox>
#include <QTest>
#include <QToolButton>
#include <QTreeView>

#include "models/workbench.h"
#include "proxycore/api/engine.h"
#include "tests/support/http_client.h"
#include "tests/ui/journey_fixture.h"
#include "ui/editors/canary_panel.h"
#include "ui/graph/route_graph_view.h"
#include "ui/inspectors/inspector_panel.h"
#include "ui/main/main_window.h"

using namespace routedeck;

namespace {

const QString kCanary = QStringLiteral("ru:HTTPRoute/demo/shop#1");
const QString kCanaryId = QStringLiteral("HTTPRoute/demo/shop#1");

// Configured weights of the canary rule in the config the core is running.
QVector<int> coreWeights(const core::api::Engine& engine) {
  QVector<int> out;
  const auto config = engine.config();
  if (!config) return out;
  for (const auto& r : config->routes) {
    if (r.meta.name == "shop" && r.rules.size() > 1) {
      for (const auto& b : r.rules[1].backends) out << b.weight.value_or(1);
    }
  }
  return out;
}

// Sends `n` requests the canary rule takes; counts answers per backend.
std::map<std::string, int> sendThroughProxy(int port, int n) {
  std::map<std::string, int> seen;
  tests::HttpClient client(port, 5000);
  for (int i = 0; i < n; ++i) {
    auto r = client.request("GET", "/api/items", {{"Host", "shop.example.com"}});
    if (!r.ok) {
      ++seen["failed"];
      continue;
    }
    if (r.body.find("\"shop-v1\"") != std::string::npos) ++seen["v1"];
    else if (r.body.find("\"shop-v2\"") != std::string::npos) ++seen["v2"];
    else ++seen["other"];
  }
  return seen;
}

}  // namespace

class TstJourneyShiftCanary : public QObject {
  Q_OBJECT
 private:
  tests::Journey j;
  ui::CanaryPanel* panel() { return j.app->window().inspector()->canaryPanel(); }
  models::Workbench& wb() { return j.app->workbench(); }

 private slots:
  void initTestCase() {
    QVERIFY(j.launchShown());
  }

  void selectTheRuleInTheTree() {
    wb().select(QString());  // start from nothing selected
    auto* tree = j.app->window().routeTree();
    const QModelIndex idx = wb().routeTree().indexForId(kCanary);
    QVERIFY(idx.isValid());
    tree->setCurrentIndex(idx);  // what a click on the row does
    QCOMPARE(wb().selectedNode(), kCanary);
    QVERIFY(panel()->isVisible());
    QCOMPARE(panel()->slider(0)->value(), 90);
    QCOMPARE(panel()->slider(1)->value(), 10);
  }

  void setV2To50AndV1Follows() {
    QTRY_VERIFY_WITH_TIMEOUT(wb().engine().traffic().responses > 50, 10000);
    const auto before = wb().engine().traffic();
    panel()->spinBox(1)->setValue(50);
    QCOMPARE(panel()->slider(0)->value(), 50);
    QCOMPARE(panel()->spinBox(0)->value(), 50);
    QTRY_COMPARE_WITH_TIMEOUT(coreWeights(wb().engine().engine()), (QVector<int>{50, 50}), 5000);
    QCOMPARE(wb().document().undoStack()->count(), 1);
    QVERIFY(j.app->window().windowTitle().contains(QLatin1Char('*')));
    // The graph labels the edges with the new configured share.
    QTRY_VERIFY(j.app->window().graphView()->edgeLabel(kCanary, QStringLiteral("be:demo/shop-v2:8080")).startsWith(QStringLiteral("50 %")));
    // Traffic keeps flowing across the swap.
    QTRY_VERIFY_WITH_TIMEOUT(wb().engine().traffic().responses > before.responses + 10, 5000);
  }

  void realRequestsSplit50_50() {
    const QString address = wb().engine().listenAddress();
    const int port = address.section(QLatin1Char(':'), 1).toInt();
    QVERIFY(port > 0);
    auto seen = sendThroughProxy(port, 400);
    QCOMPARE(seen["failed"], 0);
    QCOMPARE(seen["other"], 0);
    // Binomial(400, 0.5): sd 10; ±50 is five sigma.
    QVERIFY2(seen["v2"] >= 150 && seen["v2"] <= 250, qPrintable(QString::number(seen["v2"])));
  }

  void measuredSplitConverges() {
    QTRY_VERIFY_WITH_TIMEOUT(wb().canary().measured().size() == 2 && qAbs(wb().canary().measured()[1] - 50) < 15, 20000);
  }

  void dragIsOneUndoStepAndCoalesced() {
    auto* slider = panel()->slider(1);
    const int stepsBefore = wb().document().undoStack()->count();
    const int appliesBefore = wb().engine().appliesDone();
    slider->setSliderDown(true);
    for (int v = 50; v <= 70; ++v) {
      slider->setSliderPosition(v);  // a drag: sliderMoved per position
    }
    slider->setSliderDown(false);
    QCOMPARE(panel()->slider(0)->value(), 30);
    QCOMPARE(wb().document().undoStack()->count(), stepsBefore + 1);
    QTRY_COMPARE_WITH_TIMEOUT(coreWeights(wb().engine().engine()), (QVector<int>{30, 70}), 5000);
    QTRY_VERIFY(!wb().engine().applyPending());
    // 21 positions within a few ms: coalesced into at most a couple of applies.
    QVERIFY2(wb().engine().appliesDone() - appliesBefore <= 3,
             qPrintable(QString::number(wb().engine().appliesDone() - appliesBefore)));
    wb().document().undoStack()->undo();  // back to the 50/50 step
    QTRY_COMPARE_WITH_TIMEOUT(coreWeights(wb().engine().engine()), (QVector<int>{50, 50}), 5000);
  }

  void ctrlZReturnsTo90_10() {
    auto& window = j.app->window();
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier);
    QTRY_COMPARE_WITH_TIMEOUT(coreWeights(wb().engine().engine()), (QVector<int>{90, 10}), 5000);
    QCOMPARE(panel()->slider(0)->value(), 90);
    QCOMPARE(panel()->slider(1)->value(), 10);
    QVERIFY(!wb().document().isDirty());
    QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);  // redo
    QTRY_COMPARE_WITH_TIMEOUT(coreWeights(wb().engine().engine()), (QVector<int>{50, 50}), 5000);
    // With the spin box focused, Ctrl+Z still undoes the weight (not the typed text).
    panel()->spinBox(1)->setFocus();
    QTRY_VERIFY(panel()->spinBox(1)->hasFocus());
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Z, Qt::ControlModifier);
    QTRY_COMPARE_WITH_TIMEOUT(coreWeights(wb().engine().engine()), (QVector<int>{90, 10}), 5000);
  }

  void noRequestFailedDuringTheChanges() {
    const auto t = wb().engine().traffic();
    QVERIFY(t.responses > 200);
    QCOMPARE(t.transportErrors, quint64{0});
  }

  void lockAndStepButtons() {
    panel()->lockButton(0)->click();
    QVERIFY(!panel()->stepButton(1, 100)->isEnabled());  // two backends, one locked: nothing can move
    panel()->lockButton(0)->click();
    panel()->stepButton(1, 25)->click();
    QCOMPARE(panel()->slider(0)->value(), 75);
    QTRY_COMPARE_WITH_TIMEOUT(coreWeights(wb().engine().engine()), (QVector<int>{75, 25}), 5000);
  }

  void cleanupTestCase() { j.app.reset(); }
};

int main(int argc, char** argv) {
  tests::prepareGuiTest();
  QApplication app(argc, argv);
  TstJourneyShiftCanary t;
  return QTest::qExec(&t, argc, argv);
}
#include "tst_journey_shift_canary.moc"
