#include "tests/support/test_support.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <mutex>
#include <set>

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QProcess>

namespace routedeck::tests {

namespace {
// The kernel may hand the same ephemeral port to two bind(0) calls in a row
// once the first socket is closed; a test asking twice needs two ports.
int pickLoopbackPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  int port = 0;
  if (fd >= 0 && ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  if (fd >= 0) {
    ::close(fd);
  }
  return port;
}
}  // namespace

int freeLoopbackPort() {
  static std::mutex mutex;
  static std::set<int> given;
  std::lock_guard lock(mutex);
  for (int attempt = 0; attempt < 64; ++attempt) {
    const int port = pickLoopbackPort();
    if (port > 0 && given.insert(port).second) {
      return port;
    }
  }
  return 0;
}

QString corpusDir() {
  QString dir = qEnvironmentVariable("ROUTEDECK_CORPUS");
  if (dir.isEmpty()) {
    dir = QStringLiteral(RD_CORPUS_DEFAULT);
  }
  QFileInfo info(dir);
  return info.isDir() ? info.canonicalFilePath() : QString();
}

QString corpusMissingMessage() {
  return QStringLiteral("shared corpus not found: set ROUTEDECK_CORPUS (default ../shared/corpus)");
}

QString sourceDir() { return QStringLiteral(RD_SOURCE_DIR); }

QString binDir() {
  QString dir = qEnvironmentVariable("ROUTEDECK_BIN_DIR");
  return dir.isEmpty() ? QStringLiteral(RD_BINARY_DIR "/bin") : dir;
}

QStringList filesUnder(const QString& dir, const QStringList& suffixes) {
  QStringList out;
  QDirIterator it(dir, QDir::Files, QDirIterator::Subdirectories);
  while (it.hasNext()) {
    QString f = it.next();
    for (const auto& s : suffixes) {
      if (f.endsWith(s)) {
        out << f;
        break;
      }
    }
  }
  out.sort();
  return out;
}

ProcessResult run(const QString& program, const QStringList& args, int timeoutMs) {
  QProcess p;
  p.start(program, args);
  ProcessResult r;
  if (!p.waitForStarted(timeoutMs)) {
    r.err = QStringLiteral("failed to start ") + program;
    return r;
  }
  p.closeWriteChannel();
  if (!p.waitForFinished(timeoutMs)) {
    p.kill();
    p.waitForFinished(1000);
    r.err = QStringLiteral("timed out: ") + program;
    return r;
  }
  r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
  r.out = QString::fromUtf8(p.readAllStandardOutput());
  r.err = QString::fromUtf8(p.readAllStandardError());
  return r;
}

}  // namespace routedeck::tests
