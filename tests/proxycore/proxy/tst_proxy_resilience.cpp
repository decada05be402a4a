// Gateway API timeouts and retries on live sockets, and the local rate limit
// (configured through Envoy's per-route local_ratelimit).
#include <QElapsedTimer>
#include <QTest>
#include <QUuid>

#include <memory>

#include <signal.h>

#include "tests/proxycore/proxy/live_http.h"
#include "tests/proxycore/proxy/proxy_env.h"

using namespace routedeck::tests;

namespace {

const char* kRoutes = R"(---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: web, namespace: test}
spec:
  parentRefs: [{name: edge}]
  hostnames: [web.example.com]
  rules:
  - matches: [{path: {type: PathPrefix, value: /request-timeout}}]
    timeouts: {request: 300ms}
    backendRefs: [{name: echo, port: 8080}]
  - matches: [{path: {type: PathPrefix, value: /backend-timeout}}]
    timeouts: {request: 5s, backendRequest: 200ms}
    backendRefs: [{name: echo, port: 8080}]
  - matches: [{path: {type: PathPrefix, value: /retry}}]
    retry: {codes: [503], attempts: 2, backoff: 200ms}
    backendRefs: [{name: echo, port: 8080}]
  - matches: [{path: {type: PathPrefix, value: /}}]
    backendRefs: [{name: echo, port: 8080}]
)";

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
        token_bucket: {max_tokens: 3, tokens_per_fill: 1, fill_interval: 2s}
  - match: {prefix: /}
    direct_response: {status: 200, body: {inline_string: free}}
)";

std::string uuid() { return QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString(); }

}  // namespace

class TestProxyResilience : public QObject {
  Q_OBJECT

  std::unique_ptr<ProxyEnv> m_env;

  HttpResponse get(const std::string& target) {
    HttpClient c(m_env->proxyPort());
    return c.get(target, "web.example.com");
  }

 private slots:
  void initTestCase() {
    m_env = std::make_unique<ProxyEnv>();
    QCOMPARE(m_env->startEcho({QStringLiteral("echo")}).size(), size_t(1));
    m_env->write(QStringLiteral("routes.yaml"),
                 gatewayApiBase() + QString::fromUtf8(kRoutes) + serviceObject(QStringLiteral("echo")));
    auto ws = m_env->write(
        QStringLiteral("workspace.yaml"),
        workspaceYaml(QStringLiteral("test/edge"), QStringLiteral("http"), m_env->proxyPort(),
                      {QStringLiteral("routes.yaml")},
                      serviceEntry(QStringLiteral("echo"), 8080, {m_env->echoPort(QStringLiteral("echo"))})));
    QVERIFY2(m_env->startServe(ws, {QStringLiteral("--outlier-failures"), QStringLiteral("1000")}),
             qPrintable(m_env->serve() ? m_env->serve()->err() : QString()));
  }

  void requestTimeout() {
    QElapsedTimer t;
    t.start();
    auto r = get("/request-timeout?delay=3s");
    const qint64 ms = t.elapsed();
    QCOMPARE(r.status, 504);
    QCOMPARE(r.header("x-routedeck-response-flags"), std::string("UT"));
    QVERIFY2(ms >= 280 && ms < 1500, qPrintable(QString::number(ms)));
    QCOMPARE(get("/request-timeout?delay=20ms").status, 200);
  }

  void backendRequestTimeout() {
    QElapsedTimer t;
    t.start();
    auto r = get("/backend-timeout?delay=3s");
    const qint64 ms = t.elapsed();
    QCOMPARE(r.status, 504);
    QVERIFY(QString::fromStdString(r.header("x-routedeck-response-flags")).contains(QStringLiteral("UT")));
    QVERIFY2(ms >= 180 && ms < 1500, qPrintable(QString::number(ms)));
    QCOMPARE(get("/backend-timeout?delay=20ms").status, 200);
  }

