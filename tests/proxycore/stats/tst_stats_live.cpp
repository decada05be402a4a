// Per-rule, per-backend and per-listener stats of an in-process ProxyService
// under known traffic on loopback sockets (echo backends are routedeckd
// processes): exact counters, latency histograms, samples, the access-log
// ring, and counters that survive a reload.
#include <QFile>
#include <QTest>

#include <atomic>
#include <chrono>
#include <functional>
#include <thread>

#include "proxycore/proxy/proxy_service.h"
#include "proxycore/workspace/workspace.h"
#include "tests/proxycore/proxy/live_http.h"
#include "tests/proxycore/proxy/proxy_env.h"

using namespace routedeck::tests;
using namespace routedeck::core;

namespace {

QString istioRoutes(int weightA, int weightB, bool withDead) {
  QString s = istioEdge(QStringLiteral("shop")) + QStringLiteral(R"(  - match: [{uri: {prefix: /split}}]
    route:
    - {destination: {host: svc-a, port: {number: 8080}}, weight: %1}
    - {destination: {host: svc-b, port: {number: 8080}}, weight: %2}
  - match: [{uri: {prefix: /abort}}]
    fault: {abort: {httpStatus: 418, percentage: {value: 100}}}
    route: [{destination: {host: svc-a, port: {number: 8080}}}]
  - match: [{uri: {prefix: /slow}}]
    timeout: 100ms
    route: [{destination: {host: svc-a, port: {number: 8080}}}]
  - match: [{uri: {prefix: /mirrored}}]
    route: [{destination: {host: svc-a, port: {number: 8080}}}]
    mirror: {host: svc-b, port: {number: 8080}}
    mirrorPercentage: {value: 100}
  - match: [{uri: {prefix: /delayed}}]
    fault: {delay: {fixedDelay: 1ms, percentage: {value: 100}}}
    route: [{destination: {host: svc-a, port: {number: 8080}}}]
)").arg(weightA).arg(weightB);
  if (withDead) {
    s += QStringLiteral(R"(  - match: [{uri: {prefix: /dead}}]
    retries: {attempts: 2, retryOn: connect-failure}
    route: [{destination: {host: dead, port: {number: 8080}}}]
)");
  }
  return s + serviceObject(QStringLiteral("svc-a")) + serviceObject(QStringLiteral("svc-b")) +
         serviceObject(QStringLiteral("dead"));
}

const char* kEnvoyLimits = R"(name: limits
virtual_hosts:
- name: web
  domains: ["*"]
  routes:
  - match: {prefix: /limited}
    direct_response: {status: 200, body: {inline_string: ok}}
    typed_per_filter_config:
      envoy.filters.http.local_ratelimit:
        "@type": type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit
        stat_prefix: test
        token_bucket: {max_tokens: 3, tokens_per_fill: 1, fill_interval: 3600s}
)";

std::shared_ptr<const model::Config> loadConfig(const QString& workspace, QString* errors) {
  Diagnostics diags;
  auto cfg = std::make_shared<model::Config>(workspace::load({workspace.toStdString()}, diags));
  for (const auto& d : diags.items()) *errors += QString::fromStdString(d.format()) + "\n";
  return diags.hasErrors() ? nullptr : cfg;
}

// Polls the latest snapshot (bounded) until `ok` holds for it.
stats::SnapshotConstSharedPtr waitSnapshot(proxy::ProxyService& svc,
                                           const std::function<bool(const stats::Snapshot&)>& ok,
                                           int timeoutMs = 5000) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
  stats::SnapshotConstSharedPtr s;
  while (std::chrono::steady_clock::now() < until) {
    s = svc.latestSnapshot();
    if (s && ok(*s)) return s;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return s;
}

const stats::BackendStats* backendNamed(const stats::RuleStats& r, const QString& name) {
  for (const auto& b : r.backends) {
    if (QString::fromStdString(b.service).contains(name)) return &b;
  }
  return nullptr;
}

