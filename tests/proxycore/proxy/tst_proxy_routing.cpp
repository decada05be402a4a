// Gateway API actions on live sockets: weighted split per request, header
// pinning, redirects, rewrites, header modifiers, mirrors, CORS preflight.
#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

#include <memory>

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
  - matches: [{path: {type: PathPrefix, value: /pinned}, headers: [{name: x-pin, value: b}]}]
    backendRefs: [{name: svc-b, port: 8080}]
  - matches: [{path: {type: PathPrefix, value: /pinned}}]
    backendRefs: [{name: svc-a, port: 8080}]
  - matches: [{path: {type: PathPrefix, value: /split}}]
    backendRefs:
    - {name: svc-a, port: 8080, weight: 80}
    - {name: svc-b, port: 8080, weight: 20}
  - matches: [{path: {type: PathPrefix, value: /redirect}}]
    filters:
    - type: RequestRedirect
      requestRedirect: {scheme: https, hostname: other.example.com, statusCode: 301}
  - matches: [{path: {type: PathPrefix, value: /old}}]
    filters:
    - type: URLRewrite
      urlRewrite:
        hostname: rewritten.example.com
        path: {type: ReplacePrefixMatch, replacePrefixMatch: /new}
    backendRefs: [{name: svc-a, port: 8080}]
  - matches: [{path: {type: PathPrefix, value: /full}}]
    filters:
    - type: URLRewrite
      urlRewrite: {path: {type: ReplaceFullPath, replaceFullPath: /replaced}}
    backendRefs: [{name: svc-a, port: 8080}]
  - matches: [{path: {type: PathPrefix, value: /headers}}]
    filters:
    - type: RequestHeaderModifier
      requestHeaderModifier:
        set: [{name: x-set, value: set-by-proxy}]
        add: [{name: x-add, value: added}]
        remove: [x-remove]
    - type: ResponseHeaderModifier
      responseHeaderModifier:
        set: [{name: x-resp, value: from-proxy}]
        remove: [x-content-type-options]
    backendRefs: [{name: svc-a, port: 8080}]
  - matches: [{path: {type: PathPrefix, value: /mirror-all}}]
    filters:
    - type: RequestMirror
      requestMirror: {backendRef: {name: recorder, port: 8080}}
    backendRefs: [{name: svc-a, port: 8080}]
  - matches: [{path: {type: PathPrefix, value: /mirror-some}}]
    filters:
    - type: RequestMirror
      requestMirror: {backendRef: {name: recorder, port: 8080}, percent: 30}
    backendRefs: [{name: svc-a, port: 8080}]
  - matches: [{path: {type: PathPrefix, value: /cors}}]
    filters:
    - type: CORS
      cors:
        allowOrigins: [https://app.example.com]
        allowMethods: [GET, PUT]
        allowHeaders: [x-custom]
        maxAge: 600
    backendRefs: [{name: recorder, port: 8080}]
)";

}  // namespace

class TestProxyRouting : public QObject {
  Q_OBJECT

  std::unique_ptr<ProxyEnv> m_env;
  std::unique_ptr<RequestRecorder> m_recorder;

  HttpResponse get(const std::string& target, const HeaderList& headers = {}) {
    HttpClient c(m_env->proxyPort());
    return c.get(target, "web.example.com", headers);
  }

