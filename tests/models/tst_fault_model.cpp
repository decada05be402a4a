#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include "models/document/workspace_document.h"
#include "models/faults/fault_model.h"
#include "proxycore/api/workspace_io.h"

using namespace routedeck::models;
namespace api = routedeck::core::api;

class TstFaultModel : public QObject {
  Q_OBJECT
 private:
  const RuleRef canary{QStringLiteral("HTTPRoute"), QStringLiteral("demo"), QStringLiteral("shop"), 1};
  const RuleRef ratings{QStringLiteral("HTTPRoute"), QStringLiteral("demo"), QStringLiteral("ratings"), 0};

  void load(WorkspaceDocument& doc) {
    auto loaded = api::loadWorkspace({RD_SOURCE_DIR "/resources/demo/workspace.yaml"});
    QVERIFY(!loaded.diagnostics.hasErrors());
    doc.reset(loaded.config, QStringLiteral("workspace.yaml"), false);
  }
  static FaultDraft abort100(qint64 revertMs) {
    FaultDraft d;
    d.abort = true;
    d.abortStatus = 503;
    d.abortPercent = 100;
    d.revertAfterMs = revertMs;
    return d;
  }

 private slots:
  void describesTheFault_data() {
    QTest::addColumn<bool>("delay");
    QTest::addColumn<bool>("abort");
    QTest::addColumn<QString>("text");
    QTest::newRow("delay") << true << false << QStringLiteral("delay 2s @10%");
    QTest::newRow("abort") << false << true << QStringLiteral("abort 503 @100%");
    QTest::newRow("both") << true << true << QStringLiteral("delay 2s @10% · abort 503 @100%");
    QTest::newRow("neither") << false << false << QString();
  }
  void describesTheFault() {
    QFETCH(bool, delay);
    QFETCH(bool, abort);
    QFETCH(QString, text);
    WorkspaceDocument doc;
    load(doc);
    FaultModel model(&doc);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    FaultDraft d = abort100(60000);
    d.delay = delay;
    d.abort = abort;
    model.apply(canary, d);
    QCOMPARE(model.describe(canary), text);
    QCOMPARE(model.rowCount(), text.isEmpty() ? 0 : 1);
    QCOMPARE(doc.undoStack()->count(), text.isEmpty() ? 0 : 1);
    if (!text.isEmpty()) {
      QCOMPARE(model.index(0, FaultModel::FaultColumn).data().toString(), text);
      QCOMPARE(model.index(0, FaultModel::RemainingColumn).data().toString(), QStringLiteral("1:00"));
      const FaultDraft back = model.draftFor(canary);
      QCOMPARE(back.delay, delay);
      QCOMPARE(back.abort, abort);
    }
  }

  void timerRevertsAsAnUndoStep() {
    WorkspaceDocument doc;
    load(doc);
    const auto original = doc.config();
    FaultModel model(&doc);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy active(&model, &FaultModel::activeChanged);
    model.apply(canary, abort100(300));
    QVERIFY(model.hasFault(canary));
    QVERIFY(model.remainingMs(canary) > 0 && model.remainingMs(canary) <= 300);
    QTRY_VERIFY_WITH_TIMEOUT(!model.hasFault(canary), 3000);
    QCOMPARE(*doc.config(), *original);
    QCOMPARE(doc.undoStack()->count(), 2);  // inject, auto-revert
    QCOMPARE(active.count(), 2);
    // Undoing the revert brings the fault back with a fresh timer.
    doc.undoStack()->undo();
    QVERIFY(model.hasFault(canary));
    QVERIFY(model.remainingMs(canary) > 0);
    QTRY_VERIFY_WITH_TIMEOUT(!model.hasFault(canary), 3000);
  }

  void stopAllIsOneStep() {
    WorkspaceDocument doc;
    load(doc);
    const auto original = doc.config();
    FaultModel model(&doc);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.apply(canary, abort100(60000));
    FaultDraft delay;
    delay.delay = true;
    model.apply(ratings, delay);
    QCOMPARE(model.activeCount(), 2);
    model.stopAll();
    QCOMPARE(model.activeCount(), 0);
    QCOMPARE(*doc.config(), *original);
    QCOMPARE(doc.undoStack()->count(), 3);
    doc.undoStack()->undo();
    QCOMPARE(model.activeCount(), 2);
    doc.undoStack()->undo();
    doc.undoStack()->undo();
    QCOMPARE(model.activeCount(), 0);
    QVERIFY(!doc.isDirty());
  }

  void countdownFormat_data() {
    QTest::addColumn<qint64>("ms");
    QTest::addColumn<QString>("text");
    QTest::newRow("none") << qint64{-1} << QStringLiteral("—");
    QTest::newRow("zero") << qint64{0} << QStringLiteral("0:00");
    QTest::newRow("rounds up") << qint64{200} << QStringLiteral("0:01");
    QTest::newRow("five minutes") << qint64{300000} << QStringLiteral("5:00");
    QTest::newRow("4:59") << qint64{298500} << QStringLiteral("4:59");
  }
  void countdownFormat() {
    QFETCH(qint64, ms);
    QFETCH(QString, text);
    QCOMPARE(FaultModel::formatCountdown(ms), text);
  }
};

QTEST_GUILESS_MAIN(TstFaultModel)
#include "tst_fault_model.moc"
