// TLS termination on live sockets with real clients (curl, openssl
// s_client): SNI picks the certificate and the listener, ALPN offers h2
// and http/1.1, TLS 1.1 is refused, Istio MUTUAL verifies client certificates,
// a Host outside the SNI's listener gets 421, and a bad Secret is a precise
// config error that keeps the proxy from starting.
#include <QRegularExpression>
#include <QTest>

#include <memory>

#include "tests/proxycore/proxy/live_http.h"
#include "tests/proxycore/proxy/proxy_env.h"
#include "tests/support/test_certs.h"
#include "tests/support/test_support.h"

using namespace routedeck::tests;

namespace {

QString tlsSecret(const QString& name, const QString& crtB64, const QString& keyB64,
                  const QString& caB64 = {}) {
  QString s = QStringLiteral("---\napiVersion: v1\nkind: Secret\nmetadata: {name: %1, namespace: test}\n"
                             "type: kubernetes.io/tls\ndata:\n  tls.crt: %2\n  tls.key: %3\n")
                  .arg(name, crtB64, keyB64);
  if (!caB64.isEmpty()) {
    s += QStringLiteral("  ca.crt: %1\n").arg(caB64);
  }
  return s;
}

// Two HTTPS listeners on one port (SNI a/b.example.com), each with its own route.
const char* kGatewayApi = R"(apiVersion: v1
kind: Namespace
metadata: {name: test}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: edge, namespace: test}
spec:
  gatewayClassName: routedeck
  listeners:
  - name: https-a
    protocol: HTTPS
    port: 443
    hostname: a.example.com
    tls: {mode: Terminate, certificateRefs: [{name: site-a}]}
  - name: https-b
    protocol: HTTPS
    port: 443
    hostname: b.example.com
    tls: {mode: Terminate, certificateRefs: [{kind: Secret, name: site-b}]}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: route-a, namespace: test}
spec:
  parentRefs: [{name: edge, sectionName: https-a}]
  hostnames: [a.example.com]
  rules: [{backendRefs: [{name: alpha, port: 8080}]}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: route-b, namespace: test}
spec:
  parentRefs: [{name: edge, sectionName: https-b}]
  hostnames: [b.example.com]
  rules: [{backendRefs: [{name: beta, port: 8080}]}]
)";

// MUTUAL from a Secret with ca.crt; SIMPLE from certificate files.
const char* kIstio = R"(---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: mesh-gw, namespace: test}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 8443, name: https-m, protocol: HTTPS}
    hosts: [m.example.com]
    tls: {mode: MUTUAL, credentialName: site-m, subjectAltNames: [spiffe://cluster.local/ns/test/sa/client]}
  - port: {number: 9443, name: https-f, protocol: HTTPS}
    hosts: [f.example.com]
    tls: {mode: SIMPLE, serverCertificate: f.crt, privateKey: f.key}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: mesh, namespace: test}
spec:
  hosts: [m.example.com, f.example.com]
  gateways: [mesh-gw]
  http: [{route: [{destination: {host: alpha, port: {number: 8080}}}]}]
)";

QString bind(const QString& gateway, const QString& listener, int port) {
  return QStringLiteral("  - {gateway: %1, listener: %2, bind: 127.0.0.1:%3}\n").arg(gateway, listener).arg(port);
}

}  // namespace

class TestProxyTls : public QObject {
  Q_OBJECT

  std::unique_ptr<ProxyEnv> m_env;
  std::unique_ptr<TestCerts> m_certs;
  int m_mutualPort = 0;
  int m_filePort = 0;
  QString m_routes;

