#include "tests/support/live_process.h"

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <QElapsedTimer>

#include "tests/support/test_support.h"

namespace routedeck::tests {

LiveProcess::~LiveProcess() { stop(); }

bool LiveProcess::start(const QStringList& args, int readyLines, int timeoutMs) {
  m_listening.clear();
  m_error.clear();
  m_stderr.clear();
  m_proc = std::make_unique<QProcess>();
  m_proc->setProgram(binDir() + QStringLiteral("/routedeckd"));
  m_proc->setArguments(args);
  m_proc->start();
  if (!m_proc->waitForStarted(timeoutMs)) {
    m_error = QStringLiteral("cannot start routedeckd: ") + m_proc->errorString();
    return false;
  }
  QElapsedTimer timer;
  timer.start();
  QByteArray pending;
  while (m_listening.size() < readyLines && timer.elapsed() < timeoutMs) {
    if (m_proc->state() != QProcess::Running) {
      break;
    }
    m_proc->waitForReadyRead(100);
    pending += m_proc->readAllStandardOutput();
    int nl;
    while ((nl = pending.indexOf('\n')) >= 0) {
      QString line = QString::fromUtf8(pending.left(nl));
      pending.remove(0, nl + 1);
      if (line.startsWith(QStringLiteral("listening "))) {
        m_listening << line;
      }
    }
  }
  if (m_listening.size() < readyLines) {
    m_error = QStringLiteral("routedeckd %1 did not get ready: %2")
                  .arg(args.join(QLatin1Char(' ')), stderrText());
    kill();
    return false;
  }
  return true;
}

QString LiveProcess::stderrText() {
  if (m_proc) {
    m_stderr += QString::fromUtf8(m_proc->readAllStandardError());
  }
  return m_stderr;
}

void LiveProcess::signal(int sig) {
  if (m_proc && m_proc->state() == QProcess::Running) {
    ::kill(static_cast<pid_t>(m_proc->processId()), sig);
  }
}

bool LiveProcess::running() const { return m_proc && m_proc->state() == QProcess::Running; }

void LiveProcess::stop(int graceMs) {
  if (!m_proc) {
    return;
  }
  if (m_proc->state() == QProcess::Running) {
    m_proc->terminate();
    if (!m_proc->waitForFinished(graceMs)) {
      m_proc->kill();
      m_proc->waitForFinished(2000);
    }
  }
  stderrText();
  m_proc.reset();
}

void LiveProcess::kill() {
  if (m_proc && m_proc->state() == QProcess::Running) {
    m_proc->kill();
    m_proc->waitForFinished(2000);
  }
}

}  // namespace routedeck::tests