  void retryCodesAndAttempts() {
    QCOMPARE(get("/retry?uuid=" + uuid() + "&succeedAfter=2&responseCode=503").status, 200);
    // Not in codes: answered as is.
    QCOMPARE(get("/retry?uuid=" + uuid() + "&succeedAfter=1&responseCode=500").status, 500);
    // More failures than attempts: the last answer reaches the client, and
    // the echo saw exactly three tries (see tst_proxy_istio for the argument).
    const std::string id = uuid();
    QCOMPARE(get("/retry?uuid=" + id + "&succeedAfter=3&responseCode=503").status, 503);
    HttpClient direct(m_env->echoPort(QStringLiteral("echo")));
    QCOMPARE(direct.get("/retry?uuid=" + id + "&succeedAfter=3&responseCode=503", "x").status, 200);
  }

  void retryBackoffSpacesAttempts() {
    // Gateway API backoff is the base interval; the proxy draws each pause
    // with jitter from [0, base·2^(n-1)], so over 20 doubly-retried requests
    // the total pause must be clearly positive and bounded by the ceilings.
    QElapsedTimer t;
    t.start();
    for (int i = 0; i < 20; ++i) {
      auto r = get("/retry?uuid=" + uuid() + "&succeedAfter=2&responseCode=503");
      QVERIFY2(r.status == 200, (std::to_string(r.status) + " " + r.header("x-routedeck-response-flags") + " " + r.body).c_str());
    }
    const qint64 ms = t.elapsed();
    // Expected pause per request: 100 ms + 200 ms = 300 ms on average → ~6 s total.
    QVERIFY2(ms >= 2500 && ms < 12000, qPrintable(QString::number(ms)));
  }

  void localRateLimit() {
    // Envoy's per-route local_ratelimit is the one dialect spelling of a
    // route rate limit: 3 tokens, refilled one per 2 s.
    ProxyEnv env;
    env.write(QStringLiteral("limits.yaml"), QString::fromUtf8(kEnvoyLimits));
    auto ws = env.write(QStringLiteral("workspace.yaml"),
                        workspaceYaml(QStringLiteral("default/limits"), QStringLiteral("http"), env.proxyPort(),
                                      {QStringLiteral("limits.yaml")}, {}));
    QVERIFY2(env.startServe(ws), qPrintable(env.serve() ? env.serve()->err() : QString()));
    HttpClient c(env.proxyPort());
    for (int i = 0; i < 3; ++i) {
      auto r = c.get("/limited", "any.example.com");
      QCOMPARE(r.status, 200);
      QCOMPARE(r.body, std::string("ok"));
    }
    auto limited = c.get("/limited", "any.example.com");
    QCOMPARE(limited.status, 429);
    QCOMPARE(limited.header("x-routedeck-response-flags"), std::string("RL"));
    const int retryAfter = std::atoi(limited.header("retry-after").c_str());
    QVERIFY2(retryAfter >= 1 && retryAfter <= 2, limited.header("retry-after").c_str());
    // A reload that leaves the limit as it was keeps the bucket (empty).
    env.serve()->signal(SIGHUP);
    QVERIFY(env.serve()->waitStderr(QStringLiteral("applied configuration version 2 ")));
    QCOMPARE(c.get("/limited", "any.example.com").status, 429);
    // Another route has its own (no) limit.
    for (int i = 0; i < 10; ++i) {
      QCOMPARE(c.get("/free", "any.example.com").status, 200);
    }
    // After retry-after seconds one token is back, and only one.
    QTest::qWait(retryAfter * 1000 + 100);
    QCOMPARE(c.get("/limited", "any.example.com").status, 200);
    QCOMPARE(c.get("/limited", "any.example.com").status, 429);
  }

  void cleanupTestCase() { m_env.reset(); }
};

QTEST_GUILESS_MAIN(TestProxyResilience)
#include "tst_proxy_resilience.moc"
