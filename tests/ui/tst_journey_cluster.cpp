// Journey 6 (UX.md), "From a cluster", against the test API server
// (routedeck-test-apiserver) with real echo backends: pick the kube
// context, find the HTTPRoute, run the cluster's routes locally, shift the
// canary with the slider, review the diff and the server's dry run. The
// route was created by another field manager ("gitops"), so server-side
// apply reports that it owns the weights: nothing is written until the
// user forces (confirmed). Once RouteDeck owns them, an edit dry-runs clean
// and applies. Another writer's edit appears live; an edit from the now
// stale version is a conflict shown as base / yours / theirs, never
// overwritten and not forceable.
#include <QChart>
#include <QComboBox>
#include <QLineSeries>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QTest>
#include <QTreeView>

#include "models/workbench.h"
#include "proxycore/kube/json_node.h"
#include "tests/proxycore/proxy/live_http.h"
#include "tests/proxycore/proxy/proxy_env.h"
#include "tests/ui/cluster_journey_objects.h"
#include "tests/support/kube_test_api.h"
#include "tests/ui/journey_fixture.h"
#include "tests/support/istio_metrics_fixture.h"
#include "ui/cluster/cluster_metrics_view.h"
#include "ui/cluster/cluster_apply_dialog.h"
#include "ui/cluster/cluster_panel.h"
#include "ui/editors/canary_panel.h"
#include "ui/inspectors/inspector_panel.h"
#include "ui/main/main_window.h"

using namespace routedeck;
using namespace routedeck::tests;
using namespace routedeck::tests::cluster_journey;
namespace kube = routedeck::core::kube;

namespace {
const QString kRule = QStringLiteral("ru:HTTPRoute/shop/web#0");
const std::string kRoutePath = "/apis/gateway.networking.k8s.io/v1/namespaces/shop/httproutes/web";
}  // namespace

class TstJourneyCluster : public QObject {
  Q_OBJECT
 private:
  tests::Journey j;
  ProxyEnv m_env;
  QString m_kubeconfig;
  KubeTestApi m_other;  // another operator

  models::Workbench& wb() { return j.app->workbench(); }
  ui::ClusterPanel* panel() { return j.app->window().clusterPanel(); }
  ui::CanaryPanel* canary() { return j.app->window().inspector()->canaryPanel(); }

  int send(const char* method, const std::string& path, const QString& body,
           const char* contentType = "application/json") {
    return m_other.send(method, path, body, contentType);
  }
  // The weights the server stores for web's rule, e.g. "90/10".
  QString serverWeights() {
    auto node = kube::parseJson(m_other.get(kRoutePath));
    if (!node) return {};
    const auto* refs = kube::findPath(*node, {"spec", "rules"});
    if (!refs || refs->items().empty()) return {};
    const auto* b = refs->items()[0].find("backendRefs");
    if (!b || b->items().size() != 2) return {};
    return QStringLiteral("%1/%2").arg(QString::fromStdString(kube::textAt(b->items()[0], {"weight"})),
                                       QString::fromStdString(kube::textAt(b->items()[1], {"weight"})));
  }
  std::string serverObject() { return m_other.get(kRoutePath); }
  void setSplit(int b) {
    wb().select(kRule);
    QTRY_VERIFY_WITH_TIMEOUT(canary()->isVisible() || canary()->spinBox(1) != nullptr, 5000);
    canary()->spinBox(1)->setValue(b);
  }
  ui::ClusterApplyDialog* review() {
    auto& w = j.app->window();
    QSignalSpy reviewed(&wb().cluster(), &models::ClusterSession::changesFound);
    panel()->applyButton()->click();
    auto* dialog = w.clusterApplyDialog();
    if (!dialog || !reviewed.wait(10000)) return nullptr;
    return dialog;
  }

 private slots:
  void initTestCase() {
    prepareGuiTest();
    if (!KubeTestApi::available()) QSKIP("build/bin/routedeck-test-apiserver is not built");
    QVERIFY2(m_other.startServer(m_env.path(QString())), qPrintable(m_other.error()));
    m_kubeconfig = m_other.kubeconfig();
    QVERIFY(m_other.connect(m_kubeconfig, "cert"));
    QCOMPARE(m_env.startEcho({QStringLiteral("svc-a"), QStringLiteral("svc-b")}).size(), size_t(2));
    QCOMPARE(send("POST", "/api/v1/namespaces", namespaceObject(QStringLiteral("shop"))), 201);
    for (const QString& s : {QStringLiteral("svc-a"), QStringLiteral("svc-b")}) {
      QCOMPARE(send("POST", "/api/v1/namespaces/shop/services", service(s)), 201);
    }
    QCOMPARE(send("POST", "/apis/gateway.networking.k8s.io/v1/namespaces/shop/gateways", gateway()), 201);
    QCOMPARE(send("POST", "/apis/gateway.networking.k8s.io/v1/namespaces/shop/httproutes?fieldManager=gitops",
                  route(90, 10)),
             201);
    QVERIFY(j.launchShown(5));
  }

