#pragma once
// RFC 6455 framing for the echo backend's /ws: the opening handshake's
// accept value, a reader for client frames and the writer for server frames.

#include <cstdint>
#include <string>
#include <string_view>

namespace routedeck::core::echo {

namespace ws {
inline constexpr uint8_t kContinuation = 0x0;
inline constexpr uint8_t kText = 0x1;
inline constexpr uint8_t kBinary = 0x2;
inline constexpr uint8_t kClose = 0x8;
inline constexpr uint8_t kPing = 0x9;
inline constexpr uint8_t kPong = 0xA;
// Close codes (RFC 6455 7.4.1).
inline constexpr uint16_t kNormalClosure = 1000;
inline constexpr uint16_t kProtocolError = 1002;
inline constexpr uint16_t kMessageTooBig = 1009;
}  // namespace ws

// Sec-WebSocket-Accept for a Sec-WebSocket-Key: base64(SHA-1(key + GUID)).
std::string webSocketAccept(std::string_view key);
// A syntactically valid Sec-WebSocket-Key: base64 of 16 bytes.
bool validWebSocketKey(std::string_view key);

struct WebSocketFrame {
  bool fin = true;
  uint8_t opcode = ws::kText;
  std::string payload;  // unmasked
};

// A server-to-client frame (never masked).
std::string encodeWebSocketFrame(bool fin, uint8_t opcode, std::string_view payload);
// A close frame's payload: the code, then the UTF-8 reason.
std::string closePayload(uint16_t code, std::string_view reason);

// Reads client-to-server frames from bytes fed in any slices. Enforces what a
// server must (RFC 6455 5.1-5.5): frames masked, no RSV bits (no extension is
// negotiated), known opcodes, control frames unfragmented and at most 125
// bytes, continuation only inside a fragmented message, a payload bound.
// UTF-8 of text frames is not checked: the echo returns the bytes it got.
class WebSocketFrameReader {
 public:
  enum class Status { NeedMore, Frame, Error };
  explicit WebSocketFrameReader(uint64_t maxPayload) : m_maxPayload(maxPayload) {}

  void feed(std::string_view data) { m_buf.append(data); }
  // The next complete frame into `out`. After Error, errorCode() and
  // errorReason() say what to close with; the reader stays in error.
  Status next(WebSocketFrame& out);
  uint16_t errorCode() const { return m_errorCode; }
  const std::string& errorReason() const { return m_errorReason; }

 private:
  Status fail(uint16_t code, std::string reason);
  std::string m_buf;
  size_t m_pos = 0;
  uint64_t m_maxPayload;
  bool m_inFragmented = false;
  uint16_t m_errorCode = 0;
  std::string m_errorReason;
};

}  // namespace routedeck::core::echo