  // curl to https://host:port/path through 127.0.0.1; returns "STATUS BODY"
  // or "curl exit N: ..." when no response came.
  QString curl(const QString& host, int port, const QStringList& extra = {}, const QString& path = QStringLiteral("/")) {
    const QString target = QStringLiteral("%1:%2").arg(host).arg(port);
    auto r = run(QStringLiteral("curl"),
                 QStringList{QStringLiteral("-sS"), QStringLiteral("--max-time"), QStringLiteral("10"),
                             QStringLiteral("--cacert"), m_certs->caCert(), QStringLiteral("--resolve"),
                             target + QStringLiteral(":127.0.0.1"), QStringLiteral("-w"),
                             QStringLiteral("\n%{http_code}")} +
                     extra + QStringList{QStringLiteral("https://") + target + path});
    if (r.exitCode != 0) {
      return QStringLiteral("curl exit %1: %2").arg(r.exitCode).arg(r.err);
    }
    const int nl = r.out.lastIndexOf(QLatin1Char('\n'));
    return r.out.mid(nl + 1) + QLatin1Char(' ') + r.out.left(nl);
  }

  // openssl s_client's transcript (stdin closed at once).
  ProcessResult sClient(int port, const QString& args) {
    return run(QStringLiteral("/bin/sh"),
               {QStringLiteral("-c"),
                QStringLiteral("openssl s_client -connect 127.0.0.1:%1 -CAfile '%2' %3 </dev/null")
                    .arg(port)
                    .arg(m_certs->caCert(), args)});
  }

 private slots:
  void initTestCase() {
    m_env = std::make_unique<ProxyEnv>();
    m_certs = std::make_unique<TestCerts>(m_env->path(QString()));
    QVERIFY2(m_certs->ok(), qPrintable(m_certs->error()));
    for (const char* n : {"a", "b", "m", "f"}) {
      const QString name = QString::fromLatin1(n);
      QVERIFY2(m_certs->server(name, name + QStringLiteral(".example.com")), qPrintable(m_certs->error()));
    }
    QVERIFY2(m_certs->client(QStringLiteral("client"), QStringLiteral("trusted client"),
                             {QStringLiteral("URI:spiffe://cluster.local/ns/test/sa/client")}),
             qPrintable(m_certs->error()));
    QVERIFY2(m_certs->client(QStringLiteral("other-sa"), QStringLiteral("other client"),
                             {QStringLiteral("URI:spiffe://cluster.local/ns/test/sa/other")}),
             qPrintable(m_certs->error()));
    QVERIFY2(m_certs->selfSigned(QStringLiteral("stranger"), QStringLiteral("stranger")),
             qPrintable(m_certs->error()));
    auto echo = m_env->startEcho({QStringLiteral("alpha"), QStringLiteral("beta")});
    QCOMPARE(echo.size(), size_t(2));
    const auto& c = *m_certs;
    m_routes = QString::fromUtf8(kGatewayApi) + QString::fromUtf8(kIstio) +
                     serviceObject(QStringLiteral("alpha")) + serviceObject(QStringLiteral("beta")) +
                     tlsSecret(QStringLiteral("site-a"), c.base64(QStringLiteral("a.crt")), c.base64(QStringLiteral("a.key"))) +
                     tlsSecret(QStringLiteral("site-b"), c.base64(QStringLiteral("b.crt")), c.base64(QStringLiteral("b.key"))) +
                     tlsSecret(QStringLiteral("site-m"), c.base64(QStringLiteral("m.crt")), c.base64(QStringLiteral("m.key")),
                               c.base64(QStringLiteral("ca.crt")));
    m_env->write(QStringLiteral("routes.yaml"), m_routes);
    m_mutualPort = freeLoopbackPort();
    m_filePort = freeLoopbackPort();
    const QString ws =
        QStringLiteral("apiVersion: routedeck.dev/v1alpha1\nkind: Workspace\nmetadata: {name: tls}\n"
                       "spec:\n  sources: [routes.yaml]\n  listeners:\n") +
        bind(QStringLiteral("test/edge"), QStringLiteral("https-a"), m_env->proxyPort()) +
        bind(QStringLiteral("test/mesh-gw"), QStringLiteral("https-m"), m_mutualPort) +
        bind(QStringLiteral("test/mesh-gw"), QStringLiteral("https-f"), m_filePort) +
        QStringLiteral("  services:\n") +
        serviceEntry(QStringLiteral("alpha"), 8080, {m_env->echoPort(QStringLiteral("alpha"))}) +
        serviceEntry(QStringLiteral("beta"), 8080, {m_env->echoPort(QStringLiteral("beta"))});
    QVERIFY2(m_env->startServe(m_env->write(QStringLiteral("workspace.yaml"), ws)),
             qPrintable(m_env->serve() ? m_env->serve()->err() : QString()));
    QVERIFY(m_env->serve()->waitListening(3).size() == 3);
  }

