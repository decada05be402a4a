#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>
#include <memory>

#include "tests/support/test_support.h"

namespace routedeck::tests {

// A routedeckd child process (serve or echo) that a test starts and stops.
// Ready once it has printed `count` "listening ..." lines on stdout.
class LiveProcess {
 public:
  LiveProcess() = default;
  ~LiveProcess();
  LiveProcess(const LiveProcess&) = delete;
  LiveProcess& operator=(const LiveProcess&) = delete;

  // Starts build/bin/routedeckd with args; false (with the child's stderr in
  // error()) when it exits or does not get ready within timeoutMs.
  bool start(const QStringList& args, int readyLines, int timeoutMs = 10000);
  // SIGTERM, then SIGKILL after a grace period.
  void stop(int graceMs = 3000);
  void kill();
  // Sends a signal (e.g. SIGHUP to reload).
  void signal(int sig);
  bool running() const;
  QStringList listeningLines() const { return m_listening; }
  QString error() const { return m_error; }
  // Everything the child wrote on stderr so far.
  QString stderrText();

 private:
  std::unique_ptr<QProcess> m_proc;
  QStringList m_listening;
  QString m_error;
  QString m_stderr;
};

}  // namespace routedeck::tests
