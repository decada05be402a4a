// Certificate files named in the workspace (Istio serverCertificate and
// privateKey) are reloaded when they change, without a config reload and
// without dropping connections: a keep-alive TLS connection (openssl
// s_client, kept open) keeps serving, new handshakes see the new
// certificate, and a file that does not load keeps the old one and says
// precisely why.
#include <QProcess>
#include <QTest>

#include <memory>

#include "tests/proxycore/proxy/proxy_env.h"
#include "tests/support/test_certs.h"
#include "tests/support/test_support.h"

using namespace routedeck::tests;

namespace {

const char* kIstio = R"(apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: mesh-gw, namespace: test}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 9443, name: https-f, protocol: HTTPS}
    hosts: [f.example.com]
    tls: {mode: SIMPLE, serverCertificate: live.crt, privateKey: live.key}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: mesh, namespace: test}
spec:
  hosts: [f.example.com]
  gateways: [mesh-gw]
  http: [{route: [{destination: {host: alpha, port: {number: 8080}}}]}]
)";

// Replaces `to` by a copy of `from` with one rename, as kubelet and
// cert-manager do, so that the proxy never reads a half-written file.
bool replaceFile(const QString& from, const QString& to) {
  const QString tmp = to + QStringLiteral(".tmp");
  QFile::remove(tmp);
  return QFile::copy(from, tmp) && ::rename(tmp.toLocal8Bit().constData(), to.toLocal8Bit().constData()) == 0;
}

}  // namespace

class TestProxyTlsReload : public QObject {
  Q_OBJECT

  std::unique_ptr<ProxyEnv> m_env;
  std::unique_ptr<TestCerts> m_certs;

  // The subject line of the certificate a new handshake gets.
  QString subject() {
    auto r = run(QStringLiteral("/bin/sh"),
                 {QStringLiteral("-c"),
                  QStringLiteral("openssl s_client -connect 127.0.0.1:%1 -servername f.example.com "
                                 "-CAfile '%2' </dev/null")
                      .arg(m_env->proxyPort())
                      .arg(m_certs->caCert())});
    for (const QString& line : r.out.split(QLatin1Char('\n'))) {
      if (line.startsWith(QStringLiteral("subject="))) return line.trimmed();
    }
    return QStringLiteral("no certificate: ") + r.out.right(300) + r.err.right(300);
  }

  // Sends one request on the open s_client connection and waits (bounded)
  // for the echo backend to report its path.
  static bool requestOn(QProcess& conn, const QString& path, QString* seen) {
    const QByteArray before = conn.readAllStandardOutput();
    *seen += QString::fromUtf8(before);
    conn.write(QStringLiteral("GET %1 HTTP/1.1\r\nHost: f.example.com\r\n\r\n").arg(path).toUtf8());
    const QString want = QStringLiteral("\"path\":\"%1\"").arg(path);
    for (int i = 0; i < 100 && !seen->contains(want); ++i) {
      if (conn.state() != QProcess::Running) break;
      conn.waitForReadyRead(100);
      *seen += QString::fromUtf8(conn.readAllStandardOutput());
    }
    return seen->contains(want) && seen->contains(QStringLiteral("HTTP/1.1 200"));
  }

 private slots:
  void initTestCase() {
    m_env = std::make_unique<ProxyEnv>();
    m_certs = std::make_unique<TestCerts>(m_env->path(QString()));
    QVERIFY2(m_certs->ok(), qPrintable(m_certs->error()));
    QVERIFY2(m_certs->server(QStringLiteral("v1"), QStringLiteral("f.example.com")), qPrintable(m_certs->error()));
    // Another name first, so that the subject tells the two apart; the SAN
    // keeps it valid for f.example.com.
    QVERIFY2(m_certs->server(QStringLiteral("v2"), QStringLiteral("f-v2.example.com"), {QStringLiteral("f.example.com")}),
             qPrintable(m_certs->error()));
    QVERIFY(replaceFile(m_certs->cert(QStringLiteral("v1")), m_env->path(QStringLiteral("live.crt"))));
    QVERIFY(replaceFile(m_certs->key(QStringLiteral("v1")), m_env->path(QStringLiteral("live.key"))));
    QCOMPARE(m_env->startEcho({QStringLiteral("alpha")}).size(), size_t(1));
    m_env->write(QStringLiteral("routes.yaml"), QString::fromUtf8(kIstio) + serviceObject(QStringLiteral("alpha")));
    const QString ws =
        QStringLiteral("apiVersion: routedeck.dev/v1alpha1\nkind: Workspace\nmetadata: {name: tls}\n"
                       "spec:\n  sources: [routes.yaml]\n  listeners:\n"
                       "  - {gateway: test/mesh-gw, listener: https-f, bind: 127.0.0.1:%1}\n  services:\n")
            .arg(m_env->proxyPort()) +
        serviceEntry(QStringLiteral("alpha"), 8080, {m_env->echoPort(QStringLiteral("alpha"))});
    // No --watch: certificate files are polled regardless of it.
    QVERIFY2(m_env->startServe(m_env->write(QStringLiteral("workspace.yaml"), ws)),
             qPrintable(m_env->serve() ? m_env->serve()->err() : QString()));
    QCOMPARE(m_env->serve()->waitListening(1).size(), 1);
  }

