#include "proxycore/echo/websocket_frame.h"

#include <openssl/evp.h>

#include <array>

namespace routedeck::core::echo {

namespace {
constexpr std::string_view kGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
}  // namespace

std::string webSocketAccept(std::string_view key) {
  std::string input(key);
  input += kGuid;
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(input.data(), input.size(), digest.data(), &length, EVP_sha1(), nullptr) != 1) {
    return {};
  }
  // 4 output characters per 3 input bytes, plus the NUL EVP_EncodeBlock writes.
  std::string out(4 * ((length + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), digest.data(),
                                static_cast<int>(length));
  out.resize(static_cast<size_t>(n));
  return out;
}

bool validWebSocketKey(std::string_view key) {
  if (key.size() != 24 || key.substr(22) != "==") {
    return false;
  }
  unsigned char decoded[24];
  // EVP_DecodeBlock keeps the padding's zero bytes: 24 characters → 18 bytes.
  return EVP_DecodeBlock(decoded, reinterpret_cast<const unsigned char*>(key.data()), 24) == 18;
}

std::string encodeWebSocketFrame(bool fin, uint8_t opcode, std::string_view payload) {
  std::string out;
  out.reserve(payload.size() + 10);
  out += static_cast<char>((fin ? 0x80 : 0) | (opcode & 0x0F));
  const uint64_t n = payload.size();
  if (n < 126) {
    out += static_cast<char>(n);
  } else if (n <= 0xFFFF) {
    out += static_cast<char>(126);
    out += static_cast<char>(n >> 8);
    out += static_cast<char>(n & 0xFF);
  } else {
    out += static_cast<char>(127);
    for (int shift = 56; shift >= 0; shift -= 8) {
      out += static_cast<char>((n >> shift) & 0xFF);
    }
  }
  out += payload;
  return out;
}

std::string closePayload(uint16_t code, std::string_view reason) {
  std::string out;
  out += static_cast<char>(code >> 8);
  out += static_cast<char>(code & 0xFF);
  out += reason.substr(0, 123);  // a control frame carries at most 125 bytes
  return out;
}

WebSocketFrameReader::Status WebSocketFrameReader::fail(uint16_t code, std::string reason) {
  m_errorCode = code;
  m_errorReason = std::move(reason);
  return Status::Error;
}

WebSocketFrameReader::Status WebSocketFrameReader::next(WebSocketFrame& out) {
  if (m_errorCode != 0) {
    return Status::Error;
  }
  if (m_pos > 0 && (m_pos == m_buf.size() || m_pos >= 64 * 1024)) {
    m_buf.erase(0, m_pos);  // read frames are dropped in bulk, not one by one
    m_pos = 0;
  }
  const auto* p = reinterpret_cast<const unsigned char*>(m_buf.data() + m_pos);
  const size_t avail = m_buf.size() - m_pos;
  if (avail < 2) {
    return Status::NeedMore;
  }
  const bool fin = (p[0] & 0x80) != 0;
  const uint8_t opcode = p[0] & 0x0F;
  if ((p[0] & 0x70) != 0) {
    return fail(ws::kProtocolError, "RSV bits set without a negotiated extension");
  }
  if ((p[1] & 0x80) == 0) {
    return fail(ws::kProtocolError, "client frame not masked");
  }
  const bool control = (opcode & 0x08) != 0;
  if (opcode > ws::kBinary && !(control && opcode <= ws::kPong)) {
    return fail(ws::kProtocolError, "unknown opcode " + std::to_string(opcode));
  }
  uint64_t length = p[1] & 0x7F;
  size_t header = 2;
  if (length == 126) {
    header = 4;
    if (avail < header) return Status::NeedMore;
    length = (uint64_t{p[2]} << 8) | p[3];
  } else if (length == 127) {
    header = 10;
    if (avail < header) return Status::NeedMore;
    length = 0;
    for (size_t i = 2; i < 10; ++i) length = (length << 8) | p[i];
    if (length >> 63) {
      return fail(ws::kProtocolError, "64-bit payload length with the top bit set");
    }
  }
  if (control && (!fin || length > 125)) {
    return fail(ws::kProtocolError, "control frame fragmented or longer than 125 bytes");
  }
  if (length > m_maxPayload) {
    return fail(ws::kMessageTooBig, "frame of " + std::to_string(length) + " bytes; the limit is " +
                                        std::to_string(m_maxPayload));
  }
  if (!control && opcode == ws::kContinuation && !m_inFragmented) {
    return fail(ws::kProtocolError, "continuation frame outside a fragmented message");
  }
  if (!control && opcode != ws::kContinuation && m_inFragmented) {
    return fail(ws::kProtocolError, "new message inside a fragmented one");
  }
  if (avail < header + 4 + length) {
    return Status::NeedMore;
  }
  if (!control) {
    m_inFragmented = !fin;  // control frames may come between fragments
  }
  const unsigned char* mask = p + header;
  const unsigned char* data = mask + 4;
  out.fin = fin;
  out.opcode = opcode;
  out.payload.resize(length);
  for (uint64_t i = 0; i < length; ++i) {
    out.payload[i] = static_cast<char>(data[i] ^ mask[i & 3]);
  }
  m_pos += header + 4 + length;
  return Status::Frame;
}

}  // namespace routedeck::core::echo
