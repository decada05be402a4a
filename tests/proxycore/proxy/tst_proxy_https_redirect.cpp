// HTTP → HTTPS redirects on live sockets: an Istio Gateway server with
// tls.httpsRedirect answers 301 to https for its hosts (and only those), and
// a Gateway API RequestRedirect to scheme https takes curl, following it, to
// the HTTPS listener of the same gateway, where the request is served.
#include <QTest>

#include <memory>

#include "tests/proxycore/proxy/live_http.h"
#include "tests/proxycore/proxy/proxy_env.h"
#include "tests/support/test_certs.h"
#include "tests/support/test_support.h"

using namespace routedeck::tests;

namespace {

// Port 80 redirects r.example.com; plain.example.com on port 8080 is served.
const char* kIstio = R"(apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: istio-gw, namespace: test}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http-redirect, protocol: HTTP}
    hosts: [r.example.com]
    tls: {httpsRedirect: true}
  - port: {number: 8080, name: http-plain, protocol: HTTP}
    hosts: [plain.example.com, r.example.com]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: web, namespace: test}
spec:
  hosts: [r.example.com, plain.example.com]
  gateways: [istio-gw]
  http: [{route: [{destination: {host: alpha, port: {number: 8080}}}]}]
)";

// %1: the HTTPS listener's port, which the redirect names explicitly so
// that curl can follow it on loopback.
const char* kGatewayApi = R"(---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: web-gw, namespace: test}
spec:
  gatewayClassName: routedeck
  listeners:
  - {name: http, protocol: HTTP, port: 80, hostname: g.example.com}
  - name: https
    protocol: HTTPS
    port: %1
    hostname: g.example.com
    tls: {mode: Terminate, certificateRefs: [{name: g-cert}]}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: to-https, namespace: test}
spec:
  parentRefs: [{name: web-gw, sectionName: http}]
  rules:
  - filters:
    - type: RequestRedirect
      requestRedirect: {scheme: https, port: %1, statusCode: 301}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: served, namespace: test}
spec:
  parentRefs: [{name: web-gw, sectionName: https}]
  rules: [{backendRefs: [{name: alpha, port: 8080}]}]
---
apiVersion: v1
kind: Secret
metadata: {name: g-cert, namespace: test}
type: kubernetes.io/tls
data: {tls.crt: %2, tls.key: %3}
)";

QString bindLine(const QString& gateway, const QString& listener, int port) {
  return QStringLiteral("  - {gateway: %1, listener: %2, bind: 127.0.0.1:%3}\n").arg(gateway, listener).arg(port);
}

}  // namespace

class TestProxyHttpsRedirect : public QObject {
  Q_OBJECT

  std::unique_ptr<ProxyEnv> m_env;
  std::unique_ptr<TestCerts> m_certs;
  int m_plainPort = 0;
  int m_gatewayHttpPort = 0;
  int m_gatewayHttpsPort = 0;

 private slots:
  void initTestCase() {
    m_env = std::make_unique<ProxyEnv>();
    m_certs = std::make_unique<TestCerts>(m_env->path(QString()));
    QVERIFY2(m_certs->ok(), qPrintable(m_certs->error()));
    QVERIFY2(m_certs->server(QStringLiteral("g"), QStringLiteral("g.example.com")), qPrintable(m_certs->error()));
    QCOMPARE(m_env->startEcho({QStringLiteral("alpha")}).size(), size_t(1));
    m_plainPort = freeLoopbackPort();
    m_gatewayHttpPort = freeLoopbackPort();
    m_gatewayHttpsPort = freeLoopbackPort();
    const QString routes = QStringLiteral("apiVersion: v1\nkind: Namespace\nmetadata: {name: test}\n---\n") +
                           QString::fromUtf8(kIstio) +
                           QString::fromUtf8(kGatewayApi)
                               .arg(m_gatewayHttpsPort)
                               .arg(m_certs->base64(QStringLiteral("g.crt")), m_certs->base64(QStringLiteral("g.key"))) +
                           serviceObject(QStringLiteral("alpha"));
    m_env->write(QStringLiteral("routes.yaml"), routes);
    const QString ws =
        QStringLiteral("apiVersion: routedeck.dev/v1alpha1\nkind: Workspace\nmetadata: {name: redirect}\n"
                       "spec:\n  sources: [routes.yaml]\n  listeners:\n") +
        bindLine(QStringLiteral("test/istio-gw"), QStringLiteral("http-redirect"), m_env->proxyPort()) +
        bindLine(QStringLiteral("test/istio-gw"), QStringLiteral("http-plain"), m_plainPort) +
        bindLine(QStringLiteral("test/web-gw"), QStringLiteral("http"), m_gatewayHttpPort) +
        bindLine(QStringLiteral("test/web-gw"), QStringLiteral("https"), m_gatewayHttpsPort) +
        QStringLiteral("  services:\n") +
        serviceEntry(QStringLiteral("alpha"), 8080, {m_env->echoPort(QStringLiteral("alpha"))});
    QVERIFY2(m_env->startServe(m_env->write(QStringLiteral("workspace.yaml"), ws)),
             qPrintable(m_env->serve() ? m_env->serve()->err() : QString()));
    QCOMPARE(m_env->serve()->waitListening(4).size(), 4);
  }

