// HTTP/2 (h2c) to backends on live sockets: an HTTP/1.1 client through
// `routedeckd serve` to Debian's nghttpd and to a scripted nghttp2 backend —
// relay, 1 MiB both ways under flow control, 100 concurrent requests on one
// upstream connection, stream resets, GOAWAY, retries on a trailers-only
// gRPC UNAVAILABLE (Istio retryOn) and grpc-timeout as the deadline.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QStandardPaths>
#include <QTest>

#include <memory>
#include <thread>
#include <vector>

#include "tests/proxycore/proxy/h2_backend.h"
#include "tests/proxycore/proxy/live_http.h"
#include "tests/proxycore/proxy/proxy_env.h"

using namespace routedeck::tests;

namespace {

// Gateway API: the Service ports say h2c (GEP-1911 appProtocol).
const char* kRoutes = R"(---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: h2, namespace: test}
spec:
  parentRefs: [{name: edge}]
  hostnames: [h2.example.com]
  rules:
  - matches: [{path: {type: PathPrefix, value: /nghttpd}}]
    backendRefs: [{name: nghttpd, port: 8080}]
  - matches: [{path: {type: PathPrefix, value: /wrong}}]
    backendRefs: [{name: http1-only, port: 8080}]
  - matches: [{path: {type: PathPrefix, value: /}}]
    backendRefs: [{name: scripted, port: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: nghttpd, namespace: test}
spec:
  ports: [{name: web, port: 8080, appProtocol: kubernetes.io/h2c}]
---
apiVersion: v1
kind: Service
metadata: {name: http1-only, namespace: test}
spec:
  ports: [{name: web, port: 8080, appProtocol: kubernetes.io/h2c}]
---
apiVersion: v1
kind: Service
metadata: {name: scripted, namespace: test}
spec:
  ports: [{name: web, port: 8080, appProtocol: kubernetes.io/h2c}]
)";

// Istio: the port name "grpc" says HTTP/2; gRPC retry conditions.
const char* kIstioRules = R"(  - match: [{uri: {prefix: /flaky}}]
    retries: {attempts: 2, retryOn: "cancelled,deadline-exceeded,resource-exhausted,unavailable"}
    route: [{destination: {host: grpc-backend, port: {number: 50051}}}]
  - match: [{uri: {prefix: /slow}}]
    timeout: 10s
    route: [{destination: {host: grpc-backend, port: {number: 50051}}}]
---
apiVersion: v1
kind: Service
metadata: {name: grpc-backend, namespace: test}
spec:
  ports: [{name: grpc, port: 50051}]
)";

// nghttpd's verbose log names each connection "[id=N]".
int nghttpdConnections(const QString& log) {
  QSet<QString> ids;
  static const QRegularExpression re(QStringLiteral("\\[id=(\\d+)\\]"));
  for (auto it = re.globalMatch(log); it.hasNext();) ids.insert(it.next().captured(1));
  return static_cast<int>(ids.size());
}

}  // namespace

class TestProxyH2Upstream : public QObject {
  Q_OBJECT
  std::unique_ptr<ProxyEnv> m_env;
  std::unique_ptr<ProxyEnv> m_istio;
  std::unique_ptr<H2Backend> m_backend;
  RequestRecorder m_http1;  // an HTTP/1.1-only server behind a port declared h2c
  QProcess m_nghttpd;
  QTemporaryDir m_docroot;
  int m_nghttpdPort = 0;

  std::string flags(const HttpResponse& r) { return r.header("x-routedeck-response-flags"); }
  // A file, not a pipe: nobody reads a pipe while the test's threads block,
  // and a full one would stall nghttpd's verbose logging.
  QString nghttpdLog() {
    QFile f(m_docroot.filePath(QStringLiteral("nghttpd.log")));
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
  }

