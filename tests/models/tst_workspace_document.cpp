#include <QSignalSpy>
#include <QTest>

#include "models/document/workspace_document.h"
#include "proxycore/api/workspace_io.h"

using namespace routedeck::models;
namespace api = routedeck::core::api;

class TstWorkspaceDocument : public QObject {
  Q_OBJECT
 private:
  const RuleRef canary{QStringLiteral("HTTPRoute"), QStringLiteral("demo"), QStringLiteral("shop"), 1};

  void load(WorkspaceDocument& doc) {
    auto loaded = api::loadWorkspace({RD_SOURCE_DIR "/resources/demo/workspace.yaml"});
    QVERIFY(!loaded.diagnostics.hasErrors());
    doc.reset(loaded.config, QStringLiteral("workspace.yaml"), false);
  }

 private slots:
  void dragIsOneUndoStep() {
    WorkspaceDocument doc;
    load(doc);
    QCOMPARE(doc.ruleWeights(canary), (QVector<int>{90, 10}));
    QCOMPARE(doc.ruleBackends(canary), (QStringList{QStringLiteral("shop-v1"), QStringLiteral("shop-v2")}));
    QSignalSpy changed(&doc, &WorkspaceDocument::configChanged);
    const auto original = doc.config();
    doc.setRuleWeights(canary, {80, 20}, true);
    doc.setRuleWeights(canary, {70, 30}, true);
    doc.setRuleWeights(canary, {50, 50}, true);
    doc.endGesture();
    QCOMPARE(doc.undoStack()->count(), 1);
    QCOMPARE(changed.count(), 3);
    QVERIFY(doc.isDirty());
    QCOMPARE(doc.ruleWeights(canary), (QVector<int>{50, 50}));
    QVERIFY(original != doc.config());  // a new immutable config, the old one untouched
    QCOMPARE(*original->routes[0].rules[1].backends[0].weight, 90);

    doc.undoStack()->undo();
    QCOMPARE(doc.ruleWeights(canary), (QVector<int>{90, 10}));
    QVERIFY(!doc.isDirty());
    doc.undoStack()->redo();
    QCOMPARE(doc.ruleWeights(canary), (QVector<int>{50, 50}));
  }

  void separateEditsAreSeparateSteps() {
    WorkspaceDocument doc;
    load(doc);
    doc.setRuleWeights(canary, {80, 20}, true);
    doc.endGesture();
    doc.setRuleWeights(canary, {70, 30}, true);
    doc.endGesture();
    doc.setRuleWeights(canary, {0, 100}, false);
    QCOMPARE(doc.undoStack()->count(), 3);
    doc.undoStack()->undo();
    QCOMPARE(doc.ruleWeights(canary), (QVector<int>{70, 30}));
  }

  void unknownRuleOrWrongArityIgnored() {
    WorkspaceDocument doc;
    load(doc);
    doc.setRuleWeights({QStringLiteral("HTTPRoute"), QStringLiteral("demo"), QStringLiteral("nope"), 0}, {1, 2}, false);
    doc.setRuleWeights(canary, {100}, false);
    QCOMPARE(doc.undoStack()->count(), 0);
    QVERIFY(!withRuleWeights(doc.config(), canary, {1, 2, 3}));
  }

  void resetClearsHistory() {
    WorkspaceDocument doc;
    load(doc);
    doc.setRuleWeights(canary, {10, 90}, false);
    load(doc);
    QCOMPARE(doc.undoStack()->count(), 0);
    QVERIFY(!doc.isDirty());
  }
};

QTEST_GUILESS_MAIN(TstWorkspaceDocument)
#include "tst_workspace_document.moc"
