// Exec credential plugins run as real shell scripts: KUBERNETES_EXEC_INFO per apiVersion,
// caching until expiry, refresh after invalidate (a 401), failures with stderr, installHint.
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

#include <fstream>

#include "proxycore/kube/exec_credential.h"
#include "tests/proxycore/kube/exec_test_scripts.h"

using namespace routedeck::core;
using namespace routedeck::core::kube;
using namespace std::chrono_literals;

class TestExecCredential : public QObject {
  Q_OBJECT

  QTemporaryDir m_dir;

  std::string script(const QString& name, const std::string& body) {
    const std::string path = m_dir.filePath(name).toStdString();
    std::ofstream(path) << "#!/bin/sh\n" << body;
    ::chmod(path.c_str(), 0755);
    return path;
  }

  static ExecConfig execFor(const std::string& command, const char* version) {
    ExecConfig e;
    e.apiVersion = std::string("client.authentication.k8s.io/") + version;
    e.command = command;
    e.interactiveMode = "Never";
    e.origin = {"/k/config", 12, 7};
    return e;
  }

  static Cluster cluster() {
    Cluster c;
    c.server = "https://127.0.0.1:6443";
    c.certificateAuthorityData = "CA PEM";
    c.tlsServerName = "kubernetes";
    return c;
  }

  std::string infoFile() const { return m_dir.filePath("info.json").toStdString(); }
  QString counted() const { return m_dir.filePath("count"); }

  // Prints a token numbered by how often it ran; saves KUBERNETES_EXEC_INFO and argv.
  std::string countingPlugin(const char* version, const char* expiry) {
    return script("plugin-" + QString(version) + expiry,
                  kubetest::countingPluginScript(counted().toStdString(), infoFile(), version, expiry));
  }

  QString readInfo() const {
    QFile f(QString::fromStdString(infoFile()));
    f.open(QIODevice::ReadOnly);
    return QString::fromUtf8(f.readAll());
  }

 private slots:
  void init() { QFile::remove(counted()); }

  void v1TokenWithClusterInfo() {
    auto exec = execFor(countingPlugin("v1", "2999-01-01T00:00:00Z"), "v1");
    exec.args = {"arg1"};
    exec.env = {{"PLUGIN_ENV", "env1"}};
    exec.provideClusterInfo = true;
    auto c = runExecPlugin(exec, cluster(), 5s);
    QVERIFY2(c.ok(), c.ok() ? "" : c.error().message.c_str());
    QCOMPARE(QString::fromStdString(c->token), QString("tok-1-arg1-env1"));
    QVERIFY(c->expiry);
    const QString info = readInfo();
    QVERIFY2(info.contains("\"apiVersion\":\"client.authentication.k8s.io/v1\""), qPrintable(info));
    QVERIFY(info.contains("\"kind\":\"ExecCredential\""));
    QVERIFY(info.contains("\"interactive\":false"));
    QVERIFY(info.contains("\"server\":\"https://127.0.0.1:6443\""));
    QVERIFY(info.contains("\"tls-server-name\":\"kubernetes\""));
    QVERIFY(info.contains("\"certificate-authority-data\":\"Q0EgUEVN\""));
    QVERIFY(info.contains("\"config\":null"));
  }

  void v1beta1WithoutClusterInfo() {
    auto exec = execFor(countingPlugin("v1beta1", "2999-01-01T00:00:00Z"), "v1beta1");
    auto c = runExecPlugin(exec, cluster(), 5s);
    QVERIFY2(c.ok(), c.ok() ? "" : c.error().message.c_str());
    const QString info = readInfo();
    QVERIFY(info.contains("\"apiVersion\":\"client.authentication.k8s.io/v1beta1\""));
    QVERIFY(info.contains("\"interactive\":false"));
    QVERIFY(!info.contains("cluster"));
  }

  void versionMismatchIsAnError() {
    auto exec = execFor(countingPlugin("v1beta1", "2999-01-01T00:00:00Z"), "v1");
    auto c = runExecPlugin(exec, cluster(), 5s);
    QVERIFY(!c.ok());
    QVERIFY2(QString::fromStdString(c.error().message).contains("returned apiVersion \"client.authentication.k8s.io/v1beta1\""),
             c.error().message.c_str());
  }

  void clientCertificate() {
    auto exec = execFor(script("cert", kubetest::kCertPlugin), "v1");
    auto c = runExecPlugin(exec, cluster(), 5s);
    QVERIFY(c.ok());
    QCOMPARE(QString::fromStdString(c->clientCertificateData), QString("CERT"));
    QCOMPARE(QString::fromStdString(c->clientKeyData), QString("KEY"));
    QVERIFY(!c->expiry);
  }

