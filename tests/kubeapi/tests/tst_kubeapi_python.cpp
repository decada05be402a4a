// Debian's python3-kubernetes (a second real client) against
// routedeck-test-apiserver: tests/kubeapi/python_client_checks.py, once per
// kubeconfig context. Runs under /usr/bin/python3: the pyenv python3 on
// PATH cannot see the Debian package.

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "tests/kubeapi/tests/apiserver_process.h"
#include "tests/support/test_support.h"

using namespace routedeck::tests;
using namespace routedeck::tests::kubeapi;

namespace {
const QString kPython = QStringLiteral("/usr/bin/python3");
constexpr int kChecks = 8;  // "ok:" lines the script prints when everything passed
}  // namespace

class TstKubeapiPython : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void cleanupTestCase();
  void clientChecks_data();
  void clientChecks();

 private:
  QTemporaryDir m_dir;
  ApiServerProcess m_server;
};

void TstKubeapiPython::initTestCase() {
  if (!QFile::exists(kPython)) {
    QSKIP("/usr/bin/python3 is not installed");
  }
  auto probe =
      runTool(kPython, {QStringLiteral("-c"), QStringLiteral("import kubernetes")}, {}, 20000);
  if (probe.exitCode != 0) {
    QSKIP(
        "python3-kubernetes is not installed (apt-get install python3-kubernetes; "
        "packaging/setup-debian.sh)");
  }
  QVERIFY(m_dir.isValid());
  QVERIFY2(m_server.start(m_dir.path()), qPrintable(m_server.error()));
}

void TstKubeapiPython::cleanupTestCase() { m_server.stop(); }

void TstKubeapiPython::clientChecks_data() {
  QTest::addColumn<QString>("context");
  QTest::newRow("token") << QStringLiteral("token");
  QTest::newRow("cert") << QStringLiteral("cert");
}

void TstKubeapiPython::clientChecks() {
  QFETCH(QString, context);
  const QString script = sourceDir() + QStringLiteral("/tests/kubeapi/python_client_checks.py");
  auto r = runTool(kPython,
                   {script, m_server.kubeconfig(), context, context,
                    m_dir.filePath(QStringLiteral("discovery-") + context)},
                   {QStringLiteral("HOME=") + m_dir.path()}, 30000);
  QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
  QCOMPARE(r.out.count(QStringLiteral("ok: ")), kChecks);
}

QTEST_GUILESS_MAIN(TstKubeapiPython)
#include "tst_kubeapi_python.moc"
