#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include "models/explain/explain_model.h"
#include "proxycore/api/workspace_io.h"

using namespace routedeck::models;
namespace api = routedeck::core::api;

class TstExplainModel : public QObject {
  Q_OBJECT
 private:
  ConfigConstPtr demo;

 private slots:
  void initTestCase() {
    auto loaded = api::loadWorkspace({RD_SOURCE_DIR "/resources/demo/workspace.yaml"});
    QVERIFY(!loaded.diagnostics.hasErrors());
    demo = loaded.config;
  }

  void explains_data() {
    QTest::addColumn<QString>("request");
    QTest::addColumn<QString>("headers");
    QTest::addColumn<QString>("winner");   // rule id, empty = none
    QTest::addColumn<QString>("summary");  // a part of it
    QTest::addColumn<QString>("hint");     // a part of it, empty = no hint
    QTest::newRow("canary") << "GET http://shop.example.com/api/items" << "" << "HTTPRoute/demo/shop#1"
                            << "demo/shop-v1:8080 (weight 90)" << "";
    QTest::newRow("pinned by header") << "GET http://shop.example.com/api/items" << "x-version: v2\n"
                                      << "HTTPRoute/demo/shop#0" << "demo/shop-v2:8080" << "";
    QTest::newRow("ratings") << "GET http://shop.example.com/ratings/7" << "" << "HTTPRoute/demo/ratings#0"
                             << "demo/ratings" << "";
    QTest::newRow("typo 404") << "GET http://shop.example.com/ratingz/7" << "" << ""
                              << "404 — no rule takes this request" << "wants path /ratings";
    QTest::newRow("segment typo") << "GET http://shop.example.com/apiz/1" << "" << "" << "404" << "wants path /api;";
    QTest::newRow("far 404") << "GET http://shop.example.com/checkout" << "" << "" << "404" << "";
  }
  void explains() {
    QFETCH(QString, request);
    QFETCH(QString, headers);
    QFETCH(QString, winner);
    QFETCH(QString, summary);
    QFETCH(QString, hint);
    ExplainModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy done(&model, &ExplainModel::explained);
    model.explain(demo, request, headers);
    QVERIFY(model.busy());
    QVERIFY(done.wait(10000));
    QVERIFY(!model.busy());
    QVERIFY2(model.error().isEmpty(), qPrintable(model.error()));
    QCOMPARE(model.rowCount(), 3);  // every candidate of shop.example.com, in precedence order
    QVERIFY2(model.summary().contains(summary), qPrintable(model.summary()));
    if (winner.isEmpty()) {
      QCOMPARE(model.winnerRow(), -1);
      for (int r = 0; r < model.rowCount(); ++r) {
        QCOMPARE(model.index(r, 0).data(ExplainModel::OutcomeRole).toString(), QStringLiteral("no match"));
        QVERIFY(!model.index(r, ExplainModel::ReasonColumn).data().toString().isEmpty());
      }
    } else {
      QVERIFY(model.winnerRow() >= 0);
      QCOMPARE(model.index(model.winnerRow(), 0).data(ExplainModel::RuleIdRole).toString(), winner);
      QVERIFY(model.index(model.winnerRow(), 0).data(Qt::FontRole).value<QFont>().bold());
    }
    if (hint.isEmpty()) {
      QVERIFY2(model.nearestHint().isEmpty(), qPrintable(model.nearestHint()));
    } else {
      QVERIFY2(model.nearestHint().contains(hint), qPrintable(model.nearestHint()));
      QVERIFY(model.index(model.nearestRow(), ExplainModel::OutcomeColumn).data().toString().contains(QStringLiteral("nearest")));
    }
  }

  void malformedRequestIsAnError() {
    ExplainModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy done(&model, &ExplainModel::explained);
    model.explain(demo, QStringLiteral("nonsense"), {});
    QVERIFY(done.wait(10000));
    QVERIFY(!model.error().isEmpty());
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(model.summary().startsWith(QStringLiteral("Cannot route")));
  }

  void onlyTheNewestAnswerIsShown() {
    ExplainModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy done(&model, &ExplainModel::explained);
    for (int i = 0; i < 5; ++i) {
      model.explain(demo, QStringLiteral("GET http://shop.example.com/old/%1").arg(i), {});
    }
    model.explain(demo, QStringLiteral("GET http://shop.example.com/api/items"), QStringLiteral("x-version: v2"));
    QVERIFY(done.wait(10000));
    QTest::qWait(100);  // the older answers, had they not been dropped, would land now
    QCOMPARE(done.count(), 1);
    QCOMPARE(model.requestLine(), QStringLiteral("GET http://shop.example.com/api/items"));
    QVERIFY(model.winnerRow() >= 0);
  }
};

QTEST_GUILESS_MAIN(TstExplainModel)
#include "tst_explain_model.moc"
