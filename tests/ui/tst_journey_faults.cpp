// Journey 4: break it on purpose. On the canary rule, inject an abort of
// 100 % with a short auto-revert: real requests through the proxy get the
// abort status and the charts' 5xx share rises; the timer clears it and
// requests succeed again. "Stop all faults" (Ctrl+Shift+F) clears a fault
// too, and Ctrl+Z after an injection restores the previous config.
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QTest>
#include <QTreeView>

#include "models/workbench.h"
#include "proxycore/api/engine.h"
#include "tests/support/http_client.h"
#include "tests/ui/journey_fixture.h"
#include "ui/editors/fault_panel.h"
#include "ui/inspectors/inspector_panel.h"
#include "ui/main/main_window.h"

using namespace routedeck;

namespace {

const QString kCanary = QStringLiteral("ru:HTTPRoute/demo/shop#1");
const QString kCanaryId = QStringLiteral("HTTPRoute/demo/shop#1");

bool coreHasFault(const core::api::Engine& engine) {
  const auto config = engine.config();
  for (const auto& r : config ? config->routes : decltype(config->routes){}) {
    if (r.meta.name == "shop" && r.rules.size() > 1) {
      return r.rules[1].fault.has_value();
    }
  }
  return false;
}

// Status codes of `n` requests the canary rule takes.
std::map<int, int> statuses(int port, int n) {
  std::map<int, int> seen;
  tests::HttpClient client(port, 5000);
  for (int i = 0; i < n; ++i) {
    auto r = client.request("GET", "/api/items", {{"Host", "shop.example.com"}});
    ++seen[r.ok ? r.status : -1];
  }
  return seen;
}

}  // namespace

class TstJourneyFaults : public QObject {
  Q_OBJECT
 private:
  tests::Journey j;
  int port = 0;
  ui::FaultPanel* panel() { return j.app->window().inspector()->faultPanel(); }
  models::Workbench& wb() { return j.app->workbench(); }
  const core::api::Engine& core() { return wb().engine().engine(); }

  void fillAbort100(int revertSeconds) {
    panel()->delayBox()->setChecked(false);
    panel()->abortBox()->setChecked(true);
    panel()->abortStatus()->setValue(503);
    panel()->abortPercent()->setValue(100);
    panel()->revertSeconds()->setValue(revertSeconds);
    QTest::mouseClick(panel()->injectButton(), Qt::LeftButton);
  }
  double chart5xx() {
    const auto pts = wb().series().points(kCanaryId, models::Metric::Error5xx);
    return pts.isEmpty() ? 0 : pts.last().y();
  }

 private slots:
  void initTestCase() {
    QVERIFY(j.launchShown());
    port = j.proxyPort();
    QVERIFY(port > 0);
    j.app->window().routeTree()->setCurrentIndex(wb().routeTree().indexForId(kCanary));
    QCOMPARE(wb().selectedNode(), kCanary);
    QVERIFY(panel()->isVisible());
    QCOMPARE(panel()->countdown()->text(), QStringLiteral("no fault"));
    QVERIFY(!j.app->window().stopFaultsAction()->isEnabled());
  }

  void abortShowsInRequestsAndCharts() {
    QTRY_VERIFY_WITH_TIMEOUT(wb().series().pointCount(kCanaryId, models::Metric::Error5xx) > 2, 10000);
    fillAbort100(6);
    QTRY_VERIFY_WITH_TIMEOUT(coreHasFault(core()), 3000);
    QVERIFY(panel()->countdown()->text().startsWith(QStringLiteral("⏱ 0:0")));
    QVERIFY(j.app->window().stopFaultsAction()->isEnabled());
    auto seen = statuses(port, 20);
    QCOMPARE(seen[503], 20);
    QTRY_VERIFY_WITH_TIMEOUT(chart5xx() > 50, 4000);
  }

  void timerRevertsAndRequestsSucceed() {
    QTRY_VERIFY_WITH_TIMEOUT(!coreHasFault(core()), 10000);
    QCOMPARE(panel()->countdown()->text(), QStringLiteral("no fault"));
    auto seen = statuses(port, 20);
    QCOMPARE(seen[503] + seen[-1], 0);
    QTRY_VERIFY_WITH_TIMEOUT(chart5xx() < 20, 5000);  // shop-v2 is flaky, not broken
  }

  void stopAllFaultsClears() {
    fillAbort100(300);
    QTRY_VERIFY_WITH_TIMEOUT(coreHasFault(core()), 3000);
    QVERIFY(panel()->countdown()->text().startsWith(QStringLiteral("⏱ 5:00")) ||
            panel()->countdown()->text().startsWith(QStringLiteral("⏱ 4:5")));
    auto& window = j.app->window();
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier | Qt::ShiftModifier);
    QTRY_VERIFY_WITH_TIMEOUT(!coreHasFault(core()), 3000);
    QCOMPARE(wb().faults().activeCount(), 0);
    auto seen = statuses(port, 10);
    QCOMPARE(seen[503] + seen[-1], 0);
  }

  void undoRestoresThePreviousConfig() {
    const auto before = core().config();
    const quint64 versionBefore = wb().engine().configVersion();
    fillAbort100(300);
    QTRY_VERIFY_WITH_TIMEOUT(coreHasFault(core()), 3000);
    QTest::keyClick(&j.app->window(), Qt::Key_Z, Qt::ControlModifier);
    QTRY_VERIFY_WITH_TIMEOUT(wb().engine().configVersion() > versionBefore + 1 && !coreHasFault(core()), 3000);
    QCOMPARE(*core().config(), *before);
    QCOMPARE(wb().faults().activeCount(), 0);
  }

  void noTransportErrors() { QCOMPARE(wb().engine().traffic().transportErrors, quint64{0}); }

  void cleanupTestCase() { j.app.reset(); }
};

int main(int argc, char** argv) {
  tests::prepareGuiTest();
  QApplication app(argc, argv);
  TstJourneyFaults t;
  return QTest::qExec(&t, argc, argv);
}
#include "tst_journey_faults.moc"
