// Journey 4, the traces half: on the canary rule, a 200 ms delay fault on
// every request; requests sent through the proxy with a sampled traceparent
// show up in the Traces tab, whose waterfall has the fault delay span
// before the first upstream attempt; picking a span shows its attributes.
// The list follows the selection and filters by status and latency.
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableView>
#include <QTest>
#include <QTreeView>

#include "models/workbench.h"
#include "proxycore/api/engine.h"
#include "tests/support/http_client.h"
#include "tests/ui/journey_fixture.h"
#include "ui/editors/fault_panel.h"
#include "ui/inspectors/inspector_panel.h"
#include "ui/main/main_window.h"
#include "ui/traces/traces_panel.h"

using namespace routedeck;

namespace {

const QString kCanary = QStringLiteral("ru:HTTPRoute/demo/shop#1");
const QString kCanaryId = QStringLiteral("HTTPRoute/demo/shop#1");

QString traceId(int n) { return QStringLiteral("4bf92f3577b34da6a3ce929d0e0e47%1").arg(n, 2, 16, QLatin1Char('0')); }

bool coreHasDelay(const core::api::Engine& engine) {
  const auto config = engine.config();
  for (const auto& r : config ? config->routes : decltype(config->routes){}) {
    if (r.meta.name == "shop" && r.rules.size() > 1) {
      return r.rules[1].fault && r.rules[1].fault->delay.has_value();
    }
  }
  return false;
}

}  // namespace

class TstJourneyTraces : public QObject {
  Q_OBJECT
 private:
  tests::Journey j;
  int port = 0;
  models::Workbench& wb() { return j.app->workbench(); }
  ui::TracesPanel* panel() { return j.app->window().traces(); }
  ui::FaultPanel* faults() { return j.app->window().inspector()->faultPanel(); }

  int sendSampled(int n) {
    tests::HttpClient client(port, 5000);
    auto r = client.request("GET", "/api/items",
                            {{"Host", "shop.example.com"},
                             {"traceparent", "00-" + traceId(n).toStdString() + "-00f067aa0ba902b7-01"}});
    return r.ok ? r.status : -1;
  }
  QModelIndex listIndexOf(const QString& id) {
    const int row = wb().traces().rowOf(id);
    return row < 0 ? QModelIndex() : panel()->filter()->mapFromSource(wb().traces().index(row, 0));
  }

 private slots:
  void initTestCase() {
    QVERIFY(j.launchShown());
    port = j.proxyPort();
    QVERIFY(port > 0);
    j.app->window().routeTree()->setCurrentIndex(wb().routeTree().indexForId(kCanary));
    QCOMPARE(wb().selectedNode(), kCanary);
    j.app->window().showBottomPage(panel());
    QVERIFY(panel()->isVisible());
    QCOMPARE(wb().traces().rule(), kCanaryId);
  }

  void delayFaultShowsInTheWaterfall() {
    faults()->abortBox()->setChecked(false);
    faults()->delayBox()->setChecked(true);
    faults()->delayMs()->setValue(200);
    faults()->delayPercent()->setValue(100);
    faults()->revertSeconds()->setValue(120);
    QTest::mouseClick(faults()->injectButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(coreHasDelay(wb().engine().engine()), 3000);
    for (int n = 1; n <= 3; ++n) {
      // Answered is what matters here: the demo's shop-v2 fails 4 % of its
      // requests with a 503 by design.
      const int status = sendSampled(n);
      QVERIFY2(status == 200 || status == 503, qPrintable(QString::number(status)));
    }
    QTRY_VERIFY_WITH_TIMEOUT(listIndexOf(traceId(3)).isValid(), 5000);
    QVERIFY(listIndexOf(traceId(1)).row() > listIndexOf(traceId(3)).row());  // newest on top

    panel()->traceTable()->setCurrentIndex(listIndexOf(traceId(2)));
    auto& waterfall = wb().waterfall();
    QTRY_COMPARE_WITH_TIMEOUT(QString::fromStdString(waterfall.trace() ? waterfall.trace()->traceIdHex() : ""),
                              traceId(2), 2000);
    const int delay = waterfall.rowOfName(QStringLiteral("fault delay"));
    int attempt = -1;
    for (int r = 0; r < waterfall.rowCount() && attempt < 0; ++r) {
      if (waterfall.index(r, 0).data().toString().startsWith(QStringLiteral("attempt 1 "))) {
        attempt = r;
      }
    }
    QVERIFY2(delay > 0 && attempt > delay, qPrintable(QStringLiteral("delay %1, attempt %2").arg(delay).arg(attempt)));
    QVERIFY(waterfall.index(delay, 0).data(models::TraceWaterfallModel::DurationMsRole).toDouble() >= 190);
    QVERIFY(waterfall.index(attempt, 0).data(models::TraceWaterfallModel::OffsetMsRole).toDouble() >= 190);

    // The gateway span is picked first; its attributes name the match.
    QCOMPARE(panel()->waterfall()->currentIndex().row(), 0);
    QVERIFY2(panel()->details()->toPlainText().contains(QStringLiteral("routedeck.match")),
             qPrintable(panel()->details()->toPlainText()));
    panel()->waterfall()->setCurrentIndex(waterfall.index(delay, 0));
    QVERIFY2(panel()->details()->toPlainText().contains(QStringLiteral("routedeck.fault.delay_ms = 200")),
             qPrintable(panel()->details()->toPlainText()));
  }

  void filtersByStatusAndLatency() {
    panel()->minLatency()->setValue(150);
    QVERIFY(listIndexOf(traceId(2)).isValid());
    panel()->statusBox()->setCurrentIndex(panel()->statusBox()->findData(5));
    QVERIFY(!listIndexOf(traceId(2)).isValid());
    panel()->statusBox()->setCurrentIndex(0);
    panel()->minLatency()->setValue(0);
    QVERIFY(listIndexOf(traceId(2)).isValid());
  }

  void followsTheSelection() {
    QTest::mouseClick(faults()->clearButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!coreHasDelay(wb().engine().engine()), 3000);
    j.app->window().routeTree()->setCurrentIndex(wb().routeTree().indexForId(QStringLiteral("ru:HTTPRoute/demo/shop#0")));
    QCOMPARE(wb().traces().rule(), QStringLiteral("HTTPRoute/demo/shop#0"));
    QCOMPARE(wb().traces().rowOf(traceId(2)), -1);
    QCOMPARE(wb().waterfall().rowCount(), 0);
    j.app->window().routeTree()->setCurrentIndex(wb().routeTree().indexForId(kCanary));
    QTRY_VERIFY_WITH_TIMEOUT(wb().traces().rowOf(traceId(2)) >= 0, 3000);
  }

  void cleanupTestCase() { j.app.reset(); }
};

int main(int argc, char** argv) {
  tests::prepareGuiTest();
  QApplication app(argc, argv);
  TstJourneyTraces t;
  return QTest::qExec(&t, argc, argv);
}
#include "tst_journey_traces.moc"
