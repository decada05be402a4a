// RouteDeck's Kubernetes client against routedeck-test-apiserver (tests/kubeapi): discovery,
// authentication (token, client certificate, exec plugin refresh), TLS options, typed errors
// for injected faults, server-side apply conflicts, list/watch through 410 and dropped
// streams, dry runs and change-set rollback.
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QTest>

#include <sys/stat.h>

#include <fstream>
#include <mutex>

#include "proxycore/kube/change_set.h"
#include "proxycore/kube/discovery.h"
#include "proxycore/kube/json_node.h"
#include "proxycore/kube/kube_client.h"
#include "proxycore/kube/resource_client.h"
#include "proxycore/kube/resource_watch.h"
#include "proxycore/kube/server_side_apply.h"
#include "tests/proxycore/kube/kube_api_fixture.h"

using namespace routedeck::core;
using namespace routedeck::core::kube;
using namespace std::chrono_literals;
using kubetest::httpRoute;
using yaml::Node;

namespace {

const char* kRoutesPath = "/apis/gateway.networking.k8s.io/v1/namespaces/default/httproutes";

// Collects a watch's events for the test thread.
struct Recorder {
  std::mutex mutex;
  std::vector<WatchEvent> events;

  void operator()(const WatchEvent& e) {
    std::lock_guard lock(mutex);
    events.push_back(e);
  }
  int count(WatchEvent::Type type, const std::string& name) {
    std::lock_guard lock(mutex);
    int n = 0;
    for (const auto& e : events) {
      if (e.type == type && textAt(e.object, {"metadata", "name"}) == name) ++n;
    }
    return n;
  }
  // Resynced events (afterExpiry as given) whose list holds every name.
  int resyncsWith(bool afterExpiry, const std::vector<std::string>& names) {
    std::lock_guard lock(mutex);
    int n = 0;
    for (const auto& e : events) {
      if (e.type != WatchEvent::Type::Resynced || e.afterExpiry != afterExpiry) continue;
      size_t found = 0;
      for (const auto& item : e.items) {
        for (const auto& name : names) found += textAt(item, {"metadata", "name"}) == name;
      }
      if (found == names.size()) ++n;
    }
    return n;
  }
  QString errors() {
    std::lock_guard lock(mutex);
    QString out;
    for (const auto& e : events) {
      if (e.type == WatchEvent::Type::Error) out += QString::fromStdString(e.error.describe()) + "\n";
    }
    return out;
  }
};

WatchOptions fastWatch() {
  WatchOptions o;
  o.ns = "default";
  o.initialBackoff = 50ms;
  o.maxBackoff = 400ms;
  o.idleTimeout = 10s;
  return o;
}

}  // namespace

class TestKubeClientLive : public QObject {
  Q_OBJECT

  kubetest::KubeApiFixture m_server;
  std::unique_ptr<RestClient> m_client;
  Discovery m_discovery;
  QTemporaryDir m_dir;

  ApiResource routes() const { return *m_discovery.find("gateway.networking.k8s.io", "HTTPRoute"); }

  // Creates (or updates) a route as RouteDeck would: server-side apply with fieldManager=routedeck.
  Node applyRoute(const std::string& name, int w1, int w2) {
    ResourceClient rc(*m_client, routes());
    auto r = serverSideApply(rc, planCreate(httpRoute(name, w1, w2)).configuration);
    return r ? r.value() : Node();
  }

 private slots:
  void initTestCase() {
    if (!QFileInfo::exists(kubetest::KubeApiFixture::serverPath())) {
      QSKIP(qPrintable("no test API server at " + kubetest::KubeApiFixture::serverPath() +
                       " (build routedeck-test-apiserver from tests/kubeapi, or set ROUTEDECK_TEST_APISERVER)"));
    }
    QString error;
    QVERIFY2(m_server.start(&error), qPrintable(error));
    m_client = m_server.client();
    QVERIFY(m_client);
    auto d = discover(*m_client);
    QVERIFY2(d.ok(), d.ok() ? "" : d.error().describe().c_str());
    m_discovery = d.value();
  }

  void init() {
    if (m_client) {
      QVERIFY2(m_server.clearFaults(), qPrintable(m_server.lastError()));
      QVERIFY(m_server.clearRequests());
    }
  }