  void sniPicksListenerAndBackend_data() {
    QTest::addColumn<QString>("host");
    QTest::addColumn<QString>("service");
    QTest::newRow("a") << QStringLiteral("a.example.com") << QStringLiteral("alpha");
    QTest::newRow("b") << QStringLiteral("b.example.com") << QStringLiteral("beta");
  }
  void sniPicksListenerAndBackend() {
    QFETCH(QString, host);
    QFETCH(QString, service);
    // curl verifies the certificate against the CA and the hostname.
    const QString r = curl(host, m_env->proxyPort());
    QVERIFY2(r.startsWith(QStringLiteral("200 ")), qPrintable(r));
    QVERIFY2(r.contains(QStringLiteral("\"service\":\"%1\"").arg(service)), qPrintable(r));
    QVERIFY2(r.contains(QStringLiteral("\"X-Forwarded-Proto\":[\"https\"]")), qPrintable(r));
  }

  void certificatePerSni_data() {
    QTest::addColumn<QString>("args");
    QTest::addColumn<QString>("subject");
    QTest::newRow("sni a") << QStringLiteral("-servername a.example.com") << QStringLiteral("CN = a.example.com");
    QTest::newRow("sni b") << QStringLiteral("-servername b.example.com") << QStringLiteral("CN = b.example.com");
    QTest::newRow("sni upper case") << QStringLiteral("-servername B.Example.COM") << QStringLiteral("CN = b.example.com");
    QTest::newRow("no sni: first listener") << QStringLiteral("-noservername") << QStringLiteral("CN = a.example.com");
  }
  void certificatePerSni() {
    QFETCH(QString, args);
    QFETCH(QString, subject);
    auto r = sClient(m_env->proxyPort(), args + QStringLiteral(" -alpn h2,http/1.1"));
    QVERIFY2(r.out.contains(QStringLiteral("subject=") + subject), qPrintable(r.out + r.err));
    QVERIFY2(r.out.contains(QStringLiteral("ALPN protocol: h2")), qPrintable(r.out));
    QVERIFY2(r.out.contains(QStringLiteral("Verify return code: 0 (ok)")), qPrintable(r.out));
    auto h1 = sClient(m_env->proxyPort(), args + QStringLiteral(" -alpn http/1.1"));
    QVERIFY2(h1.out.contains(QStringLiteral("ALPN protocol: http/1.1")), qPrintable(h1.out));
  }

  void oldProtocolsRefused() {
    auto ok = sClient(m_env->proxyPort(), QStringLiteral("-servername a.example.com -tls1_2"));
    QVERIFY2(ok.out.contains(QStringLiteral("Protocol  : TLSv1.2")) ||
                 ok.out.contains(QStringLiteral("TLSv1.2, Cipher")), qPrintable(ok.out));
    // SECLEVEL=0 so that the client itself would offer TLS 1.1.
    auto old = sClient(m_env->proxyPort(),
                       QStringLiteral("-servername a.example.com -tls1_1 -cipher DEFAULT@SECLEVEL=0"));
    QVERIFY2(old.exitCode != 0, qPrintable(old.out));
    QVERIFY2(!old.out.contains(QStringLiteral("subject=")), qPrintable(old.out));
  }