  void cachesUntilExpiry() {
    ExecCredentialProvider fresh(execFor(countingPlugin("v1", "2999-01-01T00:00:00Z"), "v1"), cluster(), 5s);
    QVERIFY(fresh.get().ok());
    QVERIFY(fresh.get().ok());
    QCOMPARE(fresh.runs(), 1);

    QFile::remove(counted());
    ExecCredentialProvider expired(execFor(countingPlugin("v1", "2001-01-01T00:00:00Z"), "v1"), cluster(), 5s);
    auto a = expired.get();
    auto b = expired.get();
    QVERIFY(a.ok() && b.ok());
    QCOMPARE(expired.runs(), 2);
    QCOMPARE(QString::fromStdString(b->token), QString("tok-2--"));
  }

  void expiresWhileCached() {
    // Expires one second from the plugin's run; the provider re-runs it after that.
    ExecCredentialProvider p(execFor(script("soon", kubetest::kSoonExpiringPlugin), "v1"), cluster(), 5s);
    QVERIFY(p.get().ok());
    QCOMPARE(p.runs(), 1);
    QTRY_VERIFY_WITH_TIMEOUT((p.get(), p.runs() == 2), 3000);
  }

  void invalidateAfterUnauthorized() {
    ExecCredentialProvider p(execFor(countingPlugin("v1", "2999-01-01T00:00:00Z"), "v1"), cluster(), 5s);
    auto first = p.get();
    QVERIFY(first.ok());
    Credential other;
    other.token = "someone else's";
    p.invalidate(other);  // a credential that is no longer cached changes nothing
    QCOMPARE(QString::fromStdString(p.get()->token), QString("tok-1--"));
    p.invalidate(*first);
    QCOMPARE(QString::fromStdString(p.get()->token), QString("tok-2--"));
    QCOMPARE(p.runs(), 2);
  }

  void failingPluginReportsStderr() {
    auto exec = execFor(script("fail", "echo 'secret-token-on-stdout'\necho 'error: SSO session expired, run aws sso login' >&2\nexit 3\n"), "v1");
    auto c = runExecPlugin(exec, cluster(), 5s);
    QVERIFY(!c.ok());
    const QString msg = QString::fromStdString(c.error().message);
    QVERIFY2(msg.contains("exited with status 3: error: SSO session expired, run aws sso login"), qPrintable(msg));
    QVERIFY(msg.contains("/k/config:12:7"));
    QVERIFY(!msg.contains("secret-token-on-stdout"));
  }

  void garbageOutputIsNotEchoed() {
    auto c = runExecPlugin(execFor(script("garbage", "echo 'token=abc'\n"), "v1"), cluster(), 5s);
    QVERIFY(!c.ok());
    QVERIFY(!QString::fromStdString(c.error().message).contains("abc"));
    QVERIFY(QString::fromStdString(c.error().message).contains("not an ExecCredential"));
  }

  void missingCommandShowsInstallHint() {
    auto exec = execFor("routedeck-no-such-auth-plugin", "v1");
    exec.installHint = "Install gke-gcloud-auth-plugin: gcloud components install gke-gcloud-auth-plugin";
    auto c = runExecPlugin(exec, cluster(), 5s);
    QVERIFY(!c.ok());
    const QString msg = QString::fromStdString(c.error().message);
    QVERIFY2(msg.contains("could not be started: No such file or directory"), qPrintable(msg));
    QVERIFY(msg.contains("gcloud components install gke-gcloud-auth-plugin"));
  }

  void slowPluginIsKilled() {
    auto exec = execFor(script("slow", "exec sleep 30\n"), "v1");
    QElapsedTimer t;
    t.start();
    auto c = runExecPlugin(exec, cluster(), 300ms);
    QVERIFY(!c.ok());
    QVERIFY(t.elapsed() < 5000);
    QVERIFY2(QString::fromStdString(c.error().message).contains("did not finish within 300 ms"), c.error().message.c_str());
  }

  void interactiveAlwaysIsRefused() {
    auto exec = execFor("true", "v1");
    exec.interactiveMode = "Always";
    auto c = runExecPlugin(exec, cluster(), 1s);
    QVERIFY(!c.ok());
    QVERIFY(QString::fromStdString(c.error().message).contains("needs a terminal"));
  }

  void rfc3339_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("epoch");
    QTest::newRow("Z") << "2024-05-01T10:00:00Z" << qint64(1714557600);
    QTest::newRow("fraction") << "2024-05-01T10:00:00.123456Z" << qint64(1714557600);
    QTest::newRow("offset") << "2024-05-01T12:00:00+02:00" << qint64(1714557600);
    QTest::newRow("bad") << "yesterday" << qint64(-1);
    QTest::newRow("no zone") << "2024-05-01T10:00:00" << qint64(-1);
  }

  void rfc3339() {
    QFETCH(QString, text);
    QFETCH(qint64, epoch);
    auto t = parseRfc3339(text.toStdString());
    if (epoch < 0) {
      QVERIFY(!t);
      return;
    }
    QVERIFY(t);
    QCOMPARE(qint64(std::chrono::duration_cast<std::chrono::seconds>(t->time_since_epoch()).count()), epoch);
  }
};

QTEST_GUILESS_MAIN(TestExecCredential)
#include "tst_exec_credential.moc"