  void istioHttpsRedirect_data() {
    QTest::addColumn<QString>("host");
    QTest::addColumn<QString>("target");
    QTest::addColumn<QString>("location");
    QTest::newRow("path and query kept") << QStringLiteral("r.example.com") << QStringLiteral("/shop?item=1")
                                         << QStringLiteral("https://r.example.com/shop?item=1");
    QTest::newRow("host case folded") << QStringLiteral("R.Example.COM") << QStringLiteral("/")
                                      << QStringLiteral("https://r.example.com/");
  }
  void istioHttpsRedirect() {
    QFETCH(QString, host);
    QFETCH(QString, target);
    QFETCH(QString, location);
    HttpClient client(m_env->proxyPort());
    const HttpResponse r = client.get(target.toStdString(), host.toStdString());
    QVERIFY2(r.ok, r.error.c_str());
    QCOMPARE(r.status, 301);
    QCOMPARE(QString::fromStdString(r.header("location")), location);
    // Nothing reached the backend: no echo body.
    QVERIFY2(r.body.find("\"service\"") == std::string::npos, r.body.c_str());
  }

  void istioServerWithoutRedirectServes() {
    // The same host on a server without httpsRedirect is not redirected.
    HttpClient client(m_plainPort);
    for (const char* host : {"plain.example.com", "r.example.com"}) {
      const HttpResponse r = client.get("/", host);
      QVERIFY2(r.ok, r.error.c_str());
      QCOMPARE(r.status, 200);
      QCOMPARE(r.service(), QStringLiteral("alpha"));
    }
  }

  void gatewayApiRedirectToHttpsIsFollowed() {
    const QString https = QStringLiteral("g.example.com:%1").arg(m_gatewayHttpsPort);
    const QString http = QStringLiteral("g.example.com:%1").arg(m_gatewayHttpPort);
    auto r = run(QStringLiteral("curl"),
                 {QStringLiteral("-sS"), QStringLiteral("-L"), QStringLiteral("--max-time"), QStringLiteral("10"),
                  QStringLiteral("--cacert"), m_certs->caCert(), QStringLiteral("--resolve"),
                  https + QStringLiteral(":127.0.0.1"), QStringLiteral("--resolve"), http + QStringLiteral(":127.0.0.1"),
                  QStringLiteral("-w"), QStringLiteral("\n%{num_redirects} %{url_effective} %{http_code}"),
                  QStringLiteral("http://") + http + QStringLiteral("/cart?id=7")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QString last = r.out.mid(r.out.lastIndexOf(QLatin1Char('\n')) + 1);
    QCOMPARE(last, QStringLiteral("1 https://%1/cart?id=7 200").arg(https));
    QVERIFY2(r.out.contains(QStringLiteral("\"service\":\"alpha\"")), qPrintable(r.out));
    QVERIFY2(r.out.contains(QStringLiteral("\"X-Forwarded-Proto\":[\"https\"]")), qPrintable(r.out));
  }
};

QTEST_GUILESS_MAIN(TestProxyHttpsRedirect)
#include "tst_proxy_https_redirect.moc"
