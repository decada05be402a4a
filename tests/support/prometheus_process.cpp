#include "tests/support/prometheus_process.h"

#include <QElapsedTimer>
#include <QStandardPaths>
#include <QThread>

#include "proxycore/prom/prometheus_client.h"
#include "tests/support/test_support.h"

namespace routedeck::tests {

namespace {

bool isReady(const QString& url) {
  core::prom::PrometheusEndpoint e;
  e.url = url.toStdString();
  e.timeout = std::chrono::milliseconds(1000);
  return core::prom::PrometheusClient(e).ready().ok();
}

}  // namespace

PrometheusProcess::~PrometheusProcess() {
  if (m_proc.state() != QProcess::NotRunning) {
    m_proc.terminate();
    if (!m_proc.waitForFinished(10000)) m_proc.kill();
    m_proc.waitForFinished(2000);
  }
}

QString PrometheusProcess::binary() { return QStandardPaths::findExecutable(QStringLiteral("prometheus")); }

bool PrometheusProcess::start(const QString& configFile, const QString& storageDir, int timeoutMs) {
  m_port = freeLoopbackPort();
  m_proc.setProcessChannelMode(QProcess::MergedChannels);
  m_proc.start(binary(), {QStringLiteral("--config.file=") + configFile,
                          QStringLiteral("--storage.tsdb.path=") + storageDir,
                          QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(m_port)});
  if (!m_proc.waitForStarted(5000)) {
    m_error = QStringLiteral("prometheus did not start: ") + m_proc.errorString();
    return false;
  }
  QElapsedTimer t;
  t.start();
  while (t.elapsed() < timeoutMs && m_proc.state() == QProcess::Running) {
    if (isReady(url())) return true;
    QThread::msleep(200);
  }
  m_error = QStringLiteral("prometheus not ready after %1 ms: %2")
                .arg(t.elapsed())
                .arg(QString::fromUtf8(m_proc.readAll().right(2000)));
  return false;
}

}  // namespace routedeck::tests
