#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include "models/document/workspace_document.h"
#include "models/graph/route_graph_model.h"
#include "models/routes/route_tree_model.h"
#include "proxycore/api/workspace_io.h"

using namespace routedeck::models;
namespace api = routedeck::core::api;

class TstRouteTreeModel : public QObject {
  Q_OBJECT
 private:
  ConfigConstPtr demo() {
    auto loaded = api::loadWorkspace({RD_SOURCE_DIR "/resources/demo/workspace.yaml"});
    if (loaded.diagnostics.hasErrors()) {
      qWarning("%s", loaded.diagnostics.format().c_str());
    }
    return loaded.config;
  }

 private slots:
  void demoStructure() {
    const auto config = demo();
    QVERIFY(config);
    RouteTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setTopology(Topology::fromConfig(*config));
    QCOMPARE(model.rowCount(), 1);
    const QModelIndex gw = model.index(0, 0);
    QCOMPARE(gw.data().toString(), QStringLiteral("edge"));
    const QModelIndex listener = model.index(0, 0, gw);
    QCOMPARE(listener.data().toString(), QStringLiteral("http"));
    QCOMPARE(model.rowCount(listener), 2);
    const QModelIndex shop = model.index(0, 0, listener);
    QCOMPARE(shop.data().toString(), QStringLiteral("shop"));
    QCOMPARE(model.rowCount(shop), 2);
    const QModelIndex canary = model.index(1, 0, shop);
    QCOMPARE(canary.data().toString(), QStringLiteral("canary"));
    QCOMPARE(canary.data(RouteTreeModel::RuleIdRole).toString(), QStringLiteral("HTTPRoute/demo/shop#1"));
    QCOMPARE(model.index(1, RouteTreeModel::DetailColumn, shop).data().toString(), QStringLiteral("prefix /api"));
    QCOMPARE(model.indexForId(QStringLiteral("ru:HTTPRoute/demo/shop#1")), canary);
    QVERIFY(!model.indexForId(QStringLiteral("nope")).isValid());
  }

  void weightChangeDoesNotReset() {
    const auto config = demo();
    RouteTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setTopology(Topology::fromConfig(*config));
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    const RuleRef canary{QStringLiteral("HTTPRoute"), QStringLiteral("demo"), QStringLiteral("shop"), 1};
    const auto edited = withRuleWeights(config, canary, {50, 50});
    QVERIFY(edited);
    model.setTopology(Topology::fromConfig(*edited));
    QCOMPARE(resets.count(), 0);
  }

  void graphEdgesCarryWeights() {
    const auto config = demo();
    RouteGraphModel graph;
    graph.setTopology(Topology::fromConfig(*config));
    const int rule = graph.indexOf(QStringLiteral("ru:HTTPRoute/demo/shop#1"));
    QVERIFY(rule >= 0);
    QVector<int> percents;
    for (const auto& e : graph.edges()) {
      if (e.from == rule) percents << e.percent;
    }
    QCOMPARE(percents, (QVector<int>{90, 10}));
    QCOMPARE(graph.search(QStringLiteral("CANARY")), QStringList{QStringLiteral("ru:HTTPRoute/demo/shop#1")});
  }
};

QTEST_GUILESS_MAIN(TstRouteTreeModel)
#include "tst_route_tree_model.moc"