  void alpnChoosesTheProtocol_data() {
    QTest::addColumn<QString>("option");
    QTest::addColumn<QString>("expected");
    QTest::newRow("h2") << QStringLiteral("--http2") << QStringLiteral("2 200");
    QTest::newRow("http/1.1") << QStringLiteral("--http1.1") << QStringLiteral("1.1 200");
  }
  void alpnChoosesTheProtocol() {
    QFETCH(QString, option);
    QFETCH(QString, expected);
    const QString target = QStringLiteral("a.example.com:%1").arg(m_env->proxyPort());
    auto r = run(QStringLiteral("curl"),
                 {QStringLiteral("-sS"), QStringLiteral("--max-time"), QStringLiteral("10"), QStringLiteral("--cacert"),
                  m_certs->caCert(), QStringLiteral("--resolve"), target + QStringLiteral(":127.0.0.1"), option,
                  QStringLiteral("-o"), QStringLiteral("/dev/null"), QStringLiteral("-w"),
                  QStringLiteral("%{http_version} %{http_code}"), QStringLiteral("https://") + target + QStringLiteral("/")});
    QCOMPARE(r.out, expected);
  }

  // SECLEVEL=0 lets Debian's client offer TLS 1.0/1.1 at all; a refused
  // handshake then carries the server's protocol_version alert (70), which
  // proves that the server, not the client, said no.
  void protocolVersions_data() {
    QTest::addColumn<QString>("flag");
    QTest::addColumn<QString>("negotiated");  // empty: refused
    QTest::newRow("TLS 1.0") << QStringLiteral("-tls1") << QString();
    QTest::newRow("TLS 1.1") << QStringLiteral("-tls1_1") << QString();
    QTest::newRow("TLS 1.2") << QStringLiteral("-tls1_2") << QStringLiteral("TLSv1.2");
    QTest::newRow("TLS 1.3") << QStringLiteral("-tls1_3") << QStringLiteral("TLSv1.3");
  }
  void protocolVersions() {
    QFETCH(QString, flag);
    QFETCH(QString, negotiated);
    auto r = sClient(m_env->proxyPort(), QStringLiteral("-servername a.example.com -cipher DEFAULT@SECLEVEL=0 ") + flag);
    const QString all = r.out + r.err;
    if (negotiated.isEmpty()) {
      QVERIFY2(r.exitCode != 0, qPrintable(all));
      QVERIFY2(all.contains(QStringLiteral("alert protocol version")), qPrintable(all));
      QVERIFY2(!r.out.contains(QStringLiteral("subject=")), qPrintable(all));
    } else {
      QVERIFY2(r.out.contains(QStringLiteral("Protocol  : ") + negotiated) ||
                   r.out.contains(QStringLiteral("New, ") + negotiated + QStringLiteral(", Cipher")),
               qPrintable(all));
      QVERIFY2(r.out.contains(QStringLiteral("subject=CN = a.example.com")), qPrintable(all));
    }
  }

  void tls12CipherPolicyIsForwardSecretAead() {
    // A CBC suite without forward secrecy is refused; ECDHE with AES-GCM is taken.
    auto cbc = sClient(m_env->proxyPort(),
                       QStringLiteral("-servername a.example.com -tls1_2 -cipher AES128-SHA@SECLEVEL=0"));
    QVERIFY2(cbc.exitCode != 0 && !cbc.out.contains(QStringLiteral("subject=")), qPrintable(cbc.out + cbc.err));
    auto gcm = sClient(m_env->proxyPort(),
                       QStringLiteral("-servername a.example.com -tls1_2 -cipher ECDHE-ECDSA-AES128-GCM-SHA256"));
    QVERIFY2(gcm.out.contains(QStringLiteral("Cipher is ECDHE-ECDSA-AES128-GCM-SHA256")), qPrintable(gcm.out + gcm.err));
  }

  void alpnHttp11() {
    auto r = sClient(m_env->proxyPort(), QStringLiteral("-servername a.example.com -alpn http/1.1"));
    QVERIFY2(r.out.contains(QStringLiteral("ALPN protocol: http/1.1")), qPrintable(r.out));
    // A client offering only protocols the server does not speak still connects, without ALPN.
    auto other = sClient(m_env->proxyPort(), QStringLiteral("-servername a.example.com -alpn spdy/3"));
    QVERIFY2(other.out.contains(QStringLiteral("No ALPN negotiated")), qPrintable(other.out));
  }