 private slots:
  void initTestCase() {
    m_env = std::make_unique<ProxyEnv>();
    m_recorder = std::make_unique<RequestRecorder>();
    auto ports = m_env->startEcho({QStringLiteral("svc-a"), QStringLiteral("svc-b")});
    QCOMPARE(ports.size(), size_t(2));
    m_env->write(QStringLiteral("routes.yaml"),
                 gatewayApiBase() + QString::fromUtf8(kRoutes) + serviceObject(QStringLiteral("svc-a")) +
                     serviceObject(QStringLiteral("svc-b")) + serviceObject(QStringLiteral("recorder")));
    const QString services =
        serviceEntry(QStringLiteral("svc-a"), 8080, {m_env->echoPort(QStringLiteral("svc-a"))}) +
        serviceEntry(QStringLiteral("svc-b"), 8080, {m_env->echoPort(QStringLiteral("svc-b"))}) +
        serviceEntry(QStringLiteral("recorder"), 8080, {m_recorder->port()});
    auto ws = m_env->write(QStringLiteral("workspace.yaml"),
                           workspaceYaml(QStringLiteral("test/edge"), QStringLiteral("http"),
                                         m_env->proxyPort(), {QStringLiteral("routes.yaml")}, services));
    QVERIFY2(m_env->startServe(ws), qPrintable(m_env->serve() ? m_env->serve()->err() : QString()));
  }

  void weightedSplitPerRequest() {
    // One keep-alive connection: the split is per request, not per connection.
    HttpClient c(m_env->proxyPort());
    int a = 0, b = 0;
    for (int i = 0; i < 1000; ++i) {
      auto r = c.get("/split/" + std::to_string(i), "web.example.com");
      QVERIFY2(r.ok && r.status == 200, r.error.c_str());
      (r.service() == QStringLiteral("svc-a") ? a : b)++;
    }
    QCOMPARE(c.connectionsOpened(), 1);
    QCOMPARE(a + b, 1000);
    QVERIFY2(a >= 750 && a <= 850, qPrintable(QStringLiteral("svc-a got %1 of 1000").arg(a)));
  }

