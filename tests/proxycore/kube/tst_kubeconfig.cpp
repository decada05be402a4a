// kubeconfig loading as kubectl does it: KUBECONFIG merging (first definition wins),
// current-context, namespaces, relative paths, *-data over files, and errors with positions.
#include <QTemporaryDir>
#include <QTest>

#include <cstdlib>
#include <fstream>

#include "proxycore/kube/kubeconfig.h"
#include "tests/proxycore/kube/kubeconfig_test_data.h"

using namespace routedeck::core;
using namespace routedeck::core::kube;
using namespace kubetest;

namespace {

std::string writeFile(const QTemporaryDir& dir, const QString& name, const std::string& text) {
  const std::string path = dir.filePath(name).toStdString();
  std::ofstream(path) << text;
  return path;
}

}  // namespace

class TestKubeconfig : public QObject {
  Q_OBJECT

 private slots:
  void mergesLikeKubectl() {
    QTemporaryDir a, b;
    const auto first = writeFile(a, "config", kFirst);
    const auto second = writeFile(b, "config", kSecond);
    const std::string missing = a.filePath("does-not-exist").toStdString();
    auto cfg = loadKubeconfig({first, missing, second});
    QVERIFY2(cfg.ok(), cfg.ok() ? "" : cfg.error().message.c_str());
    QCOMPARE(cfg->files.size(), size_t(2));
    // current-context from the first file that sets one.
    QCOMPARE(QString::fromStdString(cfg->currentContext), QString("alpha"));
    // First definition of a name wins as a whole entry, never field by field.
    QCOMPARE(QString::fromStdString(cfg->clusters.at("shared").server), QString("https://first.example"));
    QVERIFY(cfg->clusters.at("shared").certificateAuthorityData.empty());
    QVERIFY(!cfg->clusters.at("shared").insecureSkipTlsVerify);
    QVERIFY(cfg->users.at("u1").token.empty());
    QCOMPARE(QString::fromStdString(cfg->contexts.at("alpha").cluster), QString("one"));
    // Names only the second file defines are there.
    QVERIFY(cfg->clusters.count("two"));
    QVERIFY(cfg->contexts.count("beta"));

    auto alpha = resolveContext(*cfg);
    QVERIFY(alpha.ok());
    QCOMPARE(QString::fromStdString(alpha->ns), QString("team-a"));
    QCOMPARE(QString::fromStdString(alpha->cluster.tlsServerName), QString("kubernetes"));
    QCOMPARE(QString::fromStdString(alpha->cluster.proxyUrl), QString("socks5://127.0.0.1:1080"));
    // Relative paths resolve against the file that names them.
    QCOMPARE(QString::fromStdString(alpha->cluster.certificateAuthorityFile), a.filePath("certs/ca.pem"));
    QCOMPARE(QString::fromStdString(alpha->user.tokenFile), a.filePath("tokens/u1"));

    auto beta = resolveContext(*cfg, "beta");
    QVERIFY(beta.ok());
    QCOMPARE(QString::fromStdString(beta->ns), QString("default"));
    QVERIFY(beta->user.hasExec);
    QCOMPARE(QString::fromStdString(beta->user.exec.command), b.filePath("bin/plugin"));
    QCOMPARE(beta->user.exec.args.size(), size_t(3));
    QCOMPARE(QString::fromStdString(beta->user.exec.interactiveMode), QString("IfAvailable"));
  }

  void kubeconfigEnvironmentList() {
    QTemporaryDir a, b;
    const auto first = writeFile(a, "config", kFirst);
    const auto second = writeFile(b, "config", kSecond);
    const std::string list = second + "::" + first + ":" + second;
    ::setenv("KUBECONFIG", list.c_str(), 1);
    auto paths = defaultKubeconfigPaths();
    ::unsetenv("KUBECONFIG");
    QCOMPARE(paths.size(), size_t(2));
    QCOMPARE(QString::fromStdString(paths[0]), QString::fromStdString(second));
    auto cfg = loadKubeconfig(paths);
    QVERIFY(cfg.ok());
    QCOMPARE(QString::fromStdString(cfg->currentContext), QString("beta"));
    QCOMPARE(QString::fromStdString(cfg->clusters.at("shared").server), QString("https://second.example"));
    QCOMPARE(QString::fromStdString(cfg->clusters.at("shared").certificateAuthorityData), QString("hello CA"));
    QVERIFY(cfg->clusters.at("shared").insecureSkipTlsVerify);
  }

