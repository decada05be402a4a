// Journey 5: edit a match rule. On the shop route, add "header x-user: beta
// → shop-v2" as a new rule: the editor shows its place in the effective
// order, and real requests with that header reach shop-v2 through the
// proxy. An invalid regex shows the validator's error and changes nothing
// (config version and undo stack unchanged). A rule edit waits in Changes
// until Apply (Ctrl+Return). Undo removes the rule again, applied the same way.
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QTreeView>

#include "models/workbench.h"
#include "proxycore/api/engine.h"
#include "tests/support/http_client.h"
#include "tests/ui/journey_fixture.h"
#include "ui/changes/changes_panel.h"
#include "ui/editors/rule_editor_panel.h"
#include "ui/main/main_window.h"

using namespace routedeck;

namespace {

size_t shopRules(const core::api::Engine& engine) {
  const auto config = engine.config();
  for (const auto& r : config ? config->routes : decltype(config->routes){}) {
    if (r.meta.name == "shop") {
      return r.rules.size();
    }
  }
  return 0;
}

std::map<std::string, int> backendsSeen(int port, int n, const std::vector<std::pair<std::string, std::string>>& extra) {
  std::map<std::string, int> seen;
  tests::HttpClient client(port, 5000);
  auto headers = extra;
  headers.emplace_back("Host", "shop.example.com");
  for (int i = 0; i < n; ++i) {
    auto r = client.request("GET", "/api/items", headers);
    if (!r.ok) ++seen["failed"];  // shop-v2 answers some requests 503 by design, still with its identity
    else if (r.body.find("\"shop-v1\"") != std::string::npos) ++seen["v1"];
    else if (r.body.find("\"shop-v2\"") != std::string::npos) ++seen["v2"];
    else ++seen["other"];
  }
  return seen;
}

}  // namespace

class TstJourneyEditRules : public QObject {
  Q_OBJECT
 private:
  tests::Journey j;
  int port = 0;
  ui::RuleEditorPanel* panel() { return j.app->window().ruleEditor(); }
  models::Workbench& wb() { return j.app->workbench(); }
  QString cell(int row, int col) { return panel()->table()->model()->index(row, col).data().toString(); }

  void applyWithKeyboard() {
    QVERIFY(j.app->window().changes()->applyAction()->isEnabled());
    QTest::keyClick(&j.app->window(), Qt::Key_Return, Qt::ControlModifier);
    QVERIFY(!wb().changes().isPending());
  }

  void fillBeta(const QString& type, const QString& value) {
    panel()->pathType()->setCurrentText(QStringLiteral("PathPrefix"));
    panel()->pathValue()->setText(QStringLiteral("/api"));
    panel()->headerName()->setText(QStringLiteral("x-user"));
    panel()->headerType()->setCurrentText(type);
    panel()->headerValue()->clear();
    QTest::keyClicks(panel()->headerValue(), value);
    panel()->backend()->setCurrentText(QStringLiteral("shop-v2:8080"));
  }

 private slots:
  void initTestCase() {
    QVERIFY(j.launchShown(20));
    port = j.proxyPort();
    QVERIFY(port > 0);
  }

  void selectingARuleShowsItsRouteInOrder() {
    j.app->window().routeTree()->setCurrentIndex(wb().routeTree().indexForId(QStringLiteral("ru:HTTPRoute/demo/shop#1")));
    j.app->window().bottomTabs()->setCurrentWidget(panel());
    QCOMPARE(panel()->table()->model()->rowCount(), 2);
    QCOMPARE(cell(0, models::RuleTableModel::RuleColumn), QStringLiteral("pinned-v2"));
    QCOMPARE(cell(1, models::RuleTableModel::RuleColumn), QStringLiteral("canary"));
    QVERIFY(panel()->backend()->findText(QStringLiteral("shop-v2:8080")) >= 0);
  }

  void invalidRegexShowsTheErrorAndChangesNothing() {
    const quint64 version = wb().engine().configVersion();
    const int steps = wb().document().undoStack()->count();
    fillBeta(QStringLiteral("RegularExpression"), QStringLiteral("(beta"));
    QVERIFY(panel()->errorLabel()->isVisible());  // inline, while typing
    QVERIFY2(panel()->errorLabel()->text().contains(QStringLiteral("missing )")), qPrintable(panel()->errorLabel()->text()));
    QTest::mouseClick(panel()->addRuleButton(), Qt::LeftButton);
    QVERIFY(panel()->errorLabel()->text().contains(QStringLiteral("missing )")));
    QTest::qWait(300);  // longer than the apply coalescing interval
    QCOMPARE(wb().engine().configVersion(), version);
    QCOMPARE(wb().document().undoStack()->count(), steps);
    QCOMPARE(shopRules(wb().engine().engine()), size_t{2});
  }

  void addHeaderRuleReachesV2() {
    fillBeta(QStringLiteral("Exact"), QStringLiteral("beta"));
    QVERIFY(!panel()->errorLabel()->isVisible());
    QTest::mouseClick(panel()->addRuleButton(), Qt::LeftButton);
    // Pending: listed under Changes, not yet in the core.
    auto* tabs = j.app->window().bottomTabs();
    QTRY_COMPARE(tabs->tabText(tabs->indexOf(j.app->window().changes())), QStringLiteral("Changes (1)"));
    QTest::qWait(300);  // longer than the apply coalescing interval
    QCOMPARE(shopRules(wb().engine().engine()), size_t{2});
    applyWithKeyboard();
    QTRY_COMPARE_WITH_TIMEOUT(shopRules(wb().engine().engine()), size_t{3}, 5000);
    QTRY_COMPARE(tabs->tabText(tabs->indexOf(j.app->window().changes())), QStringLiteral("Changes (0)"));
    // Its place: tied with pinned-v2 on path and header count, after it in
    // file order, and before the header-less canary.
    QCOMPARE(panel()->table()->model()->rowCount(), 3);
    QCOMPARE(panel()->table()->currentIndex().row(), 1);
    QCOMPARE(cell(1, models::RuleTableModel::HeadersColumn), QStringLiteral("x-user = beta"));
    QCOMPARE(cell(1, models::RuleTableModel::OrderColumn), QStringLiteral("3"));
    QCOMPARE(cell(2, models::RuleTableModel::RuleColumn), QStringLiteral("canary"));
    QCOMPARE(cell(1, models::RuleTableModel::WarningColumn), QString());  // neither shadows nor is shadowed
    auto beta = backendsSeen(port, 30, {{"x-user", "beta"}});
    QCOMPARE(beta["v2"], 30);
    auto plain = backendsSeen(port, 60, {});
    QVERIFY(plain["v1"] > 30);  // the canary still splits 90/10
  }

  void undoRemovesTheRule() {
    QTest::keyClick(&j.app->window(), Qt::Key_Z, Qt::ControlModifier);
    QVERIFY(wb().changes().isPending());
    applyWithKeyboard();
    QTRY_COMPARE_WITH_TIMEOUT(shopRules(wb().engine().engine()), size_t{2}, 5000);
    QCOMPARE(panel()->table()->model()->rowCount(), 2);
    auto beta = backendsSeen(port, 40, {{"x-user", "beta"}});
    QVERIFY(beta["v1"] > 20);
  }

  void cleanupTestCase() { j.app.reset(); }
};

int main(int argc, char** argv) {
  tests::prepareGuiTest();
  QApplication app(argc, argv);
  TstJourneyEditRules t;
  return QTest::qExec(&t, argc, argv);
}
#include "tst_journey_edit_rules.moc"
