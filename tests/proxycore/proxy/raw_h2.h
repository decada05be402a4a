#pragma once
// A deliberately naive HTTP/2 client for hostile-input tests: it writes the
// frames it is told to (literal HPACK fields, any names, any lengths), which
// a real client library refuses to do, and reads back the raw frames.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace routedeck::tests {

struct H2Frame {
  uint8_t type = 0;
  uint8_t flags = 0;
  uint32_t stream = 0;
  std::string payload;
  // RST_STREAM / GOAWAY error code.
  uint32_t errorCode() const;
};

constexpr uint8_t kH2Data = 0x0, kH2Headers = 0x1, kH2RstStream = 0x3, kH2Settings = 0x4,
                  kH2GoAway = 0x7;
constexpr uint8_t kH2EndStream = 0x1, kH2EndHeaders = 0x4;

class RawH2 {
 public:
  explicit RawH2(int port);
  ~RawH2();
  RawH2(const RawH2&) = delete;
  RawH2& operator=(const RawH2&) = delete;
  bool connected() const { return m_fd >= 0; }

  // Connection preface and an empty SETTINGS frame.
  bool start();
  // A HEADERS frame of literal fields (no Huffman, no indexing).
  bool headers(uint32_t stream, const std::vector<std::pair<std::string, std::string>>& fields,
               bool endStream);
  bool data(uint32_t stream, const std::string& bytes, bool endStream);
  // Frames received until one on `stream` ends it (END_STREAM or
  // RST_STREAM), a GOAWAY arrives, the peer closes, or timeoutMs passes.
  std::vector<H2Frame> readUntilStreamEnds(uint32_t stream, int timeoutMs = 5000);

 private:
  bool send(const std::string& bytes);
  bool readFrame(H2Frame& out, int timeoutMs);
  int m_fd = -1;
  std::string m_buf;
};

}  // namespace routedeck::tests