  void pickContextAndBrowse() {
    panel()->reloadContexts({m_kubeconfig});
    QCOMPARE(panel()->contexts()->count(), 2);  // token and cert users
    QCOMPARE(panel()->contexts()->currentData().toString(), QStringLiteral("token"));
    panel()->connectButton()->click();
    QTRY_VERIFY_WITH_TIMEOUT(panel()->target()->text().contains(QStringLiteral("https://127.0.0.1:")), 10000);
    QVERIFY(panel()->target()->text().contains(QStringLiteral("<b>token</b>")));
    QTRY_VERIFY_WITH_TIMEOUT(wb().clusterObjects().objectCount() >= 4, 10000);
    panel()->search()->setText(QStringLiteral("web"));
    auto* view = panel()->tree();
    QTRY_VERIFY(view->model()->rowCount() == 1);  // only "Gateway API" has a match
    const QModelIndex dialect = view->model()->index(0, 0);
    const QModelIndex kind = view->model()->index(0, 0, dialect);
    QCOMPARE(kind.data().toString(), QStringLiteral("HTTPRoute (1)"));
    QCOMPARE(view->model()->index(0, 0, kind).data().toString(), QStringLiteral("shop/web"));
    panel()->search()->clear();
  }

  void runLocallyServesTheClusterRoutes() {
    panel()->setLocalEndpoints({{QStringLiteral("shop/svc-a"), QStringLiteral("127.0.0.1:%1").arg(m_env.echoPort("svc-a"))},
                                {QStringLiteral("shop/svc-b"), QStringLiteral("127.0.0.1:%1").arg(m_env.echoPort("svc-b"))}});
    panel()->runLocallyButton()->click();
    QTRY_VERIFY_WITH_TIMEOUT(wb().routeTree().indexForId(kRule).isValid(), 10000);
    QVERIFY(wb().document().displayName().contains(QStringLiteral("cluster")));
    QTRY_VERIFY_WITH_TIMEOUT(j.proxyPort() > 0, 5000);
    HttpClient c(j.proxyPort());
    QMap<QString, int> seen;
    for (int i = 0; i < 40; ++i) ++seen[c.get("/", "web.example.com").service()];
    QVERIFY2(seen.value(QStringLiteral("svc-a")) > 20, qPrintable(QStringLiteral("%1").arg(seen.value("svc-a"))));
    // Opening the object in the Clusters tree shows its rule in the editors.
    wb().select(QString());
    const QModelIndex web = wb().clusterObjects().find(QStringLiteral("HTTPRoute"), QStringLiteral("shop"),
                                                       QStringLiteral("web"));
    auto* filter = qobject_cast<QSortFilterProxyModel*>(panel()->tree()->model());
    QVERIFY(filter && web.isValid());
    emit panel()->tree()->activated(filter->mapFromSource(web));
    QCOMPARE(wb().selectedNode(), kRule);
    QTRY_VERIFY(canary()->isVisible());
  }

  void firstEditMeetsTheCreatorsOwnership() {
    setSplit(50);
    QTRY_COMPARE_WITH_TIMEOUT(canary()->spinBox(0)->value(), 50, 5000);
    auto* dialog = review();
    QVERIFY(dialog);
    QVERIFY(dialog->target()->text().contains(QStringLiteral("https://127.0.0.1:")));
    QCOMPARE(dialog->changeList()->count(), 1);
    QVERIFY2(dialog->changeList()->item(0)->text().startsWith(QStringLiteral("HTTPRoute shop/web")),
             qPrintable(dialog->changeList()->item(0)->text()));
    const QString diff = dialog->diff()->toPlainText();
    QVERIFY2(diff.contains(QStringLiteral("-")) && diff.contains(QStringLiteral("\"weight\": 50")), qPrintable(diff));
    // The dry run already tells: gitops owns .spec.rules.
    QVERIFY2(dialog->conflictView()->isVisible(), qPrintable(dialog->verdict()->text()));
    QVERIFY(dialog->changes().first().conflictingManagers.contains(QStringLiteral("gitops")));
    QVERIFY(dialog->forceButton()->isVisible());
    QVERIFY(!dialog->applyButton()->isEnabled());
    QCOMPARE(serverWeights(), QStringLiteral("90/10"));  // nothing written
    dialog->setConfirmForce(false);  // the confirmation box, answered Yes
    QSignalSpy applied(dialog, &ui::ClusterApplyDialog::applied);
    dialog->forceButton()->click();
    QVERIFY(applied.wait(10000));
    QCOMPARE(applied.first().first().toBool(), true);
    QCOMPARE(serverWeights(), QStringLiteral("50/50"));
    QVERIFY(serverObject().find("\"manager\":\"routedeck\"") != std::string::npos);
    dialog->reject();
  }

