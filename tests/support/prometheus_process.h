#pragma once
// A real Prometheus server (Debian package `prometheus`) for tests, on its
// own loopback port and storage folder: the Debian service, if apt started
// one on :9090, is never contacted.
#include <QProcess>
#include <QString>

namespace routedeck::tests {

class PrometheusProcess {
 public:
  PrometheusProcess() = default;
  ~PrometheusProcess();
  PrometheusProcess(const PrometheusProcess&) = delete;
  PrometheusProcess& operator=(const PrometheusProcess&) = delete;

  // The binary, or empty when the package is missing (tests then QSKIP).
  static QString binary();
  // Starts with `configFile` on `storageDir` (an existing TSDB, e.g. one
  // promtool backfilled, or an empty folder) and waits, bounded, for
  // /-/ready. False with the server's output in error().
  bool start(const QString& configFile, const QString& storageDir, int timeoutMs = 30000);
  int port() const { return m_port; }
  QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_port); }
  QString error() const { return m_error; }

 private:
  QProcess m_proc;
  int m_port = 0;
  QString m_error;
};

}  // namespace routedeck::tests
