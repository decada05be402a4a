// Admin API over mutual TLS: certificates made at test time with the
// openssl command (skipped when it is absent); a client with a certificate
// from the configured CA gets through, one without a certificate does not.
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

#include "tests/proxycore/admin/admin_env.h"

using namespace routedeck::tests;

namespace {

bool run(const QString& dir, const QStringList& args) {
  QProcess p;
  p.setWorkingDirectory(dir);
  p.start(QStringLiteral("openssl"), args);
  return p.waitForFinished(30000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

// A CA, a server certificate for 127.0.0.1 and a client certificate.
bool makeCertificates(const QString& dir) {
  const QString ext = dir + QStringLiteral("/server.ext");
  QFile f(ext);
  if (!f.open(QIODevice::WriteOnly)) return false;
  f.write("subjectAltName=IP:127.0.0.1\n");
  f.close();
  auto key = [&](const QString& name) {
    return run(dir, {QStringLiteral("genpkey"), QStringLiteral("-algorithm"), QStringLiteral("EC"),
                     QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-256"),
                     QStringLiteral("-out"), name + QStringLiteral(".key")});
  };
  auto sign = [&](const QString& name, const QStringList& extra) {
    return run(dir, {QStringLiteral("req"), QStringLiteral("-new"), QStringLiteral("-key"),
                     name + QStringLiteral(".key"), QStringLiteral("-subj"),
                     QStringLiteral("/CN=") + name, QStringLiteral("-out"),
                     name + QStringLiteral(".csr")}) &&
           run(dir,
               QStringList{QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"),
                           name + QStringLiteral(".csr"), QStringLiteral("-CA"),
                           QStringLiteral("ca.pem"), QStringLiteral("-CAkey"),
                           QStringLiteral("ca.key"), QStringLiteral("-CAcreateserial"),
                           QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-out"),
                           name + QStringLiteral(".pem")} +
                   extra);
  };
  return key(QStringLiteral("ca")) &&
         run(dir, {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-new"),
                   QStringLiteral("-key"), QStringLiteral("ca.key"), QStringLiteral("-subj"),
                   QStringLiteral("/CN=admin-test-ca"), QStringLiteral("-days"),
                   QStringLiteral("2"), QStringLiteral("-out"), QStringLiteral("ca.pem")}) &&
         key(QStringLiteral("server")) &&
         sign(QStringLiteral("server"), {QStringLiteral("-extfile"), ext}) &&
         key(QStringLiteral("client")) && sign(QStringLiteral("client"), {});
}

std::string slurp(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll().toStdString() : std::string();
}

}  // namespace

class TestAdminMtls : public QObject {
  Q_OBJECT

 private slots:
  void clientCertificateRequired() {
    if (QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty()) {
      QSKIP("the openssl command is not installed");
    }
    AdminEnv admin;
    const QString dir = admin.env().path(QString());
    QVERIFY(makeCertificates(dir));
    QVERIFY(
        admin.start({QStringLiteral("--admin-tls-cert"), dir + QStringLiteral("/server.pem"),
                     QStringLiteral("--admin-tls-key"), dir + QStringLiteral("/server.key"),
                     QStringLiteral("--admin-tls-client-ca"), dir + QStringLiteral("/ca.pem")}));
    grpc::SslCredentialsOptions withCert;
    withCert.pem_root_certs = slurp(dir + QStringLiteral("/ca.pem"));
    withCert.pem_private_key = slurp(dir + QStringLiteral("/client.key"));
    withCert.pem_cert_chain = slurp(dir + QStringLiteral("/client.pem"));
    auto stub = pb::Admin::NewStub(
        grpc::CreateChannel(admin.adminTarget(), grpc::SslCredentials(withCert)));
    pb::GetConfigResponse resp;
    auto s = stub->GetConfig(callContext().get(), {}, &resp);
    QVERIFY2(s.ok(), s.error_message().c_str());
    QVERIFY(resp.version() >= 1);

    grpc::SslCredentialsOptions noCert;
    noCert.pem_root_certs = withCert.pem_root_certs;
    auto anonymous =
        pb::Admin::NewStub(grpc::CreateChannel(admin.adminTarget(), grpc::SslCredentials(noCert)));
    s = anonymous->GetConfig(callContext({}, 3000).get(), {}, &resp);
    QVERIFY(!s.ok());
    // Plain text is refused as well.
    s = admin.stub()->GetConfig(callContext({}, 3000).get(), {}, &resp);
    QVERIFY(!s.ok());
  }
};

QTEST_GUILESS_MAIN(TestAdminMtls)
#include "tst_admin_mtls.moc"