  // The same MUTUAL listener through openssl s_client: a request is only
  // answered on a connection with a client certificate signed by the CA.
  void mutualWithOpensslClient_data() {
    QTest::addColumn<QString>("client");  // empty: no certificate
    QTest::addColumn<bool>("served");
    QTest::newRow("trusted") << QStringLiteral("client") << true;
    QTest::newRow("no certificate") << QString() << false;
    QTest::newRow("another CA") << QStringLiteral("stranger") << false;
    // Signed by the CA, but not a subjectAltName the server lists.
    QTest::newRow("trusted CA, other identity") << QStringLiteral("other-sa") << false;
  }
  void mutualWithOpensslClient() {
    QFETCH(QString, client);
    QFETCH(bool, served);
    QString args = QStringLiteral("-connect 127.0.0.1:%1 -servername m.example.com -CAfile '%2' -quiet")
                       .arg(m_mutualPort)
                       .arg(m_certs->caCert());
    if (!client.isEmpty()) {
      args += QStringLiteral(" -cert '%1' -key '%2'").arg(m_certs->cert(client), m_certs->key(client));
    }
    auto r = run(QStringLiteral("/bin/sh"),
                 {QStringLiteral("-c"),
                  QStringLiteral("printf 'GET / HTTP/1.1\r\nHost: m.example.com\r\nConnection: close\r\n\r\n' | "
                                 "openssl s_client %1")
                      .arg(args)});
    if (served) {
      QVERIFY2(r.out.startsWith(QStringLiteral("HTTP/1.1 200")), qPrintable(r.out + r.err));
      QVERIFY2(r.out.contains(QStringLiteral("\"service\":\"alpha\"")), qPrintable(r.out));
    } else {
      QVERIFY2(!r.out.contains(QStringLiteral("HTTP/1.1")), qPrintable(r.out));
      // The server's alert: "certificate required" (none), "unknown ca", or
      // for an unlisted name whatever OpenSSL maps a failed verify callback to.
      static const QRegularExpression kAlert(
          QStringLiteral("alert (certificate required|unknown ca|certificate unknown|handshake failure|bad certificate)"));
      QVERIFY2(r.err.contains(kAlert), qPrintable(r.err));
    }
  }

  void hostOutsideSniListenerIsMisdirected() {
    const QString r = curl(QStringLiteral("a.example.com"), m_env->proxyPort(),
                           {QStringLiteral("-H"), QStringLiteral("Host: b.example.com")});
    QVERIFY2(r.startsWith(QStringLiteral("421 ")), qPrintable(r));
  }

  void mutualRequiresClientCertificate() {
    const QString none = curl(QStringLiteral("m.example.com"), m_mutualPort);
    QVERIFY2(none.startsWith(QStringLiteral("curl exit")), qPrintable(none));
    const QString stranger = curl(QStringLiteral("m.example.com"), m_mutualPort,
                                  {QStringLiteral("--cert"), m_certs->cert(QStringLiteral("stranger")),
                                   QStringLiteral("--key"), m_certs->key(QStringLiteral("stranger"))});
    QVERIFY2(stranger.startsWith(QStringLiteral("curl exit")), qPrintable(stranger));
    const QString trusted = curl(QStringLiteral("m.example.com"), m_mutualPort,
                                 {QStringLiteral("--cert"), m_certs->cert(QStringLiteral("client")),
                                  QStringLiteral("--key"), m_certs->key(QStringLiteral("client"))});
    QVERIFY2(trusted.startsWith(QStringLiteral("200 ")), qPrintable(trusted));
    QVERIFY2(trusted.contains(QStringLiteral("\"service\":\"alpha\"")), qPrintable(trusted));
  }

