#include "tests/proxycore/proxy/raw_h2.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>

namespace routedeck::tests {

namespace {

std::string frameHeader(size_t length, uint8_t type, uint8_t flags, uint32_t stream) {
  std::string h(9, '\0');
  h[0] = static_cast<char>((length >> 16) & 0xff);
  h[1] = static_cast<char>((length >> 8) & 0xff);
  h[2] = static_cast<char>(length & 0xff);
  h[3] = static_cast<char>(type);
  h[4] = static_cast<char>(flags);
  h[5] = static_cast<char>((stream >> 24) & 0x7f);
  h[6] = static_cast<char>((stream >> 16) & 0xff);
  h[7] = static_cast<char>((stream >> 8) & 0xff);
  h[8] = static_cast<char>(stream & 0xff);
  return h;
}

// HPACK integer with a 7-bit prefix (RFC 7541 5.1), Huffman bit clear.
void appendLength(std::string& out, size_t n) {
  if (n < 127) {
    out += static_cast<char>(n);
    return;
  }
  out += static_cast<char>(127);
  n -= 127;
  while (n >= 128) {
    out += static_cast<char>((n & 0x7f) | 0x80);
    n >>= 7;
  }
  out += static_cast<char>(n);
}

}  // namespace

uint32_t H2Frame::errorCode() const {
  const size_t at = type == kH2GoAway ? 4 : 0;
  if (payload.size() < at + 4) {
    return 0xffffffff;
  }
  auto b = [&](size_t i) { return static_cast<uint32_t>(static_cast<uint8_t>(payload[at + i])); };
  return (b(0) << 24) | (b(1) << 16) | (b(2) << 8) | b(3);
}

RawH2::RawH2(int port) {
  m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(m_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(m_fd);
    m_fd = -1;
  }
}

RawH2::~RawH2() {
  if (m_fd >= 0) ::close(m_fd);
}

bool RawH2::send(const std::string& bytes) {
  size_t done = 0;
  while (m_fd >= 0 && done < bytes.size()) {
    const ssize_t n = ::send(m_fd, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return m_fd >= 0;
}

bool RawH2::start() {
  return send("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + frameHeader(0, kH2Settings, 0, 0));
}

bool RawH2::headers(uint32_t stream, const std::vector<std::pair<std::string, std::string>>& fields,
                    bool endStream) {
  std::string block;
  for (const auto& [name, value] : fields) {
    block += '\0';  // literal without indexing, new name
    appendLength(block, name.size());
    block += name;
    appendLength(block, value.size());
    block += value;
  }
  const uint8_t flags = kH2EndHeaders | (endStream ? kH2EndStream : 0);
  return send(frameHeader(block.size(), kH2Headers, flags, stream) + block);
}

bool RawH2::data(uint32_t stream, const std::string& bytes, bool endStream) {
  return send(frameHeader(bytes.size(), kH2Data, endStream ? kH2EndStream : 0, stream) + bytes);
}

bool RawH2::readFrame(H2Frame& out, int timeoutMs) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
  for (;;) {
    if (m_buf.size() >= 9) {
      const size_t len = (static_cast<size_t>(static_cast<uint8_t>(m_buf[0])) << 16) |
                         (static_cast<size_t>(static_cast<uint8_t>(m_buf[1])) << 8) |
                         static_cast<uint8_t>(m_buf[2]);
      if (m_buf.size() >= 9 + len) {
        out.type = static_cast<uint8_t>(m_buf[3]);
        out.flags = static_cast<uint8_t>(m_buf[4]);
        out.stream = (static_cast<uint32_t>(static_cast<uint8_t>(m_buf[5]) & 0x7f) << 24) |
                     (static_cast<uint32_t>(static_cast<uint8_t>(m_buf[6])) << 16) |
                     (static_cast<uint32_t>(static_cast<uint8_t>(m_buf[7])) << 8) |
                     static_cast<uint8_t>(m_buf[8]);
        out.payload = m_buf.substr(9, len);
        m_buf.erase(0, 9 + len);
        return true;
      }
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
    if (left.count() <= 0 || m_fd < 0) return false;
    pollfd p{m_fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
    char tmp[16384];
    const ssize_t n = ::recv(m_fd, tmp, sizeof tmp, 0);
    if (n <= 0) return false;
    m_buf.append(tmp, static_cast<size_t>(n));
  }
}

std::vector<H2Frame> RawH2::readUntilStreamEnds(uint32_t stream, int timeoutMs) {
  std::vector<H2Frame> frames;
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
  H2Frame f;
  while (std::chrono::steady_clock::now() < until) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
    if (!readFrame(f, static_cast<int>(left.count()) + 1)) break;
    frames.push_back(f);
    if (f.type == kH2GoAway) break;
    if (f.stream == stream && (f.type == kH2RstStream || (f.flags & kH2EndStream))) break;
  }
  return frames;
}

}  // namespace routedeck::tests