  void cleanupTestCase() {
    m_client.reset();
    m_server.stop();
  }

  void aggregatedDiscovery() {
    QVERIFY(m_discovery.aggregated);
    QVERIFY(m_discovery.serves(Dialect::GatewayApi));
    QVERIFY(m_discovery.serves(Dialect::Istio));
    QVERIFY(m_discovery.serves(Dialect::AppMesh));
    const ApiResource* r = m_discovery.find("gateway.networking.k8s.io", "HTTPRoute");
    QVERIFY(r);
    QCOMPARE(QString::fromStdString(r->plural), QString("httproutes"));
    QCOMPARE(QString::fromStdString(r->version), QString("v1"));
    QVERIFY(r->namespaced);
    // Two kinds named Gateway, told apart by group.
    QVERIFY(m_discovery.find("networking.istio.io", "Gateway"));
    QVERIFY(m_discovery.find("gateway.networking.k8s.io", "Gateway"));
    QVERIFY(m_discovery.find("appmesh.k8s.aws", "VirtualRouter"));
    QVERIFY(m_discovery.find("", "Service"));
    QVERIFY(m_discovery.find("discovery.k8s.io", "EndpointSlice"));
    auto beta = m_discovery.resolve("gateway.networking.k8s.io/v1beta1", "ReferenceGrant");
    QVERIFY(beta.ok());
    QCOMPARE(QString::fromStdString(beta->version), QString("v1beta1"));
    QVERIFY(!m_discovery.resolve("gateway.networking.k8s.io/v9", "HTTPRoute").ok());
    // Every kind RouteDeck watches is served by the fixture, and can be listed.
    const auto kinds = m_discovery.routeDeckResources();
    QCOMPARE(kinds.size(), kRouteDeckKinds.size());
    for (const auto& r : kinds) {
      auto list = ResourceClient(*m_client, r).list("");
      QVERIFY2(list.ok(), list.ok() ? r.kind.c_str() : list.error().describe().c_str());
    }
  }

  void legacyDiscovery() {
    DiscoveryOptions o;
    o.preferAggregated = false;
    auto d = discover(*m_client, o);
    QVERIFY2(d.ok(), d.ok() ? "" : d.error().describe().c_str());
    QVERIFY(!d->aggregated);
    QVERIFY(d->serves(Dialect::GatewayApi) && d->serves(Dialect::Istio) && d->serves(Dialect::AppMesh));
    const ApiResource* r = d->find("networking.istio.io", "VirtualService");
    QVERIFY(r);
    QCOMPARE(QString::fromStdString(r->version), QString("v1"));
    QCOMPARE(QString::fromStdString(r->plural), QString("virtualservices"));
    QVERIFY(r->versions.size() >= 2);
  }

  void clientCertificate() {
    auto c = m_server.client("cert");
    QVERIFY(c);
    auto list = ResourceClient(*c, routes()).list("default");
    QVERIFY2(list.ok(), list.ok() ? "" : list.error().describe().c_str());
    QVERIFY(!list->resourceVersion.empty());
  }

  void tlsServerName() {
    ClientConfig cfg = m_server.context();
    cfg.cluster.tlsServerName = "localhost";  // the serving certificate's DNS name
    auto good = RestClient::create(cfg);
    QVERIFY(good.ok());
    QVERIFY(ResourceClient(**good, routes()).list("default").ok());
    cfg.cluster.tlsServerName = "wrong.example";
    auto bad = RestClient::create(cfg);
    auto r = ResourceClient(**bad, routes()).list("default");
    QVERIFY(!r.ok());
    QCOMPARE(int(r.error().kind), int(ApiErrorKind::Transport));
    QVERIFY2(QString::fromStdString(r.error().describe()).contains("wrong.example"), r.error().describe().c_str());
  }

  void insecureSkipTlsVerify() {
    ClientConfig cfg = m_server.context();
    cfg.cluster.certificateAuthorityData.clear();
    auto strict = RestClient::create(cfg);
    auto r = ResourceClient(**strict, routes()).list("default");
    QVERIFY(!r.ok());
    QCOMPARE(int(r.error().kind), int(ApiErrorKind::Transport));
    cfg.cluster.insecureSkipTlsVerify = true;
    auto loose = RestClient::create(cfg);
    QVERIFY(ResourceClient(**loose, routes()).list("default").ok());
  }