  void istioCertificateFiles() {
    const QString r = curl(QStringLiteral("f.example.com"), m_filePort);
    QVERIFY2(r.startsWith(QStringLiteral("200 ")), qPrintable(r));
  }

  void reloadSwapsCertificate() {
    const auto& c = *m_certs;
    const QString oldSecret = tlsSecret(QStringLiteral("site-a"), c.base64(QStringLiteral("a.crt")),
                                        c.base64(QStringLiteral("a.key")));
    QVERIFY(m_routes.contains(oldSecret));
    QString swapped = m_routes;
    swapped.replace(oldSecret, tlsSecret(QStringLiteral("site-a"), c.base64(QStringLiteral("f.crt")),
                                         c.base64(QStringLiteral("f.key"))));
    m_env->write(QStringLiteral("routes.yaml"), swapped);
    QVERIFY2(m_env->reload(2), qPrintable(m_env->serve()->err()));
    auto r = sClient(m_env->proxyPort(), QStringLiteral("-servername a.example.com"));
    QVERIFY2(r.out.contains(QStringLiteral("subject=CN = f.example.com")), qPrintable(r.out));
    m_env->write(QStringLiteral("routes.yaml"), m_routes);
    QVERIFY2(m_env->reload(3), qPrintable(m_env->serve()->err()));
    r = sClient(m_env->proxyPort(), QStringLiteral("-servername a.example.com"));
    QVERIFY2(r.out.contains(QStringLiteral("subject=CN = a.example.com")), qPrintable(r.out));
  }

  void plaintextClientOnTlsPortGetsNoResponse() {
    auto r = run(QStringLiteral("curl"), {QStringLiteral("-sS"), QStringLiteral("--max-time"), QStringLiteral("5"),
                                          QStringLiteral("http://127.0.0.1:%1/").arg(m_env->proxyPort())});
    QVERIFY(r.exitCode != 0);
  }

  void crossNamespaceSecretNeedsReferenceGrant() {
    ProxyEnv env;
    const auto& c = *m_certs;
    QString routes = QString::fromUtf8(kGatewayApi)
                         .replace(QStringLiteral("certificateRefs: [{name: site-a}]"),
                                  QStringLiteral("certificateRefs: [{name: site-a, namespace: certs}]")) +
                     serviceObject(QStringLiteral("alpha")) + serviceObject(QStringLiteral("beta")) +
                     tlsSecret(QStringLiteral("site-a"), c.base64(QStringLiteral("a.crt")), c.base64(QStringLiteral("a.key")))
                         .replace(QStringLiteral("namespace: test}"), QStringLiteral("namespace: certs}")) +
                     tlsSecret(QStringLiteral("site-b"), c.base64(QStringLiteral("b.crt")), c.base64(QStringLiteral("b.key")));
    const QString ws =
        QStringLiteral("apiVersion: routedeck.dev/v1alpha1\nkind: Workspace\nmetadata: {name: tls}\n"
                       "spec:\n  sources: [routes.yaml]\n  listeners:\n") +
        bind(QStringLiteral("test/edge"), QStringLiteral("https-a"), env.proxyPort());
    const QString wsPath = env.write(QStringLiteral("workspace.yaml"), ws);
    env.write(QStringLiteral("routes.yaml"), routes);
    auto denied = run(binDir() + QStringLiteral("/routedeckd"), {QStringLiteral("check"), wsPath}, 15000);
    QCOMPARE(denied.exitCode, 1);
    QVERIFY2(denied.err.contains(QStringLiteral("Secret certs/site-a is in another namespace and no "
                                                "ReferenceGrant there allows Gateways from test")),
             qPrintable(denied.err));
    routes += QStringLiteral("---\napiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\n"
                             "metadata: {name: gateways-read-certs, namespace: certs}\nspec:\n"
                             "  from: [{group: gateway.networking.k8s.io, kind: Gateway, namespace: test}]\n"
                             "  to: [{group: \"\", kind: Secret}]\n");
    env.write(QStringLiteral("routes.yaml"), routes);
    auto granted = run(binDir() + QStringLiteral("/routedeckd"), {QStringLiteral("check"), wsPath}, 15000);
    QVERIFY2(granted.exitCode == 0, qPrintable(granted.err));
  }

