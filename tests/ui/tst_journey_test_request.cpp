// Journey 3: why did this request 404? Ctrl+T opens "Test a request"; a
// request for a path no rule takes shows every candidate of the host in
// precedence order with the reason it failed, no winner, and the nearest
// match. A routed request shows its winner and backends.
#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

#include "models/workbench.h"
#include "tests/ui/journey_fixture.h"
#include "ui/inspectors/test_request_panel.h"
#include "ui/main/main_window.h"

using namespace routedeck;

class TstJourneyTestRequest : public QObject {
  Q_OBJECT
 private:
  tests::Journey j;
  ui::TestRequestPanel* panel() { return j.app->window().testRequest(); }
  models::ExplainModel& explainer() { return j.app->workbench().explainer(); }

 private slots:
  void initTestCase() {
    QVERIFY(j.launchShown(20));
  }

  void ctrlTOpensTheView() {
    auto& window = j.app->window();
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QTest::keyClick(&window, Qt::Key_T, Qt::ControlModifier);
    QCOMPARE(window.bottomTabs()->currentWidget(), static_cast<QWidget*>(panel()));
    QTRY_VERIFY(panel()->requestEdit()->hasFocus());
  }

  void a404ExplainsEveryCandidate() {
    QTest::keyClicks(panel()->requestEdit(), QStringLiteral("GET http://shop.example.com/ratingz/7"));
    QTest::keyClick(panel()->requestEdit(), Qt::Key_Return);
    QTRY_COMPARE(explainer().requestLine(), QStringLiteral("GET http://shop.example.com/ratingz/7"));
    QCOMPARE(explainer().winnerRow(), -1);
    QVERIFY2(panel()->summary()->text().startsWith(QStringLiteral("404")), qPrintable(panel()->summary()->text()));
    auto* view = panel()->table();
    QCOMPARE(view->model()->rowCount(), 3);
    const QStringList order = {QStringLiteral("ratings"), QStringLiteral("pinned-v2"), QStringLiteral("canary")};
    for (int r = 0; r < 3; ++r) {
      QVERIFY(view->model()->index(r, models::ExplainModel::RuleColumn).data().toString().contains(order[r]));
      QVERIFY(view->model()->index(r, models::ExplainModel::OutcomeColumn).data().toString().startsWith(QStringLiteral("no match")));
      const QString why = view->model()->index(r, models::ExplainModel::ReasonColumn).data().toString();
      QVERIFY2(why.contains(QStringLiteral("path")), qPrintable(why));
    }
    QVERIFY(panel()->hint()->isVisible());
    QVERIFY2(panel()->hint()->text().contains(QStringLiteral("wants path /ratings")), qPrintable(panel()->hint()->text()));
    QCOMPARE(view->currentIndex().row(), 0);  // the nearest one is selected
  }

  void aRoutedRequestShowsItsWinner() {
    panel()->requestEdit()->setText(QStringLiteral("GET http://shop.example.com/api/items"));
    panel()->headersEdit()->setPlainText(QStringLiteral("x-version: v2"));
    QTest::mouseClick(panel()->explainButton(), Qt::LeftButton);
    QTRY_COMPARE(explainer().requestLine(), QStringLiteral("GET http://shop.example.com/api/items"));
    QCOMPARE(explainer().winnerRow(), 1);
    QVERIFY(panel()->summary()->text().contains(QStringLiteral("shop-v2")));
    QVERIFY(!panel()->hint()->isVisible());
    QCOMPARE(panel()->table()->model()->index(2, models::ExplainModel::OutcomeColumn).data().toString(), QStringLiteral("shadowed"));
  }

  void cleanupTestCase() { j.app.reset(); }
};

int main(int argc, char** argv) {
  tests::prepareGuiTest();
  QApplication app(argc, argv);
  TstJourneyTestRequest t;
  return QTest::qExec(&t, argc, argv);
}
#include "tst_journey_test_request.moc"