  void proxyUrl() {
    kubetest::ConnectProxy proxy;
    const int port = proxy.start();
    QVERIFY(port > 0);
    ClientConfig cfg = m_server.context();
    cfg.cluster.proxyUrl = "http://127.0.0.1:" + std::to_string(port);
    auto c = RestClient::create(cfg);
    auto r = ResourceClient(**c, routes()).list("default");
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().describe().c_str());
    QCOMPARE(proxy.targets(), QStringList({QString("CONNECT 127.0.0.1:%1").arg(m_server.port())}));
    // With tls-server-name the tunnel still goes to the real server.
    cfg.cluster.tlsServerName = "localhost";
    auto named = RestClient::create(cfg);
    QVERIFY(ResourceClient(**named, routes()).list("default").ok());
    QCOMPARE(proxy.targets().size(), 2);
    QCOMPARE(proxy.targets().at(1), QString("CONNECT 127.0.0.1:%1").arg(m_server.port()));
    proxy.stop();
    // A proxy that is not there is an error, never a quiet direct connection.
    auto dead = RestClient::create(cfg);
    auto fail = ResourceClient(**dead, routes()).list("default");
    QVERIFY(!fail.ok());
    QCOMPARE(int(fail.error().kind), int(ApiErrorKind::Transport));
  }

  void wrongTokenIsUnauthorized() {
    ClientConfig cfg = m_server.context();
    cfg.user.token = "not-a-valid-token";
    auto c = RestClient::create(cfg);
    auto r = ResourceClient(**c, routes()).list("default");
    QVERIFY(!r.ok());
    QCOMPARE(int(r.error().kind), int(ApiErrorKind::Unauthorized));
    QCOMPARE(r.error().httpStatus, 401);
    QVERIFY(!QString::fromStdString(r.error().describe()).contains("not-a-valid-token"));
  }

  void expiredExecTokenIsRefreshed() {
    QVERIFY(m_server.addToken("exec-token-short", 1));
    QVERIFY(m_server.addToken("exec-token-long", 600));
    // First run: the short-lived token, claiming a far expiry; later runs: the long one.
    const std::string count = m_dir.filePath("exec-count").toStdString();
    const std::string plugin = m_dir.filePath("exec-plugin").toStdString();
    std::ofstream(plugin) << "#!/bin/sh\n"
                          << "n=$(cat '" << count << "' 2>/dev/null || echo 0); n=$((n+1)); echo $n > '" << count << "'\n"
                          << "if [ $n = 1 ]; then t=exec-token-short; else t=exec-token-long; fi\n"
                          << "echo '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\","
                             "\"status\":{\"token\":\"'$t'\",\"expirationTimestamp\":\"2100-01-01T00:00:00Z\"}}'\n";
    ::chmod(plugin.c_str(), 0755);
    ClientConfig cfg = m_server.context();
    cfg.user.token.clear();
    cfg.user.hasExec = true;
    cfg.user.exec.apiVersion = "client.authentication.k8s.io/v1";
    cfg.user.exec.command = plugin;
    cfg.user.exec.interactiveMode = "Never";
    auto c = RestClient::create(cfg);
    QVERIFY(c.ok());
    ResourceClient rc(**c, routes());
    QVERIFY(rc.list("default").ok());
    QCOMPARE((*c)->execRuns(), 1);
    QTest::qWait(1300);  // the fixture's clock: the short token expires after 1 s
    auto again = rc.list("default");
    QVERIFY2(again.ok(), again.ok() ? "" : again.error().describe().c_str());
    QCOMPARE((*c)->execRuns(), 2);
    QStringList statuses;
    for (const auto& r : m_server.requests()) {
      if (r.toObject()["path"].toString() == kRoutesPath) statuses << QString::number(r.toObject()["status"].toInt());
    }
    QCOMPARE(statuses, QStringList({"200", "401", "200"}));
  }

  void forbiddenFault() {
    QVERIFY(m_server.addFault({{"method", "GET"}, {"path", kRoutesPath}, {"status", 403}, {"reason", "Forbidden"},
                               {"message", "httproutes is forbidden: User \"token-user\" cannot list"}}));
    auto r = ResourceClient(*m_client, routes()).list("default");
    QVERIFY(!r.ok());
    QCOMPARE(int(r.error().kind), int(ApiErrorKind::Forbidden));
    QVERIFY(QString::fromStdString(r.error().describe()).contains("cannot list"));
    QVERIFY(ResourceClient(*m_client, routes()).list("default").ok());  // times=1
  }

  void applyConflictWithAnotherManager() {
    ResourceClient rc(*m_client, routes());
    WriteOptions theirs;
    theirs.fieldManager = "someone-else";
    QVERIFY(rc.create("default", httpRoute("conflict", 90, 10), theirs).ok());
    auto base = rc.get("default", "conflict");
    QVERIFY(base.ok());
    Node ours = base.value();
    kubetest::setWeight(ours, 0, 50);
    kubetest::setWeight(ours, 1, 50);
    const ApplyPlan plan = planApply(*base, ours);
    QVERIFY(plan.hasChanges());
    auto r = serverSideApply(rc, plan.configuration);
    QVERIFY(!r.ok());
    QCOMPARE(int(r.error().kind), int(ApiErrorKind::Conflict));
    QVERIFY2(r.error().isFieldManagerConflict(), r.error().describe().c_str());
    QCOMPARE(QString::fromStdString(r.error().conflictingManagers().at(0)), QString("someone-else"));
    QVERIFY(!r.error().causes.empty());
    QVERIFY(QString::fromStdString(r.error().causes[0].field).contains("spec"));
    QCOMPARE(kubetest::weightOf(r.error().current, 0), 90LL);  // theirs, for the three-way view
    QCOMPARE(kubetest::weightOf(rc.get("default", "conflict").value(), 0), 90LL);  // nothing written
    ApplyOptions force;
    force.force = true;
    auto forced = serverSideApply(rc, plan.configuration, force);
    QVERIFY2(forced.ok(), forced.ok() ? "" : forced.error().describe().c_str());
    QCOMPARE(kubetest::weightOf(*forced, 0), 50LL);
    QCOMPARE(kubetest::weightOf(rc.get("default", "conflict").value(), 0), 50LL);
  }

  void staleResourceVersion() {
    ResourceClient rc(*m_client, routes());
    QVERIFY(!applyRoute("stale", 90, 10).isNull());
    auto base = rc.get("default", "stale");
    QVERIFY(base.ok());
    Node patch = Node::map();
    Node spec = Node::map();
    Node hosts = Node::sequence();
    hosts.push(Node::scalar("other.example", true));
    spec.set("hostnames", hosts);
    patch.set("spec", spec);
    WriteOptions theirs;
    theirs.fieldManager = "someone-else";
    QVERIFY(rc.mergePatch("default", "stale", patch, theirs).ok());
    Node ours = base.value();
    kubetest::setWeight(ours, 0, 70);
    auto put = rc.replace("default", ours);
    QVERIFY(!put.ok());
    QCOMPARE(int(put.error().kind), int(ApiErrorKind::Conflict));
    QVERIFY(put.error().causes.empty());
    QVERIFY2(QString::fromStdString(put.error().message).contains("has been modified"), put.error().describe().c_str());
    auto applied = serverSideApply(rc, planApply(*base, ours).configuration);
    QVERIFY(!applied.ok());
    QCOMPARE(int(applied.error().kind), int(ApiErrorKind::Conflict));
    QCOMPARE(kubetest::weightOf(applied.error().current, 0), 90LL);
    QCOMPARE(kubetest::weightOf(rc.get("default", "stale").value(), 0), 90LL);
  }

  void invalidWeight() {
    ResourceClient rc(*m_client, routes());
    auto r = serverSideApply(rc, planCreate(httpRoute("invalid", -5, 10)).configuration);
    QVERIFY(!r.ok());
    QCOMPARE(int(r.error().kind), int(ApiErrorKind::Invalid));
    QCOMPARE(r.error().httpStatus, 422);
    QVERIFY(!r.error().causes.empty());
    QVERIFY2(QString::fromStdString(r.error().causes[0].field).contains("spec.rules[0].backendRefs[0].weight"),
             r.error().describe().c_str());
    QCOMPARE(int(rc.get("default", "invalid").error().kind), int(ApiErrorKind::NotFound));
  }

  void slowResponseTimesOut() {
    QVERIFY(m_server.addFault({{"method", "GET"}, {"path", QString(kRoutesPath) + "/slow"}, {"delayMs", 2000}}));
    RestOptions o;
    o.timeout = 300ms;
    auto c = m_server.client("token", o);
    QElapsedTimer t;
    t.start();
    auto r = ResourceClient(*c, routes()).get("default", "slow");
    QVERIFY(!r.ok());
    QVERIFY(t.elapsed() < 1500);
    QCOMPARE(int(r.error().kind), int(ApiErrorKind::Timeout));
    const QString msg = QString::fromStdString(r.error().describe());
    QVERIFY2(msg.contains(QString("GET https://127.0.0.1:%1%2/slow").arg(m_server.port()).arg(kRoutesPath)), qPrintable(msg));
    QVERIFY(msg.contains("300 ms"));
  }

  void watchRelistsAfterGone() {
    Recorder rec;
    auto w = ResourceWatch::start(*m_client, routes(), fastWatch(), std::ref(rec));
    QTRY_VERIFY_WITH_TIMEOUT(rec.resyncsWith(false, {}) == 1, 5000);
    QVERIFY(!applyRoute("w410-a", 1, 1).isNull());
    QTRY_COMPARE_WITH_TIMEOUT(rec.count(WatchEvent::Type::Added, "w410-a"), 1, 5000);
    QVERIFY(m_server.compact());
    QVERIFY(m_server.closeWatches());
    // Made while the watch reconnects: the relist, not the stream, brings it.
    QVERIFY(!applyRoute("w410-c", 1, 1).isNull());
    QTRY_VERIFY_WITH_TIMEOUT(rec.resyncsWith(true, {"w410-a", "w410-c"}) == 1, 5000);
    QVERIFY(!applyRoute("w410-b", 1, 1).isNull());
    QTRY_COMPARE_WITH_TIMEOUT(rec.count(WatchEvent::Type::Added, "w410-b"), 1, 5000);
    QVERIFY(!applyRoute("w410-d", 1, 1).isNull());
    QTRY_COMPARE_WITH_TIMEOUT(rec.count(WatchEvent::Type::Added, "w410-d"), 1, 5000);
    QCOMPARE(rec.count(WatchEvent::Type::Added, "w410-b"), 1);
    QVERIFY(w->stats().resyncs >= 1);
    QVERIFY2(rec.errors().isEmpty(), qPrintable(rec.errors()));
  }

  void watchResumesAfterDroppedStream() {
    Recorder rec;
    auto w = ResourceWatch::start(*m_client, routes(), fastWatch(), std::ref(rec));
    QTRY_VERIFY_WITH_TIMEOUT(rec.resyncsWith(false, {}) == 1, 5000);
    QVERIFY(!applyRoute("drop-a", 1, 1).isNull());
    QTRY_COMPARE_WITH_TIMEOUT(rec.count(WatchEvent::Type::Added, "drop-a"), 1, 5000);
    const int streamsBefore = w->stats().streams;
    QVERIFY(m_server.closeWatches());
    QVERIFY(!applyRoute("drop-b", 1, 1).isNull());
    QTRY_COMPARE_WITH_TIMEOUT(rec.count(WatchEvent::Type::Added, "drop-b"), 1, 5000);
    Node changed = applyRoute("drop-b", 2, 1);
    QVERIFY(!changed.isNull());
    QTRY_COMPARE_WITH_TIMEOUT(rec.count(WatchEvent::Type::Modified, "drop-b"), 1, 5000);
    QCOMPARE(rec.count(WatchEvent::Type::Added, "drop-b"), 1);
    QCOMPARE(rec.count(WatchEvent::Type::Added, "drop-a"), 1);
    QVERIFY(w->stats().streams > streamsBefore);
    QVERIFY(w->stats().reconnects >= 1);
    QCOMPARE(w->stats().resyncs, 0);
    // The stream resumed from the last resourceVersion, never from scratch.
    bool resumedFromRv = false;
    for (const auto& r : m_server.requests()) {
      const QJsonObject o = r.toObject();
      if (o["query"].toString().contains("watch=true") && o["query"].toString().contains("resourceVersion=")) resumedFromRv = true;
    }
    QVERIFY(resumedFromRv);
    QVERIFY2(rec.errors().isEmpty(), qPrintable(rec.errors()));
    QElapsedTimer t;
    t.start();
    w->stop();
    QVERIFY2(t.elapsed() < 1000, qPrintable(QString::number(t.elapsed())));
  }

  void watchStreamDroppedMidway() {
    QVERIFY(m_server.addFault({{"path", kRoutesPath}, {"watch", true}, {"dropAfterEvents", 1}, {"times", 0}}));
    Recorder rec;
    auto w = ResourceWatch::start(*m_client, routes(), fastWatch(), std::ref(rec));
    QTRY_VERIFY_WITH_TIMEOUT(rec.resyncsWith(false, {}) == 1, 5000);
    for (const char* name : {"mid-a", "mid-b", "mid-c"}) QVERIFY(!applyRoute(name, 1, 1).isNull());
    QTRY_COMPARE_WITH_TIMEOUT(rec.count(WatchEvent::Type::Added, "mid-c"), 1, 5000);
    QCOMPARE(rec.count(WatchEvent::Type::Added, "mid-a"), 1);
    QCOMPARE(rec.count(WatchEvent::Type::Added, "mid-b"), 1);
    QVERIFY(w->stats().reconnects >= 2);
    QVERIFY2(rec.errors().isEmpty(), qPrintable(rec.errors()));
  }

  void facadeFromKubeconfig() {
    auto kc = KubeClient::connect({m_server.kubeconfigPath()}, "cert");
    QVERIFY2(kc.ok(), kc.ok() ? "" : kc.error().message.c_str());
    QCOMPARE(QString::fromStdString((*kc)->defaultNamespace()), QString("default"));
    QVERIFY((*kc)->discover().ok());
    auto vs = (*kc)->resources("networking.istio.io/v1", "VirtualService");
    QVERIFY(vs.ok());
    QVERIFY(vs->list("").ok());
    QVERIFY(!(*kc)->resources("networking.istio.io/v1", "Nonsense").ok());
  }

  void watchReportsErrorsAndRecovers() {
    QVERIFY(m_server.addFault({{"method", "GET"}, {"path", kRoutesPath}, {"watch", true}, {"status", 500},
                               {"message", "etcd is sulking"}}));
    Recorder rec;
    auto w = ResourceWatch::start(*m_client, routes(), fastWatch(), std::ref(rec));
    QTRY_VERIFY_WITH_TIMEOUT(rec.errors().contains("etcd is sulking"), 5000);
    QVERIFY(!applyRoute("err-a", 1, 1).isNull());
    QTRY_COMPARE_WITH_TIMEOUT(rec.count(WatchEvent::Type::Added, "err-a") + rec.resyncsWith(false, {"err-a"}), 1, 5000);
  }

  void dryRunStoresNothing() {
    std::vector<Change> changes{{Node(), httpRoute("dry", 50, 50)}};
    const ChangeSetReport report = dryRunChangeSet(*m_client, m_discovery, changes);
    QVERIFY2(report.ok, report.summary().c_str());
    QCOMPARE(report.dryRunResults.size(), size_t(1));
    QCOMPARE(kubetest::weightOf(report.dryRunResults[0], 0), 50LL);
    QCOMPARE(int(ResourceClient(*m_client, routes()).get("default", "dry").error().kind), int(ApiErrorKind::NotFound));
    int dryPatches = 0, otherPatches = 0;
    for (const auto& r : m_server.requests()) {
      const QJsonObject o = r.toObject();
      if (o["method"].toString() != "PATCH") continue;
      const bool dry = o["dryRun"].toBool() || !o["dryRun"].toString().isEmpty() || o["query"].toString().contains("dryRun=All");
      (dry ? dryPatches : otherPatches)++;
      QCOMPARE(o["fieldManager"].toString(), QString("routedeck"));
      QCOMPARE(o["contentType"].toString(), QString("application/apply-patch+yaml"));
    }
    QCOMPARE(dryPatches, 1);
    QCOMPARE(otherPatches, 0);
  }

  void changeSetDryRunCatchesInvalid() {
    QVERIFY(!applyRoute("cs-valid", 90, 10).isNull());
    ResourceClient rc(*m_client, routes());
    Node before = rc.get("default", "cs-valid").value();
    Node after = before;
    kubetest::setWeight(after, 0, 10);
    std::vector<Change> changes{{before, after}, {Node(), httpRoute("cs-invalid", -5, 1)}};
    const ChangeSetReport report = applyChangeSet(*m_client, m_discovery, changes);
    QVERIFY(!report.ok);
    QCOMPARE(QString::fromStdString(report.failedStage), QString("dry run"));
    QCOMPARE(report.failedIndex, 1);
    QCOMPARE(int(report.error.kind), int(ApiErrorKind::Invalid));
    QVERIFY(report.rollbacks.empty());
    QVERIFY(QString::fromStdString(report.summary()).contains("nothing was written"));
    QCOMPARE(kubetest::weightOf(rc.get("default", "cs-valid").value(), 0), 90LL);
  }

  void changeSetRollsBack() {
    QVERIFY(!applyRoute("rb", 90, 10).isNull());
    ResourceClient routesClient(*m_client, routes());
    const Node before = routesClient.get("default", "rb").value();
    Node after = before;
    kubetest::setWeight(after, 0, 50);
    kubetest::setWeight(after, 1, 50);
    std::vector<Change> changes{{before, after}, {Node(), kubetest::referenceGrant("rb-grant")},
                                {Node(), httpRoute("rb-new", 1, 1)}};
    const ChangeSetReport dry = dryRunChangeSet(*m_client, m_discovery, changes);
    QVERIFY2(dry.ok, dry.summary().c_str());
    // Admission turns against the third object between the dry run and the apply.
    QVERIFY(m_server.addFault({{"method", "PATCH"}, {"path", QString(kRoutesPath) + "/rb-new"}, {"status", 422},
                               {"reason", "Invalid"}, {"message", "denied by the validating webhook"}}));
    ChangeSetOptions o;
    o.dryRunFirst = false;
    const ChangeSetReport report = applyChangeSet(*m_client, m_discovery, changes, o);
    QVERIFY(!report.ok);
    QCOMPARE(QString::fromStdString(report.failedStage), QString("apply"));
    QCOMPARE(report.failedIndex, 2);
    QCOMPARE(report.rollbacks.size(), size_t(2));
    QCOMPARE(report.rollbacks[0].index, size_t(1));
    QVERIFY(QString::fromStdString(report.rollbacks[0].action).startsWith("deleted"));
    QCOMPARE(report.rollbacks[1].index, size_t(0));
    QVERIFY2(report.rolledBackCleanly(), report.summary().c_str());
    const QString summary = QString::fromStdString(report.summary());
    QVERIFY2(summary.contains("denied by the validating webhook") && summary.contains("object 1: re-applied previous state: done"),
             qPrintable(summary));
    const Node restored = routesClient.get("default", "rb").value();
    QCOMPARE(kubetest::weightOf(restored, 0), 90LL);
    QCOMPARE(kubetest::weightOf(restored, 1), 10LL);
    auto grant = m_discovery.resolve("gateway.networking.k8s.io/v1beta1", "ReferenceGrant");
    QCOMPARE(int(ResourceClient(*m_client, *grant).get("default", "rb-grant").error().kind), int(ApiErrorKind::NotFound));
    QCOMPARE(int(routesClient.get("default", "rb-new").error().kind), int(ApiErrorKind::NotFound));
  }

  void changeSetApplies() {
    std::vector<Change> changes{{Node(), httpRoute("ok-route", 80, 20)}, {Node(), kubetest::referenceGrant("ok-grant")}};
    const ChangeSetReport report = applyChangeSet(*m_client, m_discovery, changes);
    QVERIFY2(report.ok, report.summary().c_str());
    QCOMPARE(report.applied.size(), size_t(2));
    QCOMPARE(kubetest::weightOf(ResourceClient(*m_client, routes()).get("default", "ok-route").value(), 0), 80LL);
    // A second change set for a "new" object that now exists is refused before any write.
    const ChangeSetReport again = applyChangeSet(*m_client, m_discovery, {{Node(), httpRoute("ok-route", 1, 1)}});
    QVERIFY(!again.ok);
    QCOMPARE(int(again.error.kind), int(ApiErrorKind::AlreadyExists));
  }
};

QTEST_GUILESS_MAIN(TestKubeClientLive)
#include "tst_kube_client_live.moc"