  void ownedFieldsDryRunCleanThenApply() {
    setSplit(45);
    auto* dialog = review();
    QVERIFY(dialog);
    QVERIFY2(dialog->verdict()->text().contains(QStringLiteral("dry run: accepted")), qPrintable(dialog->verdict()->text()));
    QVERIFY(!dialog->conflictView()->isVisible());
    QCOMPARE(serverWeights(), QStringLiteral("50/50"));  // the dry run wrote nothing
    QVERIFY(dialog->applyButton()->isEnabled());
    QSignalSpy applied(dialog, &ui::ClusterApplyDialog::applied);
    dialog->applyButton()->click();
    QVERIFY(applied.wait(10000));
    QCOMPARE(applied.first().first().toBool(), true);
    QCOMPARE(serverWeights(), QStringLiteral("55/45"));
    dialog->reject();
  }

  void anotherWritersChangeAppears() {
    QCOMPARE(send("PATCH", kRoutePath + "?fieldManager=other-operator", weightsPatch(QStringLiteral("svc-a"), 70, QStringLiteral("svc-b"), 30),
                  "application/merge-patch+json"),
             200);
    const QModelIndex web = wb().clusterObjects().find(QStringLiteral("HTTPRoute"), QStringLiteral("shop"),
                                                       QStringLiteral("web"));
    QVERIFY(web.isValid());
    QTRY_VERIFY_WITH_TIMEOUT(
        wb().clusterObjects().find("HTTPRoute", "shop", "web").data(models::ClusterObjectsModel::ChangedByOthersRole).toBool(),
        5000);
  }

  void conflictingEditIsExplainedNotOverwritten() {
    setSplit(20);
    auto* dialog = review();
    QVERIFY(dialog);
    QVERIFY2(dialog->conflictView()->isVisible(), qPrintable(dialog->verdict()->text()));
    QVERIFY(dialog->verdict()->text().contains(QStringLiteral("nothing was written")));
    QVERIFY2(dialog->theirs()->toPlainText().contains(QStringLiteral("\"weight\": 30")),
             qPrintable(dialog->theirs()->toPlainText()));
    QVERIFY(!dialog->applyButton()->isEnabled());
    QVERIFY(!dialog->forceButton()->isVisible());  // a stale version is not forced: start from theirs
    QCOMPARE(serverWeights(), QStringLiteral("70/30"));
    dialog->reject();
  }

  // The Cluster metrics tab: a route's traffic from the cluster's
  // Prometheus (Istio's standard metrics, backfilled an hour back).
  void clusterMetricsOfTheSelectedRoute() {
    IstioMetricsFixture istio;
    if (!istio.skipReason().isEmpty()) QSKIP(qPrintable(istio.skipReason()));
    QVERIFY2(istio.start(), qPrintable(istio.error()));
    QCOMPARE(send("POST", "/apis/gateway.networking.k8s.io/v1/namespaces/default/httproutes",
                  reviewsRoute()),
             201);
    QTRY_VERIFY_WITH_TIMEOUT(wb().clusterObjects().find("HTTPRoute", "default", "reviews").isValid(), 5000);
    wb().clusterMetrics().setWindow(2 * 3600, 60000);  // the data is an hour old
    auto* view = j.app->window().clusterMetrics();
    view->prometheusUrl()->setText(istio.url());
    emit view->prometheusUrl()->editingFinished();
    auto* tree = panel()->tree();
    panel()->search()->setText(QStringLiteral("reviews"));
    QModelIndex found;
    QTRY_VERIFY((found = tree->model()->index(0, 0, tree->model()->index(0, 0, tree->model()->index(0, 0)))).isValid());
    tree->setCurrentIndex(found);
    QTRY_COMPARE_WITH_TIMEOUT(view->title()->text().startsWith(QStringLiteral("HTTPRoute default/reviews")), true, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(!view->rateChart()->series().isEmpty() &&
                                 !static_cast<QLineSeries*>(view->rateChart()->series().first())->points().isEmpty(),
                             10000);
    auto* all = static_cast<QLineSeries*>(view->rateChart()->series().first());
    QCOMPARE(all->name(), QStringLiteral("all"));
    for (const auto& p : all->points()) QVERIFY2(qAbs(p.y() - 14) < 1e-6, qPrintable(QString::number(p.y())));
    QVERIFY(view->title()->text().contains(QStringLiteral("reviews.default.svc.cluster.local")));
    panel()->search()->clear();
  }
};

QTEST_MAIN(TstJourneyCluster)
#include "tst_journey_cluster.moc"
