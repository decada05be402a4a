// The cluster browser's tree under QAbstractItemModelTester: objects are
// grouped dialect → kind, sorted, and another writer's change updates rows
// in place (a selected object keeps its index), new ones are inserted and
// deleted ones removed, never a reset.
#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include "models/cluster/cluster_objects_model.h"

using namespace routedeck::models;

namespace {

ClusterObjectRow row(const char* dialect, const char* kind, const char* ns, const char* name, const char* rv) {
  ClusterObjectRow r;
  r.dialect = QString::fromLatin1(dialect);
  r.kind = QString::fromLatin1(kind);
  r.ns = QString::fromLatin1(ns);
  r.name = QString::fromLatin1(name);
  r.resourceVersion = QString::fromLatin1(rv);
  r.key = r.kind + QLatin1Char('/') + r.ns + QLatin1Char('/') + r.name;
  return r;
}

}  // namespace

class TestClusterObjectsModel : public QObject {
  Q_OBJECT
 private slots:
  void groupsSortsAndUpdatesInPlace() {
    ClusterObjectsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRows({row("Istio", "VirtualService", "shop", "reviews", "5"),
                   row("Gateway API", "HTTPRoute", "shop", "web", "3"),
                   row("Gateway API", "HTTPRoute", "app", "api", "4"),
                   row("Gateway API", "Gateway", "infra", "edge", "1")});
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("Gateway API"));
    const QModelIndex routes = model.index(1, 0, model.index(0, 0));
    QCOMPARE(routes.data().toString(), QStringLiteral("HTTPRoute (2)"));
    QCOMPARE(model.index(0, 0, routes).data().toString(), QStringLiteral("app/api"));
    QCOMPARE(model.objectCount(), 4);

    QPersistentModelIndex web = model.find(QStringLiteral("HTTPRoute"), QStringLiteral("shop"), QStringLiteral("web"));
    QVERIFY(web.isValid());
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    // Someone else edits web (new version) and deletes the VirtualService.
    auto edited = row("Gateway API", "HTTPRoute", "shop", "web", "9");
    edited.changedByOthers = true;
    model.setRows({edited, row("Gateway API", "HTTPRoute", "app", "api", "4"),
                   row("Gateway API", "Gateway", "infra", "edge", "1")});
    QCOMPARE(resets.count(), 0);
    QCOMPARE(changed.count(), 1);
    QVERIFY(web.isValid());
    QCOMPARE(web.sibling(web.row(), ClusterObjectsModel::VersionColumn).data().toString(), QStringLiteral("9"));
    QVERIFY(web.data(ClusterObjectsModel::ChangedByOthersRole).toBool());
    QVERIFY(web.data().toString().endsWith(QStringLiteral(" ●")));
    QCOMPARE(model.rowCount(), 1);  // Istio is gone with its last object
    // A new kind appears under an existing dialect.
    model.setRows({edited, row("Gateway API", "GRPCRoute", "app", "rpc", "10"),
                   row("Gateway API", "HTTPRoute", "app", "api", "4"), row("Gateway API", "Gateway", "infra", "edge", "1")});
    QCOMPARE(model.rowCount(model.index(0, 0)), 3);
    QVERIFY(web.isValid());
    QCOMPARE(web.data(ClusterObjectsModel::NameRole).toString(), QStringLiteral("web"));
  }
};

QTEST_GUILESS_MAIN(TestClusterObjectsModel)
#include "tst_cluster_objects_model.moc"
