#include "proxycore/echo/websocket_echo.h"

#include "proxycore/echo/websocket_frame.h"

namespace routedeck::core::echo {

namespace {

// Larger frames are refused with 1009 rather than buffered without bound.
constexpr uint64_t kMaxFramePayload = 16 * 1024 * 1024;

// The close code to answer with: the client's own, unless it is one that
// must not be sent on the wire (RFC 6455 7.4.1: 1005, 1006, 1015, < 1000).
uint16_t replyCode(const std::string& payload) {
  if (payload.size() < 2) {
    return ws::kNormalClosure;  // a close without a code is answered with 1000
  }
  const auto code = static_cast<uint16_t>((static_cast<unsigned char>(payload[0]) << 8) |
                                          static_cast<unsigned char>(payload[1]));
  const bool sendable = (code >= 1000 && code <= 1014 && code != 1005 && code != 1006) ||
                        (code >= 3000 && code <= 4999);
  return sendable ? code : ws::kProtocolError;
}

// The 101, or a refusal (with its reason in the body). False: refused.
asio::awaitable<bool> handshake(net::ServerExchange& ex) {
  const net::RequestHead& req = ex.request();
  const std::string* version = req.headers.find("sec-websocket-version");
  const std::string* key = req.headers.find("sec-websocket-key");
  if (req.method != "GET") {
    co_await ex.respond(400, {}, "a WebSocket handshake is a GET request\n");
    co_return false;
  }
  if (!version || *version != "13") {
    net::Headers h;
    h.add("sec-websocket-version", "13");
    co_await ex.respond(426, std::move(h), "Sec-WebSocket-Version must be 13\n");
    co_return false;
  }
  if (!key || !validWebSocketKey(*key)) {
    co_await ex.respond(400, {}, "Sec-WebSocket-Key must be the base64 of 16 bytes\n");
    co_return false;
  }
  net::ResponseHead head;
  head.status = 101;
  head.framing = net::BodyFraming::None;
  head.headers.add("upgrade", "websocket");
  head.headers.add("sec-websocket-accept", webSocketAccept(*key));
  ex.startResponse(head);
  co_return true;
}

}  // namespace

asio::awaitable<void> serveWebSocketEcho(net::ServerExchange& ex) {
  if (!co_await handshake(ex)) {
    co_return;
  }
  WebSocketFrameReader reader(kMaxFramePayload);
  WebSocketFrame frame;
  // The 101 head leaves with the first write; a client may send before it.
  if (!co_await ex.writeUpgraded({})) {
    co_return;
  }
  for (;;) {
    auto status = reader.next(frame);
    if (status == WebSocketFrameReader::Status::NeedMore) {
      const std::string_view data = co_await ex.readUpgraded();
      if (data.empty()) {
        co_return;  // the client went away without a close frame
      }
      reader.feed(data);
      continue;
    }
    if (status == WebSocketFrameReader::Status::Error) {
      const std::string close = encodeWebSocketFrame(
          true, ws::kClose, closePayload(reader.errorCode(), reader.errorReason()));
      co_await ex.writeUpgraded(close);
      co_return;
    }
    std::string reply;
    switch (frame.opcode) {
      case ws::kPing: reply = encodeWebSocketFrame(true, ws::kPong, frame.payload); break;
      case ws::kPong: continue;
      case ws::kClose:
        reply = encodeWebSocketFrame(true, ws::kClose, closePayload(replyCode(frame.payload), {}));
        co_await ex.writeUpgraded(reply);
        co_return;  // the server closes the TCP connection first (RFC 6455 7.1.1)
      default: reply = encodeWebSocketFrame(frame.fin, frame.opcode, frame.payload); break;
    }
    if (!co_await ex.writeUpgraded(reply)) {
      co_return;
    }
  }
}

}  // namespace routedeck::core::echo
