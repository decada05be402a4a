// Applied vs edited config: structural edits wait for Apply, weights and
// faults go live while the toggle is on (undo too), Discard is an undo step,
// and the Changes diff shows exactly the pending lines in the workspace's
// own dialect (here Gateway API YAML), under QAbstractItemModelTester.
#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include "models/changes/changes_model.h"
#include "models/changes/pending_changes.h"
#include "models/document/edit_config_command.h"
#include "models/document/set_faults_command.h"
#include "models/document/workspace_document.h"
#include "models/rules/rule_edits.h"
#include "proxycore/api/workspace_io.h"

using namespace routedeck::models;
namespace api = routedeck::core::api;

namespace {

const RuleRef kCanary{QStringLiteral("HTTPRoute"), QStringLiteral("demo"), QStringLiteral("shop"), 1};

QStringList rows(const ChangesModel& m) {
  QStringList out;
  for (int r = 0; r < m.rowCount(); ++r) {
    out << m.index(r).data().toString();
  }
  return out;
}

QStringList rowsOfKind(const ChangesModel& m, int kind) {
  QStringList out;
  for (int r = 0; r < m.rowCount(); ++r) {
    if (m.index(r).data(ChangesModel::KindRole).toInt() == kind) {
      out << m.index(r).data().toString();
    }
  }
  return out;
}

QVector<int> weightsOf(const ConfigConstPtr& c) {
  QVector<int> out;
  for (const auto& b : c->routes[0].rules[1].backends) {
    out << b.weight.value_or(1);
  }
  return out;
}

}  // namespace

class TstChangesModel : public QObject {
  Q_OBJECT
 private:
  struct Setup {
    WorkspaceDocument doc;
    PendingChanges changes{&doc};
    ChangesModel diff{&changes};
    QAbstractItemModelTester tester{&diff, QAbstractItemModelTester::FailureReportingMode::QtTest};
    QSignalSpy applies{&changes, &PendingChanges::applyRequested};
  };

  static void load(Setup& s) {
    auto loaded = api::loadWorkspace({RD_SOURCE_DIR "/resources/demo/workspace.yaml"});
    QVERIFY(!loaded.diagnostics.hasErrors());
    s.doc.reset(loaded.config, QStringLiteral("workspace.yaml"), false);
    s.diff.refresh();
  }

  // Adds "header x-user: beta → shop-v2" to the shop route, as the rule editor does.
  static void addBetaRule(Setup& s) {
    MatchDraft d;
    d.pathValue = QStringLiteral("/api");
    d.headerName = QStringLiteral("x-user");
    d.headerValue = QStringLiteral("beta");
    auto next = withRuleAdded(s.doc.config(), kCanary, d, QStringLiteral("shop-v2:8080"));
    QVERIFY(next);
    s.doc.undoStack()->push(new EditConfigCommand(&s.doc, s.doc.config(), next, QStringLiteral("Add rule")));
  }

 private slots:
  void loadedWorkspaceHasNothingPending() {
    Setup s;
    load(s);
    QVERIFY(!s.changes.isPending());
    QCOMPARE(s.diff.rowCount(), 0);
    QCOMPARE(s.applies.count(), 0);
  }

  void structuralEditWaitsForApply() {
    Setup s;
    load(s);
    QSignalSpy count(&s.diff, &ChangesModel::countChanged);
    addBetaRule(s);
    QVERIFY(s.changes.isPending());
    QCOMPARE(s.applies.count(), 0);  // the core still runs the loaded config
    QTRY_COMPARE(s.diff.hunkCount(), 1);  // deferred to the event loop
    QVERIFY(count.count() >= 1);
    QCOMPARE(count.last().at(0).toInt(), 1);
    // Only additions, written as Gateway API YAML, under a hunk header.
    QCOMPARE(s.diff.removedLines(), 0);
    const QStringList added = rowsOfKind(s.diff, static_cast<int>(DiffKind::Added));
    QVERIFY2(added.contains(QStringLiteral("+             - name: x-user")), qPrintable(added.join('\n')));
    QVERIFY2(added.contains(QStringLiteral("+               value: beta")), qPrintable(added.join('\n')));
    QCOMPARE(s.diff.addedLines(), added.size());
    QVERIFY(rows(s.diff).first().startsWith(QStringLiteral("@@ -")));
    QCOMPARE(s.diff.index(0).data(ChangesModel::KindRole).toInt(), ChangesModel::Hunk);
    QVERIFY(s.diff.unifiedText().contains(QStringLiteral("\n+              value: beta\n")));

    QVERIFY(s.changes.apply().isEmpty());
    QCOMPARE(s.applies.count(), 1);
    QCOMPARE(s.applies.last().at(0).value<ConfigConstPtr>(), s.doc.config());
    QVERIFY(!s.changes.isPending());
    s.diff.refresh();
    QCOMPARE(s.diff.rowCount(), 0);
  }

  void weightsApplyLiveAndSoDoesTheirUndo() {
    Setup s;
    load(s);
    s.doc.setRuleWeights(kCanary, {50, 50}, false);
    QCOMPARE(s.applies.count(), 1);
    QCOMPARE(weightsOf(s.changes.applied()), (QVector<int>{50, 50}));
    QVERIFY(!s.changes.isPending());
    s.doc.undoStack()->undo();
    QCOMPARE(s.applies.count(), 2);
    QCOMPARE(weightsOf(s.applies.last().at(0).value<ConfigConstPtr>()), (QVector<int>{90, 10}));
    QVERIFY(!s.changes.isPending());
  }

