#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "models/document/save_workspace.h"
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

  // Save workspace on every example and the demo: one file that loads
  // back to an equal config (binds, endpoints, tracing, every route).
  void savedWorkspaceReadsBack_data() {
    QTest::addColumn<QString>("workspace");
    QTest::newRow("demo") << QStringLiteral(RD_SOURCE_DIR "/resources/demo/workspace.yaml");
    QTest::newRow("gateway-api") << QStringLiteral(RD_SOURCE_DIR "/resources/examples/gateway-api/workspace.yaml");
    QTest::newRow("istio") << QStringLiteral(RD_SOURCE_DIR "/resources/examples/istio/workspace.yaml");
    QTest::newRow("appmesh") << QStringLiteral(RD_SOURCE_DIR "/resources/examples/appmesh/workspace.yaml");
  }
  void savedWorkspaceReadsBack() {
    QFETCH(QString, workspace);
    auto loaded = api::loadWorkspace({workspace.toStdString()});
    QVERIFY2(!loaded.diagnostics.hasErrors(), loaded.diagnostics.format().c_str());
    const auto file = workspaceFile(loaded.config, {}, QStringLiteral("saved"));
    QVERIFY2(file.lost.isEmpty(), qPrintable(file.lost.join(QLatin1Char('\n'))));
    QVERIFY(file.yaml.startsWith("apiVersion: routedeck.dev/v1alpha1\nkind: Workspace\n"));
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("saved.yaml"));
    QCOMPARE(writeFileAtomically(path, file.yaml), QString());
    auto back = api::loadWorkspace({path.toStdString()});
    QVERIFY2(!back.diagnostics.hasErrors(), back.diagnostics.format().c_str());
    QCOMPARE(back.files.size(), size_t{1});
    QVERIFY(*back.config == *loaded.config);
  }

  // What would not read back is named, so Save can refuse instead of
  // writing a file that loses it.
  void lossIsNamed() {
    auto loaded = api::loadWorkspace({RD_SOURCE_DIR "/resources/demo/workspace.yaml"});
    auto broken = std::make_shared<routedeck::core::model::Config>(*loaded.config);
    broken->listenerBindings.push_back({"demo/nope", "http", "127.0.0.1:1", {}});
    const auto file = workspaceFile(broken, {}, QStringLiteral("x"));
    QVERIFY(!file.lost.isEmpty());
    QVERIFY2(file.lost.join(QLatin1Char('\n')).contains(QStringLiteral("demo/nope")),
             qPrintable(file.lost.join(QLatin1Char('\n'))));
  }

  // A fault with a timer (the fault panel's) is left out of the file.
  void timedFaultsAreNotSaved() {
    auto loaded = api::loadWorkspace({RD_SOURCE_DIR "/resources/demo/workspace.yaml"});
    auto faulted = std::make_shared<routedeck::core::model::Config>(*loaded.config);
    routedeck::core::model::FaultInjection fault;
    fault.abort.emplace();
    faulted->routes[0].rules[1].fault = fault;
    const auto file = workspaceFile(faulted, {canary}, QStringLiteral("x"));
    QVERIFY2(file.lost.isEmpty(), qPrintable(file.lost.join(QLatin1Char('\n'))));
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("x.yaml"));
    QCOMPARE(writeFileAtomically(path, file.yaml), QString());
    auto back = api::loadWorkspace({path.toStdString()});
    QVERIFY(!back.config->routes[0].rules[1].fault.has_value());
    QVERIFY(*back.config == *loaded.config);
    QVERIFY(faulted->routes[0].rules[1].fault.has_value());  // the document's config is untouched
  }

  void writeErrorsSayWhereAndWhy() {
    QTemporaryDir dir;
    const QString missing = dir.filePath(QStringLiteral("no-such-dir/x.yaml"));
    const QString error = writeFileAtomically(missing, "x");
    QVERIFY2(error.startsWith(QStringLiteral("Cannot write ") + missing + QStringLiteral(": ")), qPrintable(error));
    QVERIFY(error.size() > (QStringLiteral("Cannot write : ") + missing).size());
    QCOMPARE(writeFileAtomically(QString(), "x"), QStringLiteral("Cannot write: no file name given"));
  }
};

QTEST_GUILESS_MAIN(TstWorkspaceDocument)
#include "tst_workspace_document.moc"