  void requestIdGeneratedOrKept() {
    // Absent: a fresh RFC 4122 version-4 id per request; present: passed on.
    const QRegularExpression uuid4(
        QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"));
    QSet<QString> seen;
    for (int i = 0; i < 50; ++i) {
      const QString id = get("/split/id").echoedHeader(QStringLiteral("X-Request-Id"));
      QVERIFY2(uuid4.match(id).hasMatch(), qPrintable(id));
      seen.insert(id);
    }
    QCOMPARE(seen.size(), 50);
    QCOMPARE(get("/split/id", {{"x-request-id", "abc-123"}}).echoedHeader(QStringLiteral("X-Request-Id")),
             QStringLiteral("abc-123"));
  }

  void traceContextPropagated() {
    const QRegularExpression w3c(QStringLiteral("^00-([0-9a-f]{32})-([0-9a-f]{16})-0[01]$"));
    // The caller's trace continues; the backend's parent is a new gateway span.
    const QString in = QStringLiteral("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    auto r = get("/split/t", {{"traceparent", in.toStdString()}, {"tracestate", "vendor=x"}});
    auto m = w3c.match(r.echoedHeader(QStringLiteral("Traceparent")));
    QVERIFY2(m.hasMatch(), qPrintable(r.echoedHeader(QStringLiteral("Traceparent"))));
    QCOMPARE(m.captured(1), QStringLiteral("4bf92f3577b34da6a3ce929d0e0e4736"));
    QVERIFY(m.captured(2) != QStringLiteral("00f067aa0ba902b7"));
    QVERIFY(r.echoedHeader(QStringLiteral("Traceparent")).endsWith(QStringLiteral("-01")));
    QCOMPARE(r.echoedHeader(QStringLiteral("Tracestate")), QStringLiteral("vendor=x"));
    // Unsampled stays unsampled.
    QVERIFY(get("/split/t", {{"traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00"}})
                .echoedHeader(QStringLiteral("Traceparent"))
                .endsWith(QStringLiteral("-00")));
    // None, or an invalid one (all-zero trace id, upper case): a new trace each time.
    QSet<QString> traces;
    for (const char* bad : {"", "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
                            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", "garbage"}) {
      HeaderList h;
      if (*bad) h.push_back({"traceparent", bad});
      auto fresh = w3c.match(get("/split/t", h).echoedHeader(QStringLiteral("Traceparent")));
      QVERIFY2(fresh.hasMatch(), bad);
      QVERIFY(fresh.captured(1) != QStringLiteral("4bf92f3577b34da6a3ce929d0e0e4736"));
      traces.insert(fresh.captured(1));
    }
    QCOMPARE(traces.size(), 4);
    // B3 single header: same trace, the gateway's span, the caller's span as parent.
    auto b3 = get("/split/t", {{"b3", "80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1"}});
    const QString b3out = b3.echoedHeader(QStringLiteral("B3"));
    QVERIFY2(b3out.startsWith(QStringLiteral("80f198ee56343ba864fe8b2a57d3eff7-")) &&
                 b3out.endsWith(QStringLiteral("-1-e457b5a2e4d86bd1")) &&
                 !b3out.contains(QStringLiteral("-e457b5a2e4d86bd1-1")),
             qPrintable(b3out));
    QVERIFY(b3.echoedHeader(QStringLiteral("Traceparent"))
                .startsWith(QStringLiteral("00-80f198ee56343ba864fe8b2a57d3eff7-")));
    // B3 multi headers, 64-bit trace id: same trace, new span, caller's span as parent.
    auto multi = get("/split/t", {{"X-B3-TraceId", "a3ce929d0e0e4736"},
                                  {"X-B3-SpanId", "00f067aa0ba902b7"},
                                  {"X-B3-Sampled", "1"}});
    QCOMPARE(multi.echoedHeader(QStringLiteral("X-B3-Traceid")), QStringLiteral("a3ce929d0e0e4736"));
    QCOMPARE(multi.echoedHeader(QStringLiteral("X-B3-Parentspanid")), QStringLiteral("00f067aa0ba902b7"));
    QVERIFY(multi.echoedHeader(QStringLiteral("X-B3-Spanid")) != QStringLiteral("00f067aa0ba902b7"));
    QVERIFY(multi.echoedHeader(QStringLiteral("Traceparent"))
                .startsWith(QStringLiteral("00-0000000000000000a3ce929d0e0e4736-")));
  }

  void headerPinnedRouting() {
    for (int i = 0; i < 20; ++i) {
      QCOMPARE(get("/pinned/x", {{"x-pin", "b"}}).service(), QStringLiteral("svc-b"));
      QCOMPARE(get("/pinned/x").service(), QStringLiteral("svc-a"));
      QCOMPARE(get("/pinned/x", {{"x-pin", "c"}}).service(), QStringLiteral("svc-a"));
    }
  }

  void redirect() {
    auto r = get("/redirect/a?q=1");
    QCOMPARE(r.status, 301);
    QCOMPARE(QString::fromStdString(r.header("location")),
             QStringLiteral("https://other.example.com/redirect/a?q=1"));
  }

  void prefixAndHostRewrite() {
    auto r = get("/old/item?x=1");
    QCOMPARE(r.status, 200);
    const auto j = r.json();
    QCOMPARE(j.value(QStringLiteral("path")).toString(), QStringLiteral("/new/item?x=1"));
    QCOMPARE(j.value(QStringLiteral("host")).toString(), QStringLiteral("rewritten.example.com"));
    // Segment boundary: /old itself becomes /new.
    QCOMPARE(get("/old").json().value(QStringLiteral("path")).toString(), QStringLiteral("/new"));
  }

  void fullPathRewrite() {
    auto r = get("/full/a/b");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json().value(QStringLiteral("path")).toString(), QStringLiteral("/replaced"));
    QCOMPARE(r.json().value(QStringLiteral("host")).toString(), QStringLiteral("web.example.com"));
  }

  void requestAndResponseHeaderModifiers() {
    auto r = get("/headers", {{"x-set", "client"}, {"x-add", "client"}, {"x-remove", "gone"}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.echoedHeader(QStringLiteral("X-Set")), QStringLiteral("set-by-proxy"));
    const auto added = r.json().value(QStringLiteral("headers")).toObject().value(QStringLiteral("X-Add")).toArray();
    QCOMPARE(added.size(), 2);  // add appends to the client's value
    QVERIFY(!r.json().value(QStringLiteral("headers")).toObject().contains(QStringLiteral("X-Remove")));
    QCOMPARE(r.header("x-resp"), std::string("from-proxy"));
    QVERIFY(!r.has("x-content-type-options"));  // the echo sets it; the filter removes it
  }

  void mirrorEveryRequest() {
    const int before = m_recorder->count();
    for (int i = 0; i < 10; ++i) {
      auto r = get("/mirror-all/" + std::to_string(i));
      QCOMPARE(r.status, 200);
      QCOMPARE(r.service(), QStringLiteral("svc-a"));  // the client sees the primary's answer
    }
    QVERIFY2(m_recorder->waitFor(before + 10, 5000),
             qPrintable(QStringLiteral("mirror got %1 of 10").arg(m_recorder->count() - before)));
    auto lines = m_recorder->requestLines();
    QCOMPARE(QString::fromStdString(lines.back()).section(QLatin1Char(' '), 0, 0), QStringLiteral("GET"));
    QVERIFY(QString::fromStdString(lines.back()).contains(QStringLiteral("/mirror-all/")));
  }

  void mirrorCarriesRequestBody() {
    const int before = m_recorder->count();
    HttpClient c(m_env->proxyPort());
    auto r = c.request("POST", "/mirror-all/post", "web.example.com", {}, std::string(3000, 'm'));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.echoedHeader(QStringLiteral("Content-Length")), QStringLiteral("3000"));
    QVERIFY(m_recorder->waitFor(before + 1, 5000));
    QCOMPARE(QString::fromStdString(m_recorder->requestLines().back()),
             QStringLiteral("POST /mirror-all/post HTTP/1.1"));
  }

  void mirrorPercent() {
    const int before = m_recorder->count();
    HttpClient c(m_env->proxyPort());
    for (int i = 0; i < 400; ++i) {
      QCOMPARE(c.get("/mirror-some/" + std::to_string(i), "web.example.com").status, 200);
    }
    QTest::qWait(500);  // mirrors are fire-and-forget
    const int mirrored = m_recorder->count() - before;
    // 30% of 400 = 120; ±40 is far beyond binomial noise (σ ≈ 9).
    QVERIFY2(mirrored >= 80 && mirrored <= 160, qPrintable(QStringLiteral("mirrored %1 of 400").arg(mirrored)));
  }

  void corsPreflightAtTheEdge() {
    const int before = m_recorder->count();
    HttpClient c(m_env->proxyPort());
    auto r = c.request("OPTIONS", "/cors/x", "web.example.com",
                       {{"origin", "https://app.example.com"}, {"access-control-request-method", "PUT"},
                        {"access-control-request-headers", "x-custom"}});
    QVERIFY(r.ok);
    QVERIFY2(r.status >= 200 && r.status < 300, qPrintable(QString::number(r.status)));
    QCOMPARE(r.header("access-control-allow-origin"), std::string("https://app.example.com"));
    QVERIFY(QString::fromStdString(r.header("access-control-allow-methods")).contains(QStringLiteral("PUT")));
    QCOMPARE(r.header("access-control-max-age"), std::string("600"));
    // An actual (non-preflight) request goes through to the backend.
    auto actual = c.get("/cors/x", "web.example.com", {{"origin", "https://app.example.com"}});
    QCOMPARE(actual.status, 200);
    QCOMPARE(actual.body, std::string("recorded\n"));
    QVERIFY(m_recorder->waitFor(before + 1, 2000));
    const auto lines = m_recorder->requestLines();
    int options = 0;
    for (const auto& l : lines) {
      options += l.rfind("OPTIONS ", 0) == 0;
    }
    QCOMPARE(options, 0);  // the preflight never reached the backend
  }

  void cleanupTestCase() {
    m_env.reset();
    m_recorder.reset();
  }
};

QTEST_GUILESS_MAIN(TestProxyRouting)
#include "tst_proxy_routing.moc"