proxy::ProxyOptions fastOptions(const QString& accessLog = {}) {
  proxy::ProxyOptions o;
  o.accessLogPath = accessLog.toStdString();
  o.workers = 2;
  o.snapshotInterval = std::chrono::milliseconds(50);
  o.outlier.consecutiveFailures = 1000;
  return o;
}

}  // namespace

class TestStatsLive : public QObject {
  Q_OBJECT

  QString writeIstio(ProxyEnv& env, int wa, int wb, bool withDead, int deadPort) {
    env.write(QStringLiteral("routes.yaml"), istioRoutes(wa, wb, withDead));
    const QString services = serviceEntry(QStringLiteral("svc-a"), 8080, {env.echoPort(QStringLiteral("svc-a"))}) +
                             serviceEntry(QStringLiteral("svc-b"), 8080, {env.echoPort(QStringLiteral("svc-b"))}) +
                             serviceEntry(QStringLiteral("dead"), 8080, {deadPort});
    return env.write(QStringLiteral("workspace.yaml"),
                     workspaceYaml(QStringLiteral("test/edge-gw"), QStringLiteral("http"), env.proxyPort(),
                                   {QStringLiteral("routes.yaml")}, services));
  }

 private slots:
  void countersPerRuleBackendAndListener() {
    ProxyEnv env;
    QCOMPARE(env.startEcho({QStringLiteral("svc-a"), QStringLiteral("svc-b")}).size(), size_t(2));
    const int deadPort = freeLoopbackPort();
    QString errors;
    auto cfg = loadConfig(writeIstio(env, 90, 10, true, deadPort), &errors);
    QVERIFY2(cfg, qPrintable(errors));
    const QString logFile = env.path(QStringLiteral("access.log"));
    proxy::ProxyService svc(fastOptions(logFile));
    QVERIFY(svc.openAccessLog());
    Diagnostics diags;
    auto applied = svc.apply(cfg, diags);
    QVERIFY2(applied, applied ? "" : applied.error().message.c_str());
    std::atomic<int> callbacks{0};
    std::atomic<uint64_t> lastSequence{0};
    std::atomic<bool> ordered{true};
    const uint64_t sub = svc.subscribeSnapshots([&](stats::SnapshotConstSharedPtr s) {
      if (s->sequence <= lastSequence.load()) ordered = false;
      lastSequence = s->sequence;
      ++callbacks;
    });
    svc.start();

    HttpClient c(env.proxyPort());
    int toA = 0, toB = 0;
    for (int i = 0; i < 200; ++i) {
      auto r = c.get("/split/" + std::to_string(i) + "?token=secret", "mesh.example.com");
      QCOMPARE(r.status, 200);
      (r.service() == QStringLiteral("svc-a") ? toA : toB) += 1;
    }
    for (int i = 0; i < 10; ++i) QCOMPARE(c.get("/abort", "mesh.example.com").status, 418);
    for (int i = 0; i < 5; ++i) QCOMPARE(c.get("/dead", "mesh.example.com").status, 503);
    for (int i = 0; i < 2; ++i) QCOMPARE(c.get("/slow?delay=2s", "mesh.example.com").status, 504);
    for (int i = 0; i < 3; ++i) QCOMPARE(c.get("/mirrored", "mesh.example.com").status, 200);
    for (int i = 0; i < 2; ++i) QCOMPARE(c.get("/delayed", "mesh.example.com").status, 200);
    for (int i = 0; i < 7; ++i) QCOMPARE(c.get("/", "other.example.com").status, 404);

    auto snap = waitSnapshot(svc, [](const stats::Snapshot& s) {
      return !s.listeners.empty() && s.listeners[0].counters.requests == 229 &&
             s.listeners[0].counters.active == 0 && !s.recent.empty() &&
             s.recent.back().status == 404;
    });
    QVERIFY(snap);
    QCOMPARE(snap->listeners.size(), size_t(1));
    const auto& lc = snap->listeners[0].counters;
    QCOMPARE(lc.requests, uint64_t(229));
    QCOMPARE(lc.responses2xx, uint64_t(205));
    QCOMPARE(lc.responses4xx, uint64_t(17));
    QCOMPARE(lc.responses5xx, uint64_t(7));
    QCOMPARE(snap->configVersion, uint64_t(1));
    QCOMPARE(snap->noRoute.requests, uint64_t(7));
    QVERIFY(snap->connectionsAccepted >= 1);
    QCOMPARE(snap->connectionsActive, int64_t(1));  // the client's keep-alive connection
    // The listener's own socket counts match: one listener, one client.
    QCOMPARE(snap->listeners[0].connectionsActive, int64_t(1));
    QCOMPARE(snap->listeners[0].connectionsAccepted, snap->connectionsAccepted);
    QCOMPARE(snap->rules.size(), size_t(6));

    const stats::RuleStats* split = snap->rule({"VirtualService", "test", "shop", 0, ""});
    QVERIFY(split);
    QCOMPARE(split->counters.requests, uint64_t(200));
    QCOMPARE(split->counters.responses2xx, uint64_t(200));
    QCOMPARE(split->counters.active, int64_t(0));
    QCOMPARE(split->byStatus.at(200), uint64_t(200));
    QCOMPARE(split->totalLatency.count, uint64_t(200));
    QCOMPARE(split->upstreamLatency.count, uint64_t(200));
    QVERIFY(split->totalLatency.quantileSeconds(0.99) >= split->upstreamLatency.quantileSeconds(0.5));
    QVERIFY(split->counters.bytesOut > 200 * 100);
    QCOMPARE(split->backends.size(), size_t(2));
    const auto* a = backendNamed(*split, QStringLiteral("svc-a"));
    const auto* b = backendNamed(*split, QStringLiteral("svc-b"));
    QVERIFY(a && b);
    QCOMPARE(a->configuredWeight, 90);
    QCOMPARE(b->configuredWeight, 10);
    QCOMPARE(a->counters.requests, uint64_t(toA));
    QCOMPARE(b->counters.requests, uint64_t(toB));
    QCOMPARE(a->byStatus.at(200), uint64_t(toA));
    QCOMPARE(a->upstreamLatency.count + b->upstreamLatency.count, uint64_t(200));
    QVERIFY2(toB > 0 && toA > toB, qPrintable(QStringLiteral("%1/%2").arg(toA).arg(toB)));

    const stats::RuleStats* abort = snap->rule({"VirtualService", "test", "shop", 1, ""});
    QVERIFY(abort);
    QCOMPARE(abort->counters.requests, uint64_t(10));
    QCOMPARE(abort->counters.faultAborts, uint64_t(10));
    QCOMPARE(abort->counters.localReplies, uint64_t(10));
    QCOMPARE(abort->byStatus.at(418), uint64_t(10));
    QCOMPARE(abort->byFlag.at("FI"), uint64_t(10));
    QCOMPARE(abort->upstreamLatency.count, uint64_t(0));
    QCOMPARE(abort->backends.at(0).counters.requests, uint64_t(0));

    const stats::RuleStats* slow = snap->rule({"VirtualService", "test", "shop", 2, ""});
    QVERIFY(slow);
    QCOMPARE(slow->counters.timeouts, uint64_t(2));
    QCOMPARE(slow->byStatus.at(504), uint64_t(2));
    QCOMPARE(slow->byFlag.at("UT"), uint64_t(2));
    QCOMPARE(slow->backends.at(0).counters.timeouts, uint64_t(2));
    QVERIFY(slow->totalLatency.quantileSeconds(0.5) >= 0.099);
    const stats::RuleStats* mirrored = snap->rule({"VirtualService", "test", "shop", 3, ""});
    QVERIFY(mirrored);
    QCOMPARE(mirrored->counters.requests, uint64_t(3));
    QCOMPARE(mirrored->counters.mirrors, uint64_t(3));
    const stats::RuleStats* delayed = snap->rule({"VirtualService", "test", "shop", 4, ""});
    QVERIFY(delayed);
    QCOMPARE(delayed->counters.faultDelays, uint64_t(2));
    QCOMPARE(delayed->byFlag.at("DI"), uint64_t(2));
    QCOMPARE(delayed->byStatus.at(200), uint64_t(2));
    QVERIFY(delayed->totalLatency.quantileSeconds(0.0) >= 0.001);

    const stats::RuleStats* dead = snap->rule({"VirtualService", "test", "shop", 5, ""});
    QVERIFY(dead);
    QCOMPARE(dead->counters.requests, uint64_t(5));
    QCOMPARE(dead->counters.responses5xx, uint64_t(5));
    QCOMPARE(dead->counters.connectFailures, uint64_t(15));
    QCOMPARE(dead->counters.retries, uint64_t(10));
    QCOMPARE(dead->byFlag.at("UF"), uint64_t(5));
    QCOMPARE(dead->byFlag.at("URX"), uint64_t(5));
    QCOMPARE(dead->backends.at(0).counters.connectFailures, uint64_t(15));

    // Samples and the access-log ring carry the route and never the secret.
    const auto& last = snap->recent.back();
    QCOMPARE(last.status, 404);
    QCOMPARE(QString::fromStdString(last.flags), QStringLiteral("NR"));
    bool sawSplit = false;
    for (const auto& s : snap->recent) {
      QVERIFY(s.path.find("secret") == std::string::npos);
      sawSplit = sawSplit || s.rule == "VirtualService/test/shop#0";
    }
    QVERIFY(sawSplit);
    // The GUI's ring keeps the newest records of each drain; the file has all.
    const auto log = svc.recentAccessLog(1000);
    QVERIFY(!log.empty() && log.size() <= 229);
    QCOMPARE(log.back().status, 404);
    QCOMPARE(log.back().client.rfind("127.0.0.1:", 0), size_t(0));
    for (const auto& e : log) {
      QVERIFY2(e.path.find("secret") == std::string::npos, e.path.c_str());
    }
    QFile f(logFile);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray content = f.readAll();
    const QList<QByteArray> lines = content.trimmed().split('\n');
    QCOMPARE(lines.size(), 229);
    QVERIFY(lines.front().contains("\"path\":\"/split/0?token=[REDACTED]\""));
    QVERIFY(!content.contains("secret"));

    QVERIFY(callbacks.load() > 0);
    QVERIFY(ordered.load());
    svc.unsubscribeSnapshots(sub);
    const int seen = callbacks.load();
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    QCOMPARE(callbacks.load(), seen);

    // Reload: new weights and without the /dead rule. Rules that remain keep
    // their counters; the removed one leaves the snapshot.
    cfg = loadConfig(writeIstio(env, 50, 50, false, deadPort), &errors);
    QVERIFY2(cfg, qPrintable(errors));
    Diagnostics diags2;
    QVERIFY(svc.apply(cfg, diags2));
    for (int i = 0; i < 20; ++i) QCOMPARE(c.get("/split/x", "mesh.example.com").status, 200);
    snap = waitSnapshot(svc, [](const stats::Snapshot& s) {
      const auto* r = s.rule({"VirtualService", "test", "shop", 0, ""});
      return s.configVersion == 2 && r && r->counters.requests == 220 && r->counters.active == 0;
    });
    QVERIFY(snap);
    split = snap->rule({"VirtualService", "test", "shop", 0, ""});
    QVERIFY(split);
    QCOMPARE(split->counters.requests, uint64_t(220));
    QCOMPARE(split->totalLatency.count, uint64_t(220));
    QCOMPARE(backendNamed(*split, QStringLiteral("svc-a"))->configuredWeight, 50);
    uint64_t backendTotal = 0;
    for (const auto& be : split->backends) backendTotal += be.counters.requests;
    QCOMPARE(backendTotal, uint64_t(220));
    QCOMPARE(snap->rule({"VirtualService", "test", "shop", 1, ""})->counters.faultAborts, uint64_t(10));
    QVERIFY(snap->rule({"VirtualService", "test", "shop", 5, ""}) == nullptr);
    QCOMPARE(snap->rules.size(), size_t(5));
    QCOMPARE(snap->listeners[0].counters.requests, uint64_t(249));
    svc.stop();
  }

