#pragma once
// A real WebSocket client for live tests: tests/support/ws_client.py on
// Debian's python3-websockets, run as a child process (see its docstring for
// the arguments and the JSON it prints).
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace routedeck::tests {

// Empty when the client can run; otherwise why not (for QSKIP).
QString webSocketClientMissing();

// Runs the client with `args` (URL, --port, messages...) and returns its
// JSON result; on a crash or unparsable output, {"error": "..."} with the
// client's stderr.
QJsonObject runWebSocketClient(const QStringList& args, int timeoutMs = 60000);

}  // namespace routedeck::tests
