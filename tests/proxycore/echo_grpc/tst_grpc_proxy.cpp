// gRPC end to end on loopback: the gRPC C++ client → `routedeckd serve`
// (h2c downstream and upstream) → `routedeckd echo --grpc-listen`. Unary
// calls routed by GRPCRoute method matches, a server stream, a deadline that
// expires while the backend sleeps, and UNAVAILABLE retried per Istio
// retryOn until the backend's scripted failures run out; /metrics counts
// each method's calls per grpc-status.
#include <QElapsedTimer>
#include <QTest>

#include <memory>
#include <sstream>

#include "tests/proxycore/proxy/live_http.h"
#include "tests/proxycore/proxy/proxy_env.h"
#include "tests/support/grpc_echo_client.h"
#include "tests/support/test_support.h"

using namespace routedeck::tests;

namespace {

const char* kGrpcRoutes = R"(---
apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata: {name: echo, namespace: test}
spec:
  parentRefs: [{name: edge}]
  hostnames: [grpc.example.com]
  rules:
  - matches: [{method: {service: gateway_api_conformance.echo_basic.grpcecho.GrpcEcho, method: EchoTwo}}]
    backendRefs: [{name: grpc-b, port: 8080}]
  - matches: [{method: {service: gateway_api_conformance.echo_basic.grpcecho.GrpcEcho}}]
    backendRefs: [{name: grpc-a, port: 8080}]
  - matches: [{method: {service: routedeck.echo.v1.Echo}}]
    backendRefs: [{name: grpc-a, port: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: grpc-a, namespace: test}
spec:
  ports: [{name: grpc, port: 8080, appProtocol: kubernetes.io/h2c}]
---
apiVersion: v1
kind: Service
metadata: {name: grpc-b, namespace: test}
spec:
  ports: [{name: grpc, port: 8080, appProtocol: kubernetes.io/h2c}]
)";

// Istio: retries on gRPC status; the port name "grpc" says HTTP/2.
const char* kIstioRules = R"(  - match: [{uri: {prefix: /routedeck.echo.v1.Echo/}}]
    retries: {attempts: 2, retryOn: "unavailable,resource-exhausted"}
    route: [{destination: {host: grpc-a, port: {number: 8080}}}]
---
apiVersion: v1
kind: Service
metadata: {name: grpc-a, namespace: test}
spec:
  ports: [{name: grpc, port: 8080}]
)";

// The value of routedeck_grpc_calls_total for the GRPCRoute "echo"'s
// `rule`, `method` and `code` in an exposition; 0 when absent.
double grpcCalls(const std::string& exposition, int rule, const std::string& method, int code) {
  const std::string want[] = {"route=\"echo\"", "rule=\"" + std::to_string(rule) + "\"",
                              "grpc_method=\"" + method + "\"", "grpc_code=\"" + std::to_string(code) + "\""};
  std::istringstream in(exposition);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("routedeck_grpc_calls_total{", 0) != 0) continue;
    bool all = true;
    for (const auto& w : want) all = all && line.find(w) != std::string::npos;
    if (all) return std::stod(line.substr(line.rfind(' ') + 1));
  }
  return 0;
}

// The routedeck_grpc_calls_total lines of an exposition, to tell whether
// the counters moved between two scrapes.
std::string grpcCallLines(const std::string& exposition) {
  std::string out;
  std::istringstream in(exposition);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("routedeck_grpc_calls_total{", 0) == 0) out += line + '\n';
  }
  return out;
}

std::string uniqueId(const char* what) {
  static int n = 0;
  return std::string(what) + "-" + std::to_string(QCoreApplication::applicationPid()) + "-" + std::to_string(++n);
}

}  // namespace

class TestGrpcProxy : public QObject {
  Q_OBJECT
  Daemon m_echo;
  int m_portA = 0;
  int m_portB = 0;
  std::unique_ptr<ProxyEnv> m_gateway;
  std::unique_ptr<ProxyEnv> m_istio;
  int m_metricsPort = 0;

  std::string metrics() const {
    HttpClient c(m_metricsPort, 5000);
    auto r = c.get("/metrics", "127.0.0.1");
    return r.ok && r.status == 200 ? r.body : std::string();
  }

  // /metrics once the calls of earlier tests are in it: the exposition
  // follows snapshots taken every 250 ms, so a call that just ended may
  // still be missing. Two equal scrapes 400 ms apart mean it has settled.
  std::string settledMetrics() const {
    std::string last = metrics();
    for (int tries = 0; tries < 20; ++tries) {
      QTest::qWait(400);
      std::string now = metrics();
      if (!now.empty() && grpcCallLines(now) == grpcCallLines(last)) return now;
      last = std::move(now);
    }
    return last;
  }