 private slots:
  void initTestCase() {
    const QString nghttpd = QStandardPaths::findExecutable(QStringLiteral("nghttpd"),
                                                          {QStringLiteral("/usr/sbin"), QStringLiteral("/usr/bin")});
    if (nghttpd.isEmpty()) {
      QSKIP("nghttpd not installed (Debian package nghttp2-server; packaging/setup-debian.sh installs it)");
    }
    QVERIFY(m_docroot.isValid());
    QFile page(m_docroot.filePath(QStringLiteral("nghttpd/index.html")));
    QDir(m_docroot.path()).mkpath(QStringLiteral("nghttpd"));
    QVERIFY(page.open(QIODevice::WriteOnly));
    page.write("hello from nghttpd\n");
    page.close();
    m_nghttpdPort = freeLoopbackPort();
    m_nghttpd.setProcessChannelMode(QProcess::MergedChannels);
    m_nghttpd.setStandardOutputFile(m_docroot.filePath(QStringLiteral("nghttpd.log")));
    m_nghttpd.start(nghttpd, {QStringLiteral("--no-tls"), QStringLiteral("-v"), QStringLiteral("--echo-upload"),
                              QStringLiteral("--address=127.0.0.1"),
                              QStringLiteral("--trailer=x-from: nghttpd"), QStringLiteral("-d"),
                              m_docroot.path(), QString::number(m_nghttpdPort)});
    QVERIFY(m_nghttpd.waitForStarted(5000));
    m_backend = std::make_unique<H2Backend>();

    m_env = std::make_unique<ProxyEnv>();
    m_env->write(QStringLiteral("routes.yaml"), gatewayApiBase() + QString::fromUtf8(kRoutes));
    const QString services = serviceEntry(QStringLiteral("nghttpd"), 8080, {m_nghttpdPort}) +
                             serviceEntry(QStringLiteral("scripted"), 8080, {m_backend->port()}) +
                             serviceEntry(QStringLiteral("http1-only"), 8080, {m_http1.port()});
    auto ws = m_env->write(QStringLiteral("workspace.yaml"),
                           workspaceYaml(QStringLiteral("test/edge"), QStringLiteral("http"),
                                         m_env->proxyPort(), {QStringLiteral("routes.yaml")}, services));
    // One worker: "one upstream connection" is per worker.
    QVERIFY2(m_env->startServe(ws, {QStringLiteral("--workers"), QStringLiteral("1"),
                                    QStringLiteral("--outlier-failures"), QStringLiteral("1000")}),
             qPrintable(m_env->serve() ? m_env->serve()->err() : QString()));

    m_istio = std::make_unique<ProxyEnv>();
    m_istio->write(QStringLiteral("routes.yaml"),
                   istioEdge(QStringLiteral("grpc")) + QString::fromUtf8(kIstioRules));
    auto iws = m_istio->write(
        QStringLiteral("workspace.yaml"),
        workspaceYaml(QStringLiteral("test/edge-gw"), QStringLiteral("http"), m_istio->proxyPort(),
                      {QStringLiteral("routes.yaml")},
                      serviceEntry(QStringLiteral("grpc-backend"), 50051, {m_backend->port()})));
    QVERIFY2(m_istio->startServe(iws, {QStringLiteral("--outlier-failures"), QStringLiteral("1000")}),
             qPrintable(m_istio->serve() ? m_istio->serve()->err() : QString()));
  }

  void cleanupTestCase() {
    if (m_nghttpd.state() != QProcess::NotRunning) {
      m_nghttpd.terminate();
      m_nghttpd.waitForFinished(3000);
    }
  }

  // A real h2c server answers through the proxy: status, body, headers.
  void relayFromNghttpd() {
    HttpClient c(m_env->proxyPort());
    auto r = c.get("/nghttpd/index.html", "h2.example.com");
    QVERIFY2(r.ok, r.error.c_str());
    QCOMPARE(r.status, 200);
    QCOMPARE(r.body, std::string("hello from nghttpd\n"));
    QVERIFY(r.header("server").find("nghttpd") != std::string::npos);
    QCOMPARE(r.header("via"), std::string("2 routedeck"));
    auto missing = c.get("/nghttpd/none", "h2.example.com");
    QCOMPARE(missing.status, 404);
  }

  // 1 MiB up and back: both directions pass more than one flow-control window.
  void largeBodyBothWays() {
    std::string body(1 << 20, '\0');
    for (size_t i = 0; i < body.size(); ++i) body[i] = static_cast<char>('a' + (i * 7) % 26);
    HttpClient c(m_env->proxyPort(), 30000);
    auto r = c.request("POST", "/nghttpd/index.html", "h2.example.com", {}, body);
    QVERIFY2(r.ok, r.error.c_str());
    QCOMPARE(r.status, 200);
    QCOMPARE(r.body.size(), body.size());
    QVERIFY(r.body == body);
    auto s = c.request("POST", "/echo/big", "h2.example.com", {{"te", "trailers"}}, body);
    QCOMPARE(s.status, 200);
    QVERIFY(s.body == body);
    // The response trailers reach an HTTP/1.1 client in the chunked trailer section.
    QCOMPARE(s.trailers["x-trailer"], std::string("done"));
  }