  void newHandshakesSeeNewCertificateOpenConnectionKeepsServing() {
    QCOMPARE(subject(), QStringLiteral("subject=CN = f.example.com"));
    QProcess conn;
    conn.start(QStringLiteral("openssl"),
               {QStringLiteral("s_client"), QStringLiteral("-quiet"), QStringLiteral("-connect"),
                QStringLiteral("127.0.0.1:%1").arg(m_env->proxyPort()), QStringLiteral("-servername"),
                QStringLiteral("f.example.com"), QStringLiteral("-CAfile"), m_certs->caCert()});
    QVERIFY(conn.waitForStarted(5000));
    QString seen;
    QVERIFY2(requestOn(conn, QStringLiteral("/before"), &seen), qPrintable(seen));

    QVERIFY(replaceFile(m_certs->key(QStringLiteral("v2")), m_env->path(QStringLiteral("live.key"))));
    QVERIFY(replaceFile(m_certs->cert(QStringLiteral("v2")), m_env->path(QStringLiteral("live.crt"))));
    QVERIFY2(m_env->serve()->waitStderr(QStringLiteral("reloaded the certificates of 127.0.0.1:%1").arg(m_env->proxyPort())),
             qPrintable(m_env->serve()->err()));
    QCOMPARE(subject(), QStringLiteral("subject=CN = f-v2.example.com"));
    // The connection opened before the swap still serves requests.
    QVERIFY2(requestOn(conn, QStringLiteral("/after"), &seen), qPrintable(seen));
    QCOMPARE(conn.state(), QProcess::Running);
    QVERIFY2(!m_env->serve()->err().contains(QStringLiteral("applied configuration version 2")),
             "a certificate change must not reload the whole configuration");
    conn.closeWriteChannel();
    conn.kill();
    conn.waitForFinished(5000);
  }

  void badFileKeepsPreviousCertificateWithPreciseError() {
    const QString before = subject();
    QVERIFY2(before.startsWith(QStringLiteral("subject=CN = ")), qPrintable(before));
    const QString junk = m_env->write(QStringLiteral("junk.pem"), QStringLiteral("not a certificate\n"));
    QVERIFY(replaceFile(junk, m_env->path(QStringLiteral("live.crt"))));
    // routes.yaml line 7 is "  - port: {number: 9443, ...}", the server's position.
    const QString where = QStringLiteral("routes.yaml:7:5: error: listener \"https-f\" of test/mesh-gw: "
                                         "certificate live.crt: certificate: ");
    QVERIFY2(m_env->serve()->waitStderr(QStringLiteral("keeps its previous certificate")),
             qPrintable(m_env->serve()->err()));
    const QString err = m_env->serve()->err();
    QVERIFY2(err.contains(where), qPrintable(where + QStringLiteral("\n---\n") + err));
    QVERIFY2(!err.contains(QStringLiteral("PRIVATE KEY")), "key material must never be printed");
    QCOMPARE(subject(), before);

    QVERIFY(replaceFile(m_certs->cert(QStringLiteral("v1")), m_env->path(QStringLiteral("live.crt"))));
    QVERIFY(replaceFile(m_certs->key(QStringLiteral("v1")), m_env->path(QStringLiteral("live.key"))));
    for (int i = 0; i < 50 && subject() != QStringLiteral("subject=CN = f.example.com"); ++i) {
      QTest::qWait(200);
    }
    QCOMPARE(subject(), QStringLiteral("subject=CN = f.example.com"));
  }
};

QTEST_GUILESS_MAIN(TestProxyTlsReload)
#include "tst_proxy_tls_reload.moc"