  void ejectionsPerBackend() {
    // Two 503s in a row eject the only endpoint (outlier detection); the
    // backend and its rule report the ejection.
    ProxyEnv env;
    QCOMPARE(env.startEcho({QStringLiteral("svc-a")}).size(), size_t(1));
    env.write(QStringLiteral("routes.yaml"), gatewayApiBase() + QStringLiteral(R"(---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: web, namespace: test}
spec:
  parentRefs: [{name: edge}]
  rules:
  - backendRefs: [{name: svc-a, port: 8080}]
)") + serviceObject(QStringLiteral("svc-a")));
    auto ws = env.write(QStringLiteral("workspace.yaml"),
                        workspaceYaml(QStringLiteral("test/edge"), QStringLiteral("http"), env.proxyPort(),
                                      {QStringLiteral("routes.yaml")},
                                      serviceEntry(QStringLiteral("svc-a"), 8080, {env.echoPort(QStringLiteral("svc-a"))})));
    QString errors;
    auto cfg = loadConfig(ws, &errors);
    QVERIFY2(cfg, qPrintable(errors));
    proxy::ProxyOptions o = fastOptions();
    o.outlier.consecutiveFailures = 2;
    proxy::ProxyService svc(o);
    Diagnostics diags;
    QVERIFY(svc.apply(cfg, diags));
    svc.start();
    HttpClient c(env.proxyPort());
    for (int i = 0; i < 2; ++i) QCOMPARE(c.get("/status/503", "any.example.com").status, 503);
    auto snap = waitSnapshot(svc, [](const stats::Snapshot& s) {
      return s.rules.size() == 1 && s.rules[0].counters.ejections == 1 && s.rules[0].counters.active == 0;
    });
    QVERIFY(snap && snap->rules.size() == 1);
    QCOMPARE(snap->rules[0].backends.at(0).counters.ejections, uint64_t(1));
    QCOMPARE(snap->rules[0].backends.at(0).byStatus.at(503), uint64_t(2));
    QCOMPARE(QString::fromStdString(snap->rules[0].backends.at(0).service), QStringLiteral("test/svc-a:8080"));
    svc.stop();
  }

  void rateLimitedRule() {
    ProxyEnv env;
    env.write(QStringLiteral("limits.yaml"), QString::fromUtf8(kEnvoyLimits));
    auto ws = env.write(QStringLiteral("workspace.yaml"),
                        workspaceYaml(QStringLiteral("default/limits"), QStringLiteral("http"), env.proxyPort(),
                                      {QStringLiteral("limits.yaml")}, {}));
    QString errors;
    auto cfg = loadConfig(ws, &errors);
    QVERIFY2(cfg, qPrintable(errors));
    proxy::ProxyService svc(fastOptions());
    Diagnostics diags;
    QVERIFY(svc.apply(cfg, diags));
    svc.start();
    HttpClient c(env.proxyPort());
    for (int i = 0; i < 3; ++i) QCOMPARE(c.get("/limited", "any.example.com").status, 200);
    for (int i = 0; i < 4; ++i) QCOMPARE(c.get("/limited", "any.example.com").status, 429);
    auto snap = waitSnapshot(svc, [](const stats::Snapshot& s) {
      return s.rules.size() == 1 && s.rules[0].counters.requests == 7 && s.rules[0].counters.active == 0;
    });
    QVERIFY(snap && snap->rules.size() == 1);
    const auto& r = snap->rules[0];
    QCOMPARE(QString::fromStdString(r.key.kind), QStringLiteral("VirtualHost"));
    QCOMPARE(r.counters.rateLimited, uint64_t(4));
    QCOMPARE(r.byFlag.at("RL"), uint64_t(4));
    QCOMPARE(r.byStatus.at(429), uint64_t(4));
    QCOMPARE(r.byStatus.at(200), uint64_t(3));
    QCOMPARE(r.counters.localReplies, uint64_t(7));
    svc.stop();
  }
};

QTEST_GUILESS_MAIN(TestStatsLive)
#include "tst_stats_live.moc"