  // te: trailers passes (gRPC needs it), Host becomes :authority, cookies are split.
  void requestHeadTranslated() {
    HttpClient c(m_env->proxyPort());
    auto r = c.get("/echo/head", "h2.example.com",
                   {{"te", "trailers"}, {"cookie", "a=1; b=2; c=3"}, {"connection", "keep-alive, x-drop"},
                    {"x-drop", "1"}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("x-seen-te"), std::string("trailers"));
    QCOMPARE(r.header("x-seen-cookies"), std::string("3"));
    QCOMPARE(r.header("x-seen-authority"), std::string("h2.example.com"));
  }

  // 100 requests at once share one upstream connection (nghttpd allows 100 streams).
  void concurrentStreamsShareOneConnection() {
    constexpr int kRequests = 100;
    std::vector<HttpResponse> res(kRequests);
    std::vector<std::thread> threads;
    for (int i = 0; i < kRequests; ++i) {
      threads.emplace_back([&, i] {
        HttpClient c(m_env->proxyPort(), 20000);
        res[i] = c.get("/nghttpd/index.html", "h2.example.com");
      });
    }
    for (auto& t : threads) t.join();
    for (int i = 0; i < kRequests; ++i) QVERIFY2(res[i].status == 200, (std::to_string(i) + ": " + res[i].error + " " + std::to_string(res[i].status) + " " + res[i].body).c_str());
    QTRY_VERIFY_WITH_TIMEOUT(nghttpdLog().contains(QStringLiteral("[id=")), 2000);
    // One worker: the connection the earlier tests opened carries all of them.
    QCOMPARE(nghttpdConnections(nghttpdLog()), 1);
  }

  // RST_STREAM before the response: 503 with the upstream-reset flag.
  void streamResetIs503() {
    HttpClient c(m_env->proxyPort());
    auto r = c.get("/reset/x", "h2.example.com");
    QCOMPARE(r.status, 503);
    QVERIFY2(flags(r).find("UC") != std::string::npos, flags(r).c_str());
    // The connection stays usable for the next stream.
    QCOMPARE(c.get("/echo/after-reset", "h2.example.com").status, 200);
  }

  // A port declared h2c in front of an HTTP/1.1 server: the error says so.
  void http1BackendDeclaredH2c() {
    HttpClient c(m_env->proxyPort());
    auto r = c.get("/wrong/x", "h2.example.com");
    QCOMPARE(r.status, 503);
    QVERIFY2(flags(r).find("UC") != std::string::npos, flags(r).c_str());
    QVERIFY2(r.body.find("did not answer in HTTP/2, but its port says h2c") != std::string::npos, r.body.c_str());
  }

  // GOAWAY: the stream it names completes, the next request opens a new connection.
  void goawayMovesToNewConnection() {
    HttpClient c(m_env->proxyPort());
    const int before = m_backend->connections();
    auto r = c.get("/goaway/x", "h2.example.com");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.body, std::string("bye"));
    auto next = c.get("/echo/after-goaway", "h2.example.com");
    QCOMPARE(next.status, 200);
    QCOMPARE(m_backend->connections(), before + 1);
  }

  // Istio retryOn unavailable: the trailers-only UNAVAILABLE is retried.
  void retriesTrailersOnlyUnavailable() {
    HttpClient c(m_istio->proxyPort());
    const int before = m_backend->requests("/flaky");
    auto r = c.request("POST", "/flaky/pkg.Svc/Call", "mesh.example.com",
                       {{"content-type", "application/grpc"}, {"te", "trailers"}},
                       std::string("\0\0\0\0\0", 5));
    QVERIFY2(r.ok, r.error.c_str());
    QCOMPARE(r.status, 200);
    QCOMPARE(r.trailers["grpc-status"], std::string("0"));
    QCOMPARE(m_backend->requests("/flaky") - before, 2);
  }

  // grpc-timeout shorter than the route's 10 s: DEADLINE_EXCEEDED with the upstream-timeout flag.
  void grpcTimeoutIsTheDeadline() {
    HttpClient c(m_istio->proxyPort());
    QElapsedTimer t;
    t.start();
    auto r = c.request("POST", "/slow/pkg.Svc/Call", "mesh.example.com",
                       {{"content-type", "application/grpc"}, {"te", "trailers"}, {"grpc-timeout", "300m"}},
                       std::string("\0\0\0\0\0", 5));
    // The proxy's own answer to a gRPC call is trailers-only: 504 reads DEADLINE_EXCEEDED.
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("grpc-status"), std::string("4"));
    QVERIFY2(flags(r).find("UT") != std::string::npos, flags(r).c_str());
    QVERIFY2(t.elapsed() < 2500, qPrintable(QString::number(t.elapsed())));
    // Without grpc-timeout the route's timeout leaves the backend its 3 s.
    auto slow = c.request("POST", "/slow/pkg.Svc/Call", "mesh.example.com",
                          {{"content-type", "application/grpc"}}, std::string("\0\0\0\0\0", 5));
    QCOMPARE(slow.status, 200);
  }
};

QTEST_GUILESS_MAIN(TestProxyH2Upstream)
#include "tst_proxy_h2_upstream.moc"