  void dataWinsOverFiles() {
    auto cfg = loadKubeconfigString(kFirst, "/k/config");
    QVERIFY(cfg.ok());
    auto c = resolveContext(*cfg, "nons");
    QVERIFY2(c.ok(), c.ok() ? "" : c.error().message.c_str());
    QCOMPARE(QString::fromStdString(c->user.clientCertificateData), QString("cert"));
    QCOMPARE(QString::fromStdString(c->user.clientKeyData), QString("key"));
    QVERIFY(c->user.clientCertificateFile.empty());
    QVERIFY(c->user.clientKeyFile.empty());
  }

  void tokenWinsOverTokenFile() {
    auto cfg = loadKubeconfigString(kTokenAndFile, "/k/config");
    QVERIFY(cfg.ok());
    auto c = resolveContext(*cfg, "x");
    QVERIFY(c.ok());
    QCOMPARE(QString::fromStdString(c->user.token), QString("abc"));
    QVERIFY(c->user.tokenFile.empty());
  }

  void errorsCarryPositions_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("bad base64") << "clusters:\n- name: c\n  cluster:\n    certificate-authority-data: \"%%%\"\n"
                                << "/k/config:4:33: error: certificate-authority-data is not valid base64";
    QTest::newRow("bad bool") << "clusters:\n- name: c\n  cluster:\n    insecure-skip-tls-verify: maybe\n"
                              << "/k/config:4:31: error: expected true or false, found \"maybe\"";
    QTest::newRow("duplicate name") << "users:\n- name: a\n- name: a\n"
                                    << "/k/config:3:9: error: duplicate name \"a\" in users";
    QTest::newRow("exec version") << "users:\n- name: a\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1alpha1\n      command: x\n"
                                  << "/k/config:5:19: error: exec apiVersion \"client.authentication.k8s.io/v1alpha1\" is not supported";
    QTest::newRow("v1 needs interactiveMode") << "users:\n- name: a\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: x\n"
                                              << "/k/config:5:7: error: exec interactiveMode is required";
    QTest::newRow("syntax") << "clusters: [\n" << "/k/config:2:1: error: YAML syntax";
    QTest::newRow("list type") << "contexts: {a: b}\n" << "/k/config:1:11: error: contexts must be a list";
  }

  void errorsCarryPositions() {
    QFETCH(QString, text);
    QFETCH(QString, expected);
    auto cfg = loadKubeconfigString(text.toStdString(), "/k/config");
    QVERIFY(!cfg.ok());
    const QString msg = QString::fromStdString(cfg.error().message);
    QVERIFY2(msg.startsWith(expected), qPrintable(msg));
  }

  void resolveErrorsNameTheContext() {
    auto cfg = loadKubeconfigString(kMissingCluster, "/k/config");
    QVERIFY(cfg.ok());
    auto gone = resolveContext(*cfg);
    QVERIFY(!gone.ok());
    QVERIFY2(QString::fromStdString(gone.error().message).contains("context \"gone\" is not defined in /k/config (current-context at /k/config:1:18)"),
             gone.error().message.c_str());
    auto x = resolveContext(*cfg, "x");
    QVERIFY(!x.ok());
    QVERIFY2(QString::fromStdString(x.error().message).startsWith("/k/config:3:9: context \"x\" names cluster \"nowhere\""),
             x.error().message.c_str());
  }

  void noFileAtAll() {
    auto cfg = loadKubeconfig({"/nonexistent/a", "/nonexistent/b"});
    QVERIFY(!cfg.ok());
    QVERIFY(QString::fromStdString(cfg.error().message).contains("no kubeconfig found"));
  }

  void unsupportedAuthProvider() {
    auto cfg = loadKubeconfigString(kAuthProvider, "/k/config");
    QVERIFY(cfg.ok());
    auto c = resolveContext(*cfg, "x");
    QVERIFY(!c.ok());
    QVERIFY(QString::fromStdString(c.error().message).contains("auth-provider \"gcp\""));
  }
};

QTEST_GUILESS_MAIN(TestKubeconfig)
#include "tst_kubeconfig.moc"
