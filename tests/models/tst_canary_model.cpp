#include <QSignalSpy>
#include <QTest>

#include "models/canary/canary_model.h"

using namespace routedeck::models;

class TstCanaryModel : public QObject {
  Q_OBJECT
 private:
  RuleRef rule{QStringLiteral("HTTPRoute"), QStringLiteral("demo"), QStringLiteral("shop"), 1};

 private slots:
  void setRuleNormalises() {
    CanaryModel m;
    m.setRule(rule, {QStringLiteral("v1"), QStringLiteral("v2")}, {9, 1});
    QCOMPARE(m.percentages(), (QVector<int>{90, 10}));
    QVERIFY(!m.isLocked(0));
  }

  void editEmitsWeights() {
    CanaryModel m;
    m.setRule(rule, {QStringLiteral("v1"), QStringLiteral("v2")}, {90, 10});
    QSignalSpy edited(&m, &CanaryModel::weightsEdited);
    m.setPercent(1, 50, true);
    QCOMPARE(m.percentages(), (QVector<int>{50, 50}));
    QCOMPARE(edited.count(), 1);
    QCOMPARE(edited.at(0).at(1).value<QVector<int>>(), (QVector<int>{50, 50}));
    QCOMPARE(edited.at(0).at(2).toBool(), true);
  }

  void stepButtonsAreValues() {
    CanaryModel m;
    m.setRule(rule, {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}, {60, 20, 20});
    for (int step : CanaryModel::steps()) {
      m.setPercent(0, step);
      QCOMPARE(m.percent(0), step);
      int sum = 0;
      for (int p : m.percentages()) sum += p;
      QCOMPARE(sum, 100);
    }
    QCOMPARE(CanaryModel::steps(), (QVector<int>{0, 5, 25, 50, 100}));
  }

  void lockedEntryDoesNotMove() {
    CanaryModel m;
    m.setRule(rule, {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}, {50, 30, 20});
    m.setLocked(1, true);
    m.setPercent(0, 10);
    QCOMPARE(m.percentages(), (QVector<int>{10, 30, 60}));
    QSignalSpy edited(&m, &CanaryModel::weightsEdited);
    m.setPercent(1, 90);  // locked: ignored
    QCOMPARE(edited.count(), 0);
    QVERIFY(m.isAdjustable(0));
    m.setLocked(2, true);
    QVERIFY(!m.isAdjustable(0));
  }

  void syncDoesNotEmitEdit() {
    CanaryModel m;
    m.setRule(rule, {QStringLiteral("v1"), QStringLiteral("v2")}, {90, 10});
    QSignalSpy edited(&m, &CanaryModel::weightsEdited);
    QSignalSpy changed(&m, &CanaryModel::changed);
    m.sync({50, 50});
    QCOMPARE(m.percentages(), (QVector<int>{50, 50}));
    QCOMPARE(edited.count(), 0);
    QCOMPARE(changed.count(), 1);
  }
};

QTEST_GUILESS_MAIN(TstCanaryModel)
#include "tst_canary_model.moc"
