// App Mesh VirtualGateway listener TLS on live sockets: STRICT from
// certificate.file with validation.trust.file is mutual TLS (curl without a
// client certificate, or with one from another CA, is refused; one signed by
// the trusted CA is served), and certificate.sds takes a kubernetes.io/tls
// Secret of that name. validation.subjectAlternativeNames: the client
// certificate must also carry one of the names. A missing file is an error
// at the listener.
#include <QTest>

#include <memory>

#include "tests/proxycore/proxy/proxy_env.h"
#include "tests/support/test_certs.h"
#include "tests/support/test_support.h"

using namespace routedeck::tests;

namespace {

// %1: namespace-wide objects; the gateways differ only in their listener.
const char* kMesh = R"(apiVersion: v1
kind: Namespace
metadata:
  name: test
  labels: {mesh: m, gateway: gw}
---
apiVersion: appmesh.k8s.aws/v1beta2
kind: Mesh
metadata: {name: m}
spec:
  namespaceSelector: {matchLabels: {mesh: m}}
---
apiVersion: appmesh.k8s.aws/v1beta2
kind: VirtualGateway
metadata: {name: mutual-gw, namespace: test}
spec:
  namespaceSelector: {matchLabels: {gateway: gw}}
  podSelector: {matchLabels: {app: gw}}
  listeners:
  - portMapping: {port: 8443, protocol: http}
    tls:
      mode: STRICT
      certificate: {file: {certificateChain: %1, privateKey: gw.key}}
      validation:
        trust: {file: {certificateChain: ca.crt}}
        subjectAlternativeNames: {match: {exact: [spiffe://mesh/ns/test/sa/shop, shop.example.com]}}
---
apiVersion: appmesh.k8s.aws/v1beta2
kind: VirtualGateway
metadata: {name: sds-gw, namespace: test}
spec:
  namespaceSelector: {matchLabels: {gateway: gw}}
  podSelector: {matchLabels: {app: gw}}
  listeners:
  - portMapping: {port: 9443, protocol: http}
    tls:
      mode: STRICT
      certificate: {sds: {secretName: gw-sds}}
---
apiVersion: v1
kind: Secret
metadata: {name: gw-sds, namespace: test}
type: kubernetes.io/tls
data: {tls.crt: %2, tls.key: %3}
---
apiVersion: appmesh.k8s.aws/v1beta2
kind: GatewayRoute
metadata: {name: all, namespace: test}
spec:
  httpRoute:
    match: {prefix: /}
    action: {target: {virtualService: {virtualServiceRef: {name: color}}}}
---
apiVersion: appmesh.k8s.aws/v1beta2
kind: VirtualService
metadata: {name: color, namespace: test}
spec:
  awsName: color.test.svc.cluster.local
  provider: {virtualNode: {virtualNodeRef: {name: red}}}
---
apiVersion: appmesh.k8s.aws/v1beta2
kind: VirtualNode
metadata: {name: red, namespace: test}
spec:
  podSelector: {matchLabels: {app: red}}
  listeners:
  - portMapping: {port: 8080, protocol: http}
  serviceDiscovery: {dns: {hostname: red.test.svc.cluster.local}}
)";

}  // namespace

class TestProxyAppMeshTls : public QObject {
  Q_OBJECT

  std::unique_ptr<ProxyEnv> m_env;
  std::unique_ptr<TestCerts> m_certs;
  int m_sdsPort = 0;

  QString workspace(int mutualPort, int sdsPort, int echoPort) const {
    return QStringLiteral("apiVersion: routedeck.dev/v1alpha1\nkind: Workspace\nmetadata: {name: am}\n"
                          "spec:\n  sources: [routes.yaml]\n  listeners:\n"
                          "  - {gateway: test/mutual-gw, listener: http-8443, bind: 127.0.0.1:%1}\n"
                          "  - {gateway: test/sds-gw, listener: http-9443, bind: 127.0.0.1:%2}\n"
                          "  virtualNodes:\n  - virtualNode: test/red\n    endpoints:\n"
                          "    - address: 127.0.0.1:%3\n")
        .arg(mutualPort)
        .arg(sdsPort)
        .arg(echoPort);
  }

  QString routes(const QString& certFile) const {
    return QString::fromUtf8(kMesh).arg(certFile, m_certs->base64(QStringLiteral("sds.crt")),
                                        m_certs->base64(QStringLiteral("sds.key")));
  }

  // "STATUS BODY", or "curl exit N: ..." when no response came.
  QString curl(const QString& host, int port, const QStringList& extra = {}) {
    const QString target = QStringLiteral("%1:%2").arg(host).arg(port);
    auto r = run(QStringLiteral("curl"),
                 QStringList{QStringLiteral("-sS"), QStringLiteral("--max-time"), QStringLiteral("10"),
                             QStringLiteral("--cacert"), m_certs->caCert(), QStringLiteral("--resolve"),
                             target + QStringLiteral(":127.0.0.1"), QStringLiteral("-w"), QStringLiteral("\n%{http_code}")} +
                     extra + QStringList{QStringLiteral("https://") + target + QStringLiteral("/")});
    if (r.exitCode != 0) {
      return QStringLiteral("curl exit %1: %2").arg(r.exitCode).arg(r.err);
    }
    const int nl = r.out.lastIndexOf(QLatin1Char('\n'));
    return r.out.mid(nl + 1) + QLatin1Char(' ') + r.out.left(nl);
  }

 private slots:
  void initTestCase() {
    m_env = std::make_unique<ProxyEnv>();
    m_certs = std::make_unique<TestCerts>(m_env->path(QString()));
    QVERIFY2(m_certs->ok(), qPrintable(m_certs->error()));
    QVERIFY2(m_certs->server(QStringLiteral("gw"), QStringLiteral("gw.example.com")), qPrintable(m_certs->error()));
    QVERIFY2(m_certs->server(QStringLiteral("sds"), QStringLiteral("sds.example.com")), qPrintable(m_certs->error()));
    QVERIFY2(m_certs->client(QStringLiteral("client"), QStringLiteral("trusted client"),
                             {QStringLiteral("URI:spiffe://mesh/ns/test/sa/shop")}),
             qPrintable(m_certs->error()));
    QVERIFY2(m_certs->client(QStringLiteral("dns-client"), QStringLiteral("dns client"), {QStringLiteral("DNS:shop.example.com")}),
             qPrintable(m_certs->error()));
    // Signed by the trusted CA, but named neither way the listener accepts.
    QVERIFY2(m_certs->client(QStringLiteral("other-name"), QStringLiteral("shop.example.com"),
                             {QStringLiteral("DNS:other.example.com"), QStringLiteral("URI:spiffe://mesh/ns/test/sa/shop2")}),
             qPrintable(m_certs->error()));
    QVERIFY2(m_certs->selfSigned(QStringLiteral("stranger"), QStringLiteral("stranger")), qPrintable(m_certs->error()));
    QCOMPARE(m_env->startEcho({QStringLiteral("red")}).size(), size_t(1));
    m_sdsPort = freeLoopbackPort();
    m_env->write(QStringLiteral("routes.yaml"), routes(QStringLiteral("gw.crt")));
    const QString ws = m_env->write(QStringLiteral("workspace.yaml"),
                                    workspace(m_env->proxyPort(), m_sdsPort, m_env->echoPort(QStringLiteral("red"))));
    QVERIFY2(m_env->startServe(ws), qPrintable(m_env->serve() ? m_env->serve()->err() : QString()));
    QCOMPARE(m_env->serve()->waitListening(2).size(), 2);
  }

  void trustedClientCertificateIsServed_data() {
    QTest::addColumn<QString>("client");
    QTest::newRow("URI subjectAltName") << QStringLiteral("client");
    QTest::newRow("DNS subjectAltName") << QStringLiteral("dns-client");
  }
  void trustedClientCertificateIsServed() {
    QFETCH(QString, client);
    const QString r = curl(QStringLiteral("gw.example.com"), m_env->proxyPort(),
                           {QStringLiteral("--cert"), m_certs->cert(client), QStringLiteral("--key"), m_certs->key(client)});
    QVERIFY2(r.startsWith(QStringLiteral("200 ")), qPrintable(r));
    QVERIFY2(r.contains(QStringLiteral("\"service\":\"red\"")), qPrintable(r));
    QVERIFY2(r.contains(QStringLiteral("\"X-Forwarded-Proto\":[\"https\"]")), qPrintable(r));
  }

  void clientWithoutTrustedCertificateIsRefused_data() {
    QTest::addColumn<QStringList>("args");
    QTest::newRow("no certificate") << QStringList{};
    QTest::newRow("another CA") << QStringList{QStringLiteral("--cert"), m_certs->cert(QStringLiteral("stranger")),
                                               QStringLiteral("--key"), m_certs->key(QStringLiteral("stranger"))};
    // The CN does not count, only subjectAltNames, and only exact ones.
    QTest::newRow("trusted CA, no listed name")
        << QStringList{QStringLiteral("--cert"), m_certs->cert(QStringLiteral("other-name")), QStringLiteral("--key"),
                       m_certs->key(QStringLiteral("other-name"))};
  }
  void clientWithoutTrustedCertificateIsRefused() {
    QFETCH(QStringList, args);
    const QString r = curl(QStringLiteral("gw.example.com"), m_env->proxyPort(), args);
    QVERIFY2(r.startsWith(QStringLiteral("curl exit")), qPrintable(r));
  }

  void sdsSecretServesWithoutClientCertificate() {
    const QString r = curl(QStringLiteral("sds.example.com"), m_sdsPort);
    QVERIFY2(r.startsWith(QStringLiteral("200 ")), qPrintable(r));
    QVERIFY2(r.contains(QStringLiteral("\"service\":\"red\"")), qPrintable(r));
  }

  void missingCertificateFileIsAnErrorAtTheListener() {
    ProxyEnv env;
    env.write(QStringLiteral("routes.yaml"), routes(QStringLiteral("missing.crt")));
    const QString ws = env.write(QStringLiteral("workspace.yaml"), workspace(env.proxyPort(), freeLoopbackPort(), 1));
    auto r = run(binDir() + QStringLiteral("/routedeckd"), {QStringLiteral("check"), ws}, 15000);
    QCOMPARE(r.exitCode, 1);
    // Line 20 is the listener "- portMapping: {port: 8443, ...}" of mutual-gw.
    const QString expected = QStringLiteral("routes.yaml:20:5: error: listener \"http-8443\" of test/mutual-gw: cannot read \"%1\"")
                                 .arg(env.path(QStringLiteral("missing.crt")));
    QVERIFY2(r.err.contains(expected), qPrintable(expected + QStringLiteral("\n---\n") + r.err));
  }
};

QTEST_GUILESS_MAIN(TestProxyAppMeshTls)
#include "tst_proxy_appmesh_tls.moc"
