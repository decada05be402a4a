#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include "models/document/workspace_document.h"
#include "models/rules/rule_editor.h"
#include "proxycore/api/workspace_io.h"

using namespace routedeck::models;
namespace api = routedeck::core::api;

class TstRuleEditor : public QObject {
  Q_OBJECT
 private:
  const RuleRef shop{QStringLiteral("HTTPRoute"), QStringLiteral("demo"), QStringLiteral("shop"), -1};

  void load(WorkspaceDocument& doc) {
    auto loaded = api::loadWorkspace({RD_SOURCE_DIR "/resources/demo/workspace.yaml"});
    QVERIFY(!loaded.diagnostics.hasErrors());
    doc.reset(loaded.config, QStringLiteral("workspace.yaml"), false);
  }
  static QStringList column(const QAbstractItemModel& m, int col) {
    QStringList out;
    for (int r = 0; r < m.rowCount(); ++r) {
      out << m.index(r, col).data().toString();
    }
    return out;
  }
  static MatchDraft betaHeader(const QString& type = QStringLiteral("Exact"), const QString& value = QStringLiteral("beta")) {
    MatchDraft d;
    d.pathValue = QStringLiteral("/api");
    d.headerName = QStringLiteral("x-user");
    d.headerType = type;
    d.headerValue = value;
    return d;
  }

 private slots:
  void tableInEffectiveOrder() {
    WorkspaceDocument doc;
    load(doc);
    RuleEditor editor(&doc);
    QAbstractItemModelTester tester(&editor.table(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    editor.setRoute(shop);
    QCOMPARE(editor.table().hostname(), QStringLiteral("shop.example.com"));
    QCOMPARE(column(editor.table(), RuleTableModel::RuleColumn), (QStringList{QStringLiteral("pinned-v2"), QStringLiteral("canary")}));
    // ratings' longer prefix is #1 on this host.
    QCOMPARE(column(editor.table(), RuleTableModel::OrderColumn), (QStringList{QStringLiteral("2"), QStringLiteral("3")}));
    QCOMPARE(column(editor.table(), RuleTableModel::HeadersColumn), (QStringList{QStringLiteral("x-version = v2"), QString()}));
    QCOMPARE(column(editor.table(), RuleTableModel::PathColumn).first(), QStringLiteral("PathPrefix /api"));
    QCOMPARE(column(editor.table(), RuleTableModel::BackendsColumn).last(), QStringLiteral("shop-v1 90, shop-v2 10"));
    QVERIFY(editor.backends().contains(QStringLiteral("shop-v2:8080")));
  }

  void addRuleTakesItsPlace() {
    WorkspaceDocument doc;
    load(doc);
    RuleEditor editor(&doc);
    QAbstractItemModelTester tester(&editor.table(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    editor.setRoute(shop);
    QSignalSpy added(&editor, &RuleEditor::ruleAdded);
    QVERIFY(editor.addRule(betaHeader(), QStringLiteral("shop-v2:8080")));
    QCOMPARE(added.count(), 1);
    QCOMPARE(added.first().first().toInt(), 2);
    QCOMPARE(doc.undoStack()->count(), 1);
    // One header like pinned-v2, which comes first in file order; both before the header-less canary.
    QCOMPARE(column(editor.table(), RuleTableModel::RuleColumn),
             (QStringList{QStringLiteral("pinned-v2"), QStringLiteral("rule 2"), QStringLiteral("canary")}));
    QCOMPARE(editor.table().rowOfRule(2), 1);
    doc.undoStack()->undo();
    QCOMPARE(editor.table().rowCount(), 2);
  }

  void warnsAboutShadowing() {
    WorkspaceDocument doc;
    load(doc);
    RuleEditor editor(&doc);
    QAbstractItemModelTester tester(&editor.table(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    editor.setRoute(shop);
    QCOMPARE(column(editor.table(), RuleTableModel::WarningColumn), (QStringList{QString(), QString()}));
    MatchDraft same;  // what the canary already matches: ties, and the canary comes first
    same.pathValue = QStringLiteral("/api");
    QVERIFY(editor.addRule(same, QStringLiteral("shop-v2:8080")));
    QCOMPARE(column(editor.table(), RuleTableModel::WarningColumn),
             (QStringList{QString(), QStringLiteral("shadows HTTPRoute demo/shop rule 2"),
                          QStringLiteral("never wins: shadowed by HTTPRoute demo/shop rule 1 (canary)")}));
    doc.undoStack()->undo();
    same.pathValue = QStringLiteral("/api/items");  // longer prefix: precedes the canary, shadows nothing
    QVERIFY(editor.addRule(same, QStringLiteral("shop-v2:8080")));
    QCOMPARE(column(editor.table(), RuleTableModel::WarningColumn), (QStringList{QString(), QString(), QString()}));
  }

  void invalidRegexChangesNothing_data() {
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("error");
    QTest::newRow("unclosed group") << QStringLiteral("(beta") << QStringLiteral("missing )");
    QTest::newRow("bad repeat") << QStringLiteral("*beta") << QStringLiteral("no argument for repetition operator");
  }
  void invalidRegexChangesNothing() {
    QFETCH(QString, value);
    QFETCH(QString, error);
    WorkspaceDocument doc;
    load(doc);
    const auto before = doc.config();
    RuleEditor editor(&doc);
    editor.setRoute(shop);
    const MatchDraft d = betaHeader(QStringLiteral("RegularExpression"), value);
    QVERIFY2(editor.checkNewRule(d, QStringLiteral("shop-v2:8080")).contains(error),
             qPrintable(editor.checkNewRule(d, QStringLiteral("shop-v2:8080"))));
    QSignalSpy changed(&doc, &WorkspaceDocument::configChanged);
    QVERIFY(!editor.addRule(d, QStringLiteral("shop-v2:8080")));
    QVERIFY(editor.error().contains(error));
    QCOMPARE(changed.count(), 0);
    QCOMPARE(doc.config(), before);
    QCOMPARE(doc.undoStack()->count(), 0);
  }

  void removeMoveAndAddHeader() {
    WorkspaceDocument doc;
    load(doc);
    RuleEditor editor(&doc);
    QAbstractItemModelTester tester(&editor.table(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    editor.setRoute(shop);
    QVERIFY(editor.addHeaderMatch(1, betaHeader()));  // canary gains x-user: beta
    QCOMPARE(editor.table().index(1, RuleTableModel::HeadersColumn).data().toString(), QStringLiteral("x-user = beta"));
    QVERIFY(editor.moveRule(1, -1));  // canary before pinned-v2 in the file: it now wins the tie
    QCOMPARE(column(editor.table(), RuleTableModel::RuleColumn), (QStringList{QStringLiteral("canary"), QStringLiteral("pinned-v2")}));
    QVERIFY(!editor.moveRule(0, -1));
    QVERIFY(editor.removeRule(1));
    QCOMPARE(column(editor.table(), RuleTableModel::RuleColumn), (QStringList{QStringLiteral("canary")}));
    QCOMPARE(doc.undoStack()->count(), 3);
  }
};

QTEST_GUILESS_MAIN(TstRuleEditor)
#include "tst_rule_editor.moc"