  std::string gatewayTarget() const { return "127.0.0.1:" + std::to_string(m_gateway->proxyPort()); }
  std::string istioTarget() const { return "127.0.0.1:" + std::to_string(m_istio->proxyPort()); }

 private slots:
  void initTestCase() {
    QVERIFY(m_echo.start({QStringLiteral("echo"), QStringLiteral("--grpc-listen"), QStringLiteral("127.0.0.1:0"),
                          QStringLiteral("--name"), QStringLiteral("grpc-a"), QStringLiteral("--grpc-listen"),
                          QStringLiteral("127.0.0.1:0"), QStringLiteral("--name"), QStringLiteral("grpc-b"),
                          QStringLiteral("--namespace"), QStringLiteral("test")}));
    const auto lines = m_echo.waitListening(2);
    QVERIFY2(lines.size() == 2, qPrintable(m_echo.err()));
    m_portA = lines[0].value(2).toInt();
    m_portB = lines[1].value(2).toInt();

    m_gateway = std::make_unique<ProxyEnv>();
    m_gateway->write(QStringLiteral("routes.yaml"), gatewayApiBase() + QString::fromLatin1(kGrpcRoutes));
    const QString gw = m_gateway->write(
        QStringLiteral("workspace.yaml"),
        workspaceYaml(QStringLiteral("test/edge"), QStringLiteral("http"), m_gateway->proxyPort(),
                      {QStringLiteral("routes.yaml")},
                      serviceEntry(QStringLiteral("grpc-a"), 8080, {m_portA}) +
                          serviceEntry(QStringLiteral("grpc-b"), 8080, {m_portB})));
    m_metricsPort = freeLoopbackPort();
    QVERIFY2(m_gateway->startServe(gw, {QStringLiteral("--metrics"), QStringLiteral("127.0.0.1:%1").arg(m_metricsPort)}),
             qPrintable(m_gateway->serve()->err()));

    m_istio = std::make_unique<ProxyEnv>();
    m_istio->write(QStringLiteral("routes.yaml"),
                   istioEdge(QStringLiteral("grpc")) + QString::fromLatin1(kIstioRules));
    const QString is = m_istio->write(
        QStringLiteral("workspace.yaml"),
        workspaceYaml(QStringLiteral("test/edge-gw"), QStringLiteral("http"), m_istio->proxyPort(),
                      {QStringLiteral("routes.yaml")}, serviceEntry(QStringLiteral("grpc-a"), 8080, {m_portA})));
    QVERIFY2(m_istio->startServe(is), qPrintable(m_istio->serve()->err()));
  }

  void unaryCallsFollowGrpcRouteMethods_data() {
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("backend");
    QTest::newRow("Echo") << QStringLiteral("Echo") << QStringLiteral("grpc-a");
    QTest::newRow("EchoTwo") << QStringLiteral("EchoTwo") << QStringLiteral("grpc-b");
  }
  void unaryCallsFollowGrpcRouteMethods() {
    QFETCH(QString, method);
    QFETCH(QString, backend);
    GrpcEchoClient client(gatewayTarget(), "grpc.example.com");
    auto r = client.echo(method.toStdString(), {{"x-trace-me", "yes"}});
    QVERIFY2(r.status.ok(), (r.status.name + ": " + r.status.message).c_str());
    QCOMPARE(r.service, backend.toStdString());
    QCOMPARE(r.authority, std::string("grpc.example.com"));
    QCOMPARE(r.method, "/gateway_api_conformance.echo_basic.grpcecho.GrpcEcho/" + method.toStdString());
    std::string v;
    QVERIFY(r.header("x-trace-me", &v));
    QCOMPARE(v, std::string("yes"));
  }

  void unmatchedHostIsUnimplemented() {
    GrpcEchoClient client(gatewayTarget(), "other.example.com");
    auto r = client.echo("Echo");
    QCOMPARE(r.status.name, std::string("UNIMPLEMENTED"));
  }

  void echoThreeStaysUnimplementedThroughTheProxy() {
    GrpcEchoClient client(gatewayTarget(), "grpc.example.com");
    auto r = client.echo("EchoThree");
    QCOMPARE(r.status.name, std::string("UNIMPLEMENTED"));
    QVERIFY2(r.status.message.find("deliberately") != std::string::npos, r.status.message.c_str());
  }

  void serverStreamArrivesWhole() {
    GrpcEchoClient client(gatewayTarget(), "grpc.example.com");
    auto r = client.sayMany("tick", 200, 0, 10000);
    QVERIFY2(r.status.ok(), (r.status.name + ": " + r.status.message).c_str());
    QCOMPARE(r.messages.size(), size_t(200));
    for (unsigned i = 0; i < r.messages.size(); ++i) {
      QCOMPARE(r.messages[i].index, i);
    }
  }