  void badSecretIsAPreciseError_data() {
    QTest::addColumn<QString>("secrets");
    QTest::addColumn<QString>("message");
    const auto& c = *m_certs;
    const QString b = tlsSecret(QStringLiteral("site-b"), c.base64(QStringLiteral("b.crt")), c.base64(QStringLiteral("b.key")));
    QTest::newRow("missing") << b << QStringLiteral("tls.certificateRefs[0]: Secret test/site-a is not in the loaded files");
    QTest::newRow("key of another certificate")
        << tlsSecret(QStringLiteral("site-a"), c.base64(QStringLiteral("a.crt")), c.base64(QStringLiteral("b.key"))) + b
        << QStringLiteral("Secret test/site-a: the private key does not match the certificate");
    QTest::newRow("not a certificate")
        << tlsSecret(QStringLiteral("site-a"), QStringLiteral("bm90IGEgY2VydGlmaWNhdGU="), c.base64(QStringLiteral("a.key"))) + b
        << QStringLiteral("Secret test/site-a: certificate: ");
    QTest::newRow("no key")
        << tlsSecret(QStringLiteral("site-a"), c.base64(QStringLiteral("a.crt")), QString()) + b
        << QStringLiteral("tls.certificateRefs[0]: Secret test/site-a needs both tls.crt and tls.key");
  }
  void badSecretIsAPreciseError() {
    QFETCH(QString, secrets);
    QFETCH(QString, message);
    ProxyEnv env;
    const QString routes = QString::fromUtf8(kGatewayApi) + serviceObject(QStringLiteral("alpha")) +
                           serviceObject(QStringLiteral("beta")) + secrets;
    env.write(QStringLiteral("routes.yaml"), routes);
    const QString ws =
        QStringLiteral("apiVersion: routedeck.dev/v1alpha1\nkind: Workspace\nmetadata: {name: tls}\n"
                       "spec:\n  sources: [routes.yaml]\n  listeners:\n") +
        bind(QStringLiteral("test/edge"), QStringLiteral("https-a"), env.proxyPort()) +
        QStringLiteral("  services:\n") + serviceEntry(QStringLiteral("alpha"), 8080, {1}) +
        serviceEntry(QStringLiteral("beta"), 8080, {1});
    const QString wsPath = env.write(QStringLiteral("workspace.yaml"), ws);
    // The listener's own position: line of "- name: https-a", column of "name".
    const int line = routes.left(routes.indexOf(QStringLiteral("- name: https-a"))).count(QLatin1Char('\n')) + 1;
    const QString where = QStringLiteral("routes.yaml:%1:5: error: listener \"https-a\" of test/edge: ").arg(line);
    auto r = run(binDir() + QStringLiteral("/routedeckd"), {QStringLiteral("serve"), wsPath}, 15000);
    QVERIFY2(r.exitCode != 0, qPrintable(r.err));
    QVERIFY2(r.err.contains(where + message), qPrintable(where + message + QStringLiteral("\n---\n") + r.err));
    QVERIFY2(!r.err.contains(QStringLiteral("listening ")) && !r.out.contains(QStringLiteral("listening ")),
             qPrintable(r.out));
    QVERIFY2(!r.err.contains(QStringLiteral("PRIVATE KEY")), "key material must never be printed");
    // `check` loads certificates as serve does.
    auto check = run(binDir() + QStringLiteral("/routedeckd"), {QStringLiteral("check"), wsPath}, 15000);
    QCOMPARE(check.exitCode, 1);
    QVERIFY2(check.err.contains(where + message), qPrintable(check.err));
  }
};

QTEST_GUILESS_MAIN(TestProxyTls)
#include "tst_proxy_tls.moc"
