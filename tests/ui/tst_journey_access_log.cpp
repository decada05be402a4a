// The access log dock, and journey 3's second half: requests sent through
// the proxy appear as rows (no duplicates), the filters narrow them, pause
// holds rows back, and a 404 row (flag NR) opens "Test a request"
// prefilled with that request, explained.
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

#include "models/workbench.h"
#include "tests/support/http_client.h"
#include "tests/ui/journey_fixture.h"
#include "ui/accesslog/access_log_panel.h"
#include "ui/inspectors/test_request_panel.h"
#include "ui/main/main_window.h"

using namespace routedeck;

class TstJourneyAccessLog : public QObject {
  Q_OBJECT
 private:
  tests::Journey j;
  int port = 0;
  ui::AccessLogPanel* panel() { return j.app->window().accessLog(); }
  models::Workbench& wb() { return j.app->workbench(); }
  int shown() { return panel()->table()->model()->rowCount(); }

  void send(const std::string& path, int n) {
    tests::HttpClient client(port, 5000);
    for (int i = 0; i < n; ++i) {
      auto r = client.request("GET", path, {{"Host", "shop.example.com"}});
      QVERIFY(r.ok);
    }
  }

 private slots:
  void initTestCase() {
    QVERIFY(j.launchShown(20));
    port = j.proxyPort();
    QVERIFY(port > 0);
    j.app->window().bottomTabs()->setCurrentWidget(panel());
  }

  void rowsOfRequestsThroughTheProxyAppear() {
    QTRY_VERIFY_WITH_TIMEOUT(wb().accessLog().rowCount() > 5, 10000);  // the generator's
    panel()->textEdit()->setText(QStringLiteral("journey-marker"));
    QCOMPARE(shown(), 0);
    send("/api/journey-marker", 12);
    QTRY_COMPARE_WITH_TIMEOUT(shown(), 12, 5000);
    QTest::qWait(600);  // two more polls: still no duplicates
    QCOMPARE(shown(), 12);
    const auto* m = panel()->table()->model();
    QCOMPARE(m->index(0, models::AccessLogModel::PathColumn).data().toString(), QStringLiteral("/api/journey-marker"));
    QVERIFY(m->index(0, models::AccessLogModel::RuleColumn).data().toString().startsWith(QStringLiteral("HTTPRoute/demo/shop#")));
  }

  void statusAndRuleFilters() {
    panel()->textEdit()->clear();
    panel()->statusBox()->setCurrentIndex(panel()->statusBox()->findData(4));
    send("/ratingz/7", 3);
    QTRY_VERIFY_WITH_TIMEOUT(shown() >= 3, 5000);
    for (int r = 0; r < shown(); ++r) {
      QCOMPARE(panel()->table()->model()->index(r, models::AccessLogModel::StatusColumn).data().toInt() / 100, 4);
    }
    panel()->statusBox()->setCurrentIndex(0);
    QTRY_VERIFY(panel()->ruleBox()->findData(QStringLiteral("HTTPRoute/demo/ratings#0")) > 0);
    panel()->ruleBox()->setCurrentIndex(panel()->ruleBox()->findData(QStringLiteral("HTTPRoute/demo/ratings#0")));
    QVERIFY(shown() > 0);
    for (int r = 0; r < shown(); ++r) {
      QCOMPARE(panel()->table()->model()->index(r, models::AccessLogModel::RuleColumn).data().toString(),
               QStringLiteral("HTTPRoute/demo/ratings#0"));
    }
    panel()->ruleBox()->setCurrentIndex(0);
  }

  void pauseHoldsRowsBack() {
    QTest::mouseClick(panel()->pauseButton(), Qt::LeftButton);
    QVERIFY(wb().accessLog().isPaused());
    const int rows = wb().accessLog().rowCount();
    QTRY_VERIFY_WITH_TIMEOUT(wb().accessLog().heldBack() > 0, 5000);
    QCOMPARE(wb().accessLog().rowCount(), rows);
    QTest::mouseClick(panel()->pauseButton(), Qt::LeftButton);
    QVERIFY(wb().accessLog().rowCount() > rows);
  }

  void explainANoRouteRow() {
    panel()->textEdit()->setText(QStringLiteral("ratingz"));
    QTRY_VERIFY(shown() >= 3);
    panel()->table()->setCurrentIndex(panel()->table()->model()->index(0, 0));
    QVERIFY(panel()->explainButton()->isEnabled());
    QTest::mouseClick(panel()->explainButton(), Qt::LeftButton);
    auto* test = j.app->window().testRequest();
    QCOMPARE(j.app->window().bottomTabs()->currentWidget(), static_cast<QWidget*>(test));
    QCOMPARE(test->requestEdit()->text(), QStringLiteral("GET http://shop.example.com/ratingz/7"));
    QTRY_COMPARE(wb().explainer().requestLine(), QStringLiteral("GET http://shop.example.com/ratingz/7"));
    QCOMPARE(wb().explainer().winnerRow(), -1);
    QVERIFY(test->hint()->text().contains(QStringLiteral("/ratings")));
    // A routed row offers no explanation.
    j.app->window().bottomTabs()->setCurrentWidget(panel());
    panel()->textEdit()->setText(QStringLiteral("journey-marker"));
    panel()->table()->setCurrentIndex(panel()->table()->model()->index(0, 0));
    QVERIFY(!panel()->explainButton()->isEnabled());
  }

  void cleanupTestCase() { j.app.reset(); }
};

int main(int argc, char** argv) {
  tests::prepareGuiTest();
  QApplication app(argc, argv);
  TstJourneyAccessLog t;
  return QTest::qExec(&t, argc, argv);
}
#include "tst_journey_access_log.moc"