  void faultsApplyLive() {
    Setup s;
    load(s);
    Fault f;
    f.abort = routedeck::core::model::FaultAbort{503, std::nullopt, 50.0};
    s.doc.changeFaults({FaultChange{kCanary, std::nullopt, f}}, QStringLiteral("Fault"));
    QCOMPARE(s.applies.count(), 1);
    QVERIFY(s.changes.applied()->routes[0].rules[1].fault.has_value());
    QVERIFY(!s.changes.isPending());
  }

  void liveOffKeepsWeightsPendingWithTheirDiff() {
    Setup s;
    load(s);
    QSignalSpy toggled(&s.changes, &PendingChanges::liveApplyChanged);
    s.changes.setLiveApply(false);
    QCOMPARE(toggled.count(), 1);
    s.doc.setRuleWeights(kCanary, {50, 50}, false);
    QCOMPARE(s.applies.count(), 0);
    QVERIFY(s.changes.isPending());
    s.diff.refresh();
    QCOMPARE(s.diff.hunkCount(), 1);
    QCOMPARE(rowsOfKind(s.diff, static_cast<int>(DiffKind::Removed)),
             (QStringList{QStringLiteral("-           weight: 90"), QStringLiteral("-           weight: 10")}));
    QCOMPARE(rowsOfKind(s.diff, static_cast<int>(DiffKind::Added)),
             (QStringList{QStringLiteral("+           weight: 50"), QStringLiteral("+           weight: 50")}));
    // Line numbers point into each file.
    for (int r = 0; r < s.diff.rowCount(); ++r) {
      const auto idx = s.diff.index(r);
      const int kind = idx.data(ChangesModel::KindRole).toInt();
      if (kind == static_cast<int>(DiffKind::Removed)) {
        QVERIFY(idx.data(ChangesModel::OldLineRole).toInt() > 0);
        QCOMPARE(idx.data(ChangesModel::NewLineRole).toInt(), 0);
      }
    }
    QVERIFY(s.changes.apply().isEmpty());
    QCOMPARE(weightsOf(s.applies.last().at(0).value<ConfigConstPtr>()), (QVector<int>{50, 50}));
  }

  // A live weight edit while a structural edit is pending goes live on its
  // own: the added rule still waits.
  void liveEditLandsBesidePendingOnes() {
    Setup s;
    load(s);
    addBetaRule(s);
    s.doc.setRuleWeights(kCanary, {70, 30}, false);
    QCOMPARE(s.applies.count(), 1);
    const auto running = s.applies.last().at(0).value<ConfigConstPtr>();
    QCOMPARE(weightsOf(running), (QVector<int>{70, 30}));
    QCOMPARE(running->routes[0].rules.size(), size_t{2});
    QVERIFY(s.changes.isPending());
    s.diff.refresh();
    QCOMPARE(s.diff.removedLines(), 0);  // the weights are no longer a difference
    QVERIFY(!rowsOfKind(s.diff, static_cast<int>(DiffKind::Added)).join('\n').contains(QStringLiteral("weight")));
  }

  // A weight edit of a rule the pending edits changed otherwise stays pending.
  void liveEditOfAChangedRuleStaysPending() {
    Setup s;
    load(s);
    MatchDraft d;
    d.headerName = QStringLiteral("x-user");
    d.headerValue = QStringLiteral("beta");
    auto next = withHeaderMatchAdded(s.doc.config(), kCanary, 0, d);
    QVERIFY(next);
    s.doc.undoStack()->push(new EditConfigCommand(&s.doc, s.doc.config(), next, QStringLiteral("Add header")));
    s.doc.setRuleWeights(kCanary, {70, 30}, false);
    QCOMPARE(s.applies.count(), 0);
    QCOMPARE(weightsOf(s.changes.applied()), (QVector<int>{90, 10}));
  }

  void discardIsAnUndoStep() {
    Setup s;
    load(s);
    addBetaRule(s);
    const auto edited = s.doc.config();
    const int steps = s.doc.undoStack()->count();
    s.changes.discard();
    QCOMPARE(s.doc.undoStack()->count(), steps + 1);
    QVERIFY(!s.changes.isPending());
    QCOMPARE(s.doc.config()->routes[0].rules.size(), size_t{2});
    QCOMPARE(s.applies.count(), 0);  // nothing to apply: the core runs this already
    s.doc.undoStack()->undo();
    QCOMPARE(s.doc.config(), edited);
    QVERIFY(s.changes.isPending());
    s.diff.refresh();
    QCOMPARE(s.diff.hunkCount(), 1);
  }

  void invalidDocumentIsNotApplied() {
    Setup s;
    load(s);
    MatchDraft d;
    d.headerName = QStringLiteral("x-user");
    d.headerType = QStringLiteral("RegularExpression");
    d.headerValue = QStringLiteral("(beta");
    auto broken = withHeaderMatchAdded(s.doc.config(), kCanary, 0, d);
    QVERIFY(broken);
    s.doc.undoStack()->push(new EditConfigCommand(&s.doc, s.doc.config(), broken, QStringLiteral("Break")));
    const auto errors = s.changes.apply();
    QVERIFY(!errors.isEmpty());
    QVERIFY2(errors.first().message.contains(QStringLiteral("missing )")), qPrintable(errors.first().message));
    QCOMPARE(s.applies.count(), 0);
    QVERIFY(s.changes.isPending());
  }

  void resyncAfterARefusedApply() {
    Setup s;
    load(s);
    const auto loaded = s.changes.applied();
    s.doc.setRuleWeights(kCanary, {50, 50}, false);
    s.changes.resync(loaded);  // the core refused it
    QVERIFY(s.changes.isPending());
    s.diff.refresh();
    QCOMPARE(s.diff.hunkCount(), 1);
  }
};

QTEST_GUILESS_MAIN(TstChangesModel)
#include "tst_changes_model.moc"
