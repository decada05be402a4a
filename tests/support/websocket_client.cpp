#include "tests/support/websocket_client.h"

#include <QFile>
#include <QJsonDocument>

#include "tests/support/test_support.h"

namespace routedeck::tests {

namespace {
// Debian's interpreter, where python3-websockets lives (a python3 earlier in
// PATH, e.g. pyenv's, does not see Debian's packages).
const QString kPython = QStringLiteral("/usr/bin/python3");

QString script() { return sourceDir() + QStringLiteral("/tests/support/ws_client.py"); }
}  // namespace

QString webSocketClientMissing() {
  if (!QFile::exists(kPython)) {
    return QStringLiteral("%1 is missing (bash packaging/setup-debian.sh installs python3)").arg(kPython);
  }
  const ProcessResult r = run(kPython, {QStringLiteral("-c"), QStringLiteral("import websockets")}, 15000);
  if (r.exitCode != 0) {
    return QStringLiteral("python3-websockets is not installed (bash packaging/setup-debian.sh installs it)");
  }
  return {};
}

QJsonObject runWebSocketClient(const QStringList& args, int timeoutMs) {
  const ProcessResult r = run(kPython, QStringList{script()} + args, timeoutMs);
  const QJsonDocument doc = QJsonDocument::fromJson(r.out.trimmed().toUtf8());
  if (r.exitCode != 0 || !doc.isObject()) {
    return QJsonObject{{QStringLiteral("error"),
                        QStringLiteral("ws_client.py exit %1: %2 %3").arg(r.exitCode).arg(r.out, r.err)}};
  }
  return doc.object();
}

}  // namespace routedeck::tests
