#pragma once

#include <QString>
#include <QStringList>

namespace routedeck::tests {

// The shared corpus folder (ROUTEDECK_CORPUS, default ../shared/corpus), or an
// empty string when it is absent; tests then QSKIP with corpusMissingMessage().
// A loopback port nobody listened on a moment ago (bind to 0, read, close):
// workspaces name a real bind port, so routedeckd cannot be given 0.
int freeLoopbackPort();

QString corpusDir();
QString corpusMissingMessage();
// The project source folder, for resources/ and tests/data/.
QString sourceDir();
// build/bin, where routedeckd lands.
QString binDir();
// Every file under dir (recursively) whose name ends with one of suffixes, sorted.
QStringList filesUnder(const QString& dir, const QStringList& suffixes);

struct ProcessResult {
  int exitCode = -1;
  QString out;
  QString err;
};
// Runs a program to completion (bounded by timeoutMs) and captures its output.
ProcessResult run(const QString& program, const QStringList& args, int timeoutMs = 30000);

}  // namespace routedeck::tests
