#include "tests/proxycore/conformance_live/live_websocket.h"

#include <QJsonArray>
#include <QJsonDocument>

#include "tests/support/websocket_client.h"

namespace routedeck::tests {

using core::yaml::Node;

LiveResult runWebSocketCase(int port, const std::string& testName, const Node& request, const Node& expect) {
  if (const QString why = webSocketClientMissing(); !why.isEmpty()) {
    return {LiveResult::Kind::Skip, why.toStdString()};
  }
  const Node* ws = expect.find("websocket");
  if (!ws) {
    return {LiveResult::Kind::Skip, "WebSocket case without expect.websocket"};
  }
  auto scalar = [](const Node* n, std::string_view key, const std::string& def) {
    const Node* v = n ? n->find(key) : nullptr;
    return v && v->isScalar() ? v->text() : def;
  };
  const std::string host = scalar(&request, "host", "127.0.0.1");
  QStringList args{QString::fromStdString("ws://" + host + scalar(&request, "path", "/")), QStringLiteral("--port"),
                   QString::number(port)};
  if (const Node* h = request.find("headers"); h && h->isMap()) {
    for (const auto& e : h->entries()) {
      std::string value = e.value.text();
      if (const size_t at = value.find("<go test name>"); at != std::string::npos) {
        value.replace(at, 14, testName);
      }
      args << QStringLiteral("--header") << QString::fromStdString(e.key + ": " + value);
    }
  }
  int messages = 0;
  if (const Node* text = ws->find("textEcho")) {
    args << QStringLiteral("--text") << QString::fromStdString(text->text());
    ++messages;
  }
  if (const Node* binary = ws->find("binaryEcho"); binary && binary->isSequence()) {
    QString hex;
    for (const auto& b : binary->items()) {
      hex += QStringLiteral("%1").arg(b.asInt().value_or(0) & 0xff, 2, 16, QLatin1Char('0'));
    }
    args << QStringLiteral("--binary-hex") << hex;
    ++messages;
  }
  const QJsonObject r = runWebSocketClient(args);
  const std::string seen = QJsonDocument(r).toJson(QJsonDocument::Compact).toStdString();
  if (r.value(QStringLiteral("status")).toInt() != 101) {
    return {LiveResult::Kind::Fail, "the handshake did not switch protocols: " + seen};
  }
  const QJsonArray sent = r.value(QStringLiteral("messages")).toArray();
  bool echoed = sent.size() == messages && r.value(QStringLiteral("error")).toString().isEmpty();
  for (const auto& m : sent) {
    echoed = echoed && m.toObject().value(QStringLiteral("echoed")).toBool() &&
             m.toObject().value(QStringLiteral("sent")) == m.toObject().value(QStringLiteral("received"));
  }
  if (!echoed) {
    return {LiveResult::Kind::Fail, "the messages were not echoed unchanged: " + seen};
  }
  return {};
}

}  // namespace routedeck::tests
