// `routedeckd serve --kubernetes` against the test API server
// (routedeck-test-apiserver) with real echo backends: it serves the
// Gateways of its class and their routes, EndpointSlices as endpoints,
// writes route status, and applies live changes made by another writer
// within a second, also after its watch streams were dropped.
#include <QElapsedTimer>
#include <QFile>
#include <QTest>

#include <csignal>

#include "proxycore/kube/json_node.h"
#include "tests/proxycore/proxy/live_http.h"
#include "tests/proxycore/proxy/proxy_env.h"
#include "tests/proxycore/cluster/serve_kubernetes_objects.h"
#include "tests/support/kube_test_api.h"

using namespace routedeck::tests;
using namespace routedeck::tests::serve_kubernetes;
namespace kube = routedeck::core::kube;


class TestServeKubernetes : public QObject {
  Q_OBJECT
  ProxyEnv m_env;
  Daemon m_serve;
  QString m_kubeconfig;
  int m_apiPort = 0;
  int m_proxyPort = 0;
  KubeTestApi m_other;  // another operator

  int send(const char* method, const std::string& path, const QString& body,
           const char* contentType = "application/json") {
    return m_other.send(method, path, body, contentType);
  }
  std::string getJson(const std::string& path) { return m_other.get(path); }
  // The service that answered, or "" (bounded single request).
  QString backendFor(const std::string& host) {
    HttpClient c(m_proxyPort, 3000);
    auto r = c.get("/", host);
    return r.ok && r.status == 200 ? r.service() : QStringLiteral("status %1").arg(r.status);
  }
  // Milliseconds until `host` is answered by `want` on 5 requests in a row; -1 after 5 s.
  qint64 msUntilServedBy(const std::string& host, const QString& want) {
    QElapsedTimer t;
    t.start();
    int streak = 0;
    while (t.elapsed() < 5000) {
      streak = backendFor(host) == want ? streak + 1 : 0;
      if (streak == 5) return t.elapsed();
      QTest::qWait(20);
    }
    return -1;
  }
  std::string routeStatus(const char* name) {
    auto node = kube::parseJson(
        getJson(std::string("/apis/gateway.networking.k8s.io/v1/namespaces/shop/httproutes/") + name));
    if (!node) return {};
    const auto* status = kube::findPath(*node, {"status"});
    return status ? kube::toJsonText(*status) : std::string();
  }
  bool waitStatus(const char* name, const std::string& needle) {
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < 5000) {
      if (routeStatus(name).find(needle) != std::string::npos) return true;
      QTest::qWait(50);
    }
    return false;
  }

 private slots:
  void initTestCase() {
    if (!KubeTestApi::available()) QSKIP("build/bin/routedeck-test-apiserver is not built");
    QVERIFY2(m_other.startServer(m_env.path(QString())), qPrintable(m_other.error()));
    m_kubeconfig = m_other.kubeconfig();
    m_apiPort = m_other.port();
    QVERIFY(m_other.connect(m_kubeconfig));

    const auto echo = m_env.startEcho({QStringLiteral("svc-a"), QStringLiteral("svc-b")});
    QCOMPARE(echo.size(), size_t(2));
    m_proxyPort = freeLoopbackPort();
    const std::string core = "/api/v1/namespaces/";
    QCOMPARE(send("POST", "/api/v1/namespaces", namespaceObject(QStringLiteral("shop"))), 201);
    QCOMPARE(send("POST", "/api/v1/namespaces", namespaceObject(QStringLiteral("infra"))), 201);
    for (const QString& s : {QStringLiteral("svc-a"), QStringLiteral("svc-b")}) {
      QCOMPARE(send("POST", core + "shop/services", service(s)), 201);
      QCOMPARE(send("POST", "/apis/discovery.k8s.io/v1/namespaces/shop/endpointslices", slice(s, m_env.echoPort(s))), 201);
    }
    const std::string gw = "/apis/gateway.networking.k8s.io/v1/namespaces/infra/gateways";
    QCOMPARE(send("POST", gw, gateway(QStringLiteral("edge"), QStringLiteral("routedeck"), m_proxyPort)), 201);
    // Another implementation's Gateway on another port: not ours to bind.
    QCOMPARE(send("POST", gw, gateway(QStringLiteral("theirs"), QStringLiteral("istio"), freeLoopbackPort())), 201);
    QCOMPARE(send("POST", "/apis/gateway.networking.k8s.io/v1/namespaces/shop/httproutes",
                  route(QStringLiteral("web"), QStringLiteral("web.example.com"), 100, 0)),
             201);

    QVERIFY(m_serve.start({QStringLiteral("serve"), QStringLiteral("--kubernetes"), QStringLiteral("--kubeconfig"),
                           m_kubeconfig, QStringLiteral("--bind-address"), QStringLiteral("127.0.0.1"),
                           QStringLiteral("--workers"), QStringLiteral("1")}));
    const auto listening = m_serve.waitListening(1, 15000);
    QVERIFY2(listening.size() == 1, qPrintable(m_serve.err()));
    QCOMPARE(listening[0].value(2).toInt(), m_proxyPort);
    QVERIFY2(m_serve.err().contains(QStringLiteral("cluster https://127.0.0.1:%1").arg(m_apiPort)),
             qPrintable(m_serve.err()));
  }

  void servesTheClusterRoutes() {
    QCOMPARE(backendFor("web.example.com"), QStringLiteral("svc-a"));
    QCOMPARE(backendFor("unknown.example.com"), QStringLiteral("status 404"));
  }

  void writesRouteStatus() {
    QVERIFY2(waitStatus("web", "\"controllerName\":\"routedeck.dev/gateway-controller\""),
             routeStatus("web").c_str());
    const std::string s = routeStatus("web");
    QVERIFY2(s.find("\"type\":\"Accepted\",\"status\":\"True\"") != std::string::npos ||
                 s.find("\"status\":\"True\"") != std::string::npos,
             s.c_str());
    QVERIFY2(s.find("\"reason\":\"ResolvedRefs\"") != std::string::npos, s.c_str());
    QVERIFY2(s.find("\"name\":\"theirs\"") == std::string::npos, s.c_str());
  }

  // Another writer shifts the canary: live within a second.
  void liveChangeWithinASecond() {
    const std::string path = "/apis/gateway.networking.k8s.io/v1/namespaces/shop/httproutes/web";
    QCOMPARE(send("PATCH", path,
                  weightsPatch(QStringLiteral("svc-a"), 0, QStringLiteral("svc-b"), 100),
                  "application/merge-patch+json"),
             200);
    const qint64 ms = msUntilServedBy("web.example.com", QStringLiteral("svc-b"));
    qInfo("weight change live after %lld ms", ms);
    QVERIFY2(ms >= 0 && ms < 1000, qPrintable(m_serve.err().right(2000)));
  }

  void missingBackendIsReportedInStatus() {
    QCOMPARE(send("POST", "/apis/gateway.networking.k8s.io/v1/namespaces/shop/httproutes",
                  route(QStringLiteral("broken"), QStringLiteral("broken.example.com"), 50, 50, QStringLiteral("nope"))),
             201);
    QVERIFY2(waitStatus("broken", "\"reason\":\"BackendNotFound\""), routeStatus("broken").c_str());
    // Its other backend still serves.
    QVERIFY(msUntilServedBy("broken.example.com", QStringLiteral("svc-a")) >= 0 ||
            backendFor("broken.example.com").startsWith(QStringLiteral("status 500")));
  }

  void deletedRouteStopsServing() {
    QCOMPARE(send("DELETE", "/apis/gateway.networking.k8s.io/v1/namespaces/shop/httproutes/broken", {}), 200);
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < 3000 && backendFor("broken.example.com") != QStringLiteral("status 404")) QTest::qWait(50);
    QCOMPARE(backendFor("broken.example.com"), QStringLiteral("status 404"));
  }

  // Dropped watch streams resume: a change after the drop still arrives.
  void survivesDroppedWatches() {
    QCOMPARE(send("POST", "/fixture/v1/close-watches", QStringLiteral("{}")), 200);
    QCOMPARE(send("PATCH", "/apis/gateway.networking.k8s.io/v1/namespaces/shop/httproutes/web",
                  weightsPatch(QStringLiteral("svc-a"), 100, QStringLiteral("svc-b"), 0),
                  "application/merge-patch+json"),
             200);
    QVERIFY2(msUntilServedBy("web.example.com", QStringLiteral("svc-a")) >= 0, qPrintable(m_serve.err().right(2000)));
  }

  // A route with an error (here: a regex RE2 rejects) is left out and the
  // rest keeps serving.
  void badObjectIsLeftOut() {
    QCOMPARE(send("POST", "/apis/gateway.networking.k8s.io/v1/namespaces/shop/httproutes",
                  badRegexRoute()),
             201);
    QVERIFY(m_serve.waitStderr(QStringLiteral("left out HTTPRoute shop/regex"), 1, 5000));
    QCOMPARE(backendFor("web.example.com"), QStringLiteral("svc-a"));
  }

  void cleanupTestCase() {
    m_serve.signal(SIGTERM);
  }
};

QTEST_GUILESS_MAIN(TestServeKubernetes)
#include "tst_serve_kubernetes.moc"