  void deadlineExpiresWhileTheBackendSleeps() {
    GrpcEchoClient client(gatewayTarget(), "grpc.example.com");
    QElapsedTimer t;
    t.start();
    auto r = client.say({.message = "slow", .delayMs = 3000}, {}, 300);
    QCOMPARE(r.status.name, std::string("DEADLINE_EXCEEDED"));
    QVERIFY2(t.elapsed() < 2000, qPrintable(QStringLiteral("took %1 ms").arg(t.elapsed())));
    // The proxy is still fine afterwards.
    auto quick = client.say({.message = "quick"}, {}, 5000);
    QVERIFY2(quick.status.ok(), quick.status.message.c_str());
  }

  void unavailableIsRetried() {
    // attempts: 2 retries → three tries: two scripted failures are absorbed.
    GrpcEchoClient client(istioTarget(), "mesh.example.com");
    auto r = client.say({.message = "flaky", .failCode = 14, .failFirst = 2, .requestId = uniqueId("retry")});
    QVERIFY2(r.status.ok(), (r.status.name + ": " + r.status.message).c_str());
    QCOMPARE(r.attempt, 3u);
  }

  void retriesRunOut() {
    GrpcEchoClient client(istioTarget(), "mesh.example.com");
    auto r = client.say({.failCode = 14, .failFirst = 3, .requestId = uniqueId("exhausted")});
    QCOMPARE(r.status.name, std::string("UNAVAILABLE"));
    QVERIFY2(r.status.message.find("attempt 3") != std::string::npos, r.status.message.c_str());
  }

  void statusesOutsideRetryOnAreNotRetried() {
    GrpcEchoClient client(istioTarget(), "mesh.example.com");
    const std::string id = uniqueId("internal");
    auto r = client.say({.failCode = 13, .failFirst = 1, .requestId = id});
    QCOMPARE(r.status.name, std::string("INTERNAL"));
    // The second call with the same id is the backend's attempt 2: the
    // proxy did not retry the first.
    auto again = client.say({.failCode = 13, .failFirst = 1, .requestId = id});
    QVERIFY2(again.status.ok(), again.status.message.c_str());
    QCOMPARE(again.attempt, 2u);
  }

  // Per-method stats: each method of a rule counts its calls by the
  // grpc-status the client got, the proxy's own (DEADLINE_EXCEEDED) too.
  void metricsCountCallsPerMethodAndStatus() {
    const std::string echo = "gateway_api_conformance.echo_basic.grpcecho.GrpcEcho/Echo";
    const std::string three = "gateway_api_conformance.echo_basic.grpcecho.GrpcEcho/EchoThree";
    const std::string say = "routedeck.echo.v1.Echo/Say";
    const std::string before = settledMetrics();
    QVERIFY2(!before.empty(), "no /metrics answer");
    GrpcEchoClient client(gatewayTarget(), "grpc.example.com");
    for (int i = 0; i < 3; ++i) QVERIFY(client.echo("Echo").status.ok());
    for (int i = 0; i < 2; ++i) QCOMPARE(client.echo("EchoThree").status.name, std::string("UNIMPLEMENTED"));
    QCOMPARE(client.say({.message = "slow", .delayMs = 2000}, {}, 200).status.name, std::string("DEADLINE_EXCEEDED"));
    struct Want {
      int rule;
      std::string method;
      int code;
      double calls;
    };
    const Want wants[] = {{1, echo, 0, 3}, {1, three, 12, 2}, {2, say, 4, 1}};
    std::string now;
    // Snapshots are taken every 250 ms: bounded wait for the counters.
    for (int tries = 0; tries < 40; ++tries) {
      now = metrics();
      bool all = true;
      for (const auto& w : wants) {
        all = all && grpcCalls(now, w.rule, w.method, w.code) - grpcCalls(before, w.rule, w.method, w.code) >= w.calls;
      }
      if (all) break;
      QTest::qWait(100);
    }
    for (const auto& w : wants) {
      QCOMPARE(grpcCalls(now, w.rule, w.method, w.code) - grpcCalls(before, w.rule, w.method, w.code), w.calls);
    }
    // EchoTwo is rule 0's method: rule 1 never saw it.
    QVERIFY(now.find("rule=\"1\",grpc_method=\"gateway_api_conformance.echo_basic.grpcecho.GrpcEcho/EchoTwo\"") ==
            std::string::npos);
    QVERIFY2(now.find("routedeck_grpc_call_duration_seconds_total{") != std::string::npos, now.c_str());
  }

  void cleanupTestCase() {
    m_gateway.reset();
    m_istio.reset();
  }
};

QTEST_GUILESS_MAIN(TestGrpcProxy)
#include "tst_grpc_proxy.moc"
