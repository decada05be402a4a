// The echo's RFC 6455 framing on its own: the handshake's accept value, the
// frame reader on every split of its input, and each protocol violation a
// server must refuse, with the close code it answers.
#include <QTest>

#include <string>

#include "proxycore/echo/websocket_frame.h"

using namespace routedeck::core::echo;

Q_DECLARE_METATYPE(std::string)

namespace {

// A client frame: masked with a fixed key, length in the smallest form
// unless `forceLength` asks for the 16-bit (126) or 64-bit (127) one.
std::string clientFrame(uint8_t first, std::string_view payload, bool masked = true, int forceLength = 0) {
  std::string out;
  out += static_cast<char>(first);
  const uint64_t n = payload.size();
  const char maskBit = masked ? static_cast<char>(0x80) : 0;
  if ((n < 126 && forceLength == 0)) {
    out += static_cast<char>(maskBit | static_cast<char>(n));
  } else if (forceLength != 127 && n <= 0xFFFF) {
    out += static_cast<char>(maskBit | 126);
    out += static_cast<char>(n >> 8);
    out += static_cast<char>(n & 0xFF);
  } else {
    out += static_cast<char>(maskBit | 127);
    for (int s = 56; s >= 0; s -= 8) out += static_cast<char>((n >> s) & 0xFF);
  }
  const unsigned char key[4] = {0x37, 0xfa, 0x21, 0x3d};
  if (masked) out.append(reinterpret_cast<const char*>(key), 4);
  for (size_t i = 0; i < payload.size(); ++i) {
    out += masked ? static_cast<char>(payload[i] ^ key[i & 3]) : payload[i];
  }
  return out;
}

}  // namespace

class TestWebSocketFrame : public QObject {
  Q_OBJECT

 private slots:
  void acceptValue() {
    // RFC 6455 section 1.3's example.
    QCOMPARE(webSocketAccept("dGhlIHNhbXBsZSBub25jZQ=="), std::string("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));
    QVERIFY(validWebSocketKey("dGhlIHNhbXBsZSBub25jZQ=="));
    QVERIFY(!validWebSocketKey("dGhlIHNhbXBsZSBub25jZQ"));   // unpadded
    QVERIFY(!validWebSocketKey("dGhlIHNhbXBsZSBub25j!!=="));  // not base64
  }

  // Three frames (a 16-bit-length binary, a ping between fragments, a text
  // in two fragments) read the same fed whole, byte by byte and in threes.
  void framesInAnySlices() {
    const std::string big(300, 'b');
    const std::string bytes = clientFrame(0x82, big) + clientFrame(0x01, "Hel") + clientFrame(0x89, "p") +
                              clientFrame(0x80, "lo") + clientFrame(0x88, std::string("\x03\xe8", 2), true, 127);
    for (size_t slice : {bytes.size(), size_t{1}, size_t{3}}) {
      WebSocketFrameReader reader(1 << 20);
      std::string seen;
      WebSocketFrame f;
      for (size_t off = 0; off < bytes.size(); off += slice) {
        reader.feed(std::string_view(bytes).substr(off, slice));
        WebSocketFrameReader::Status st;
        while ((st = reader.next(f)) == WebSocketFrameReader::Status::Frame) {
          seen += std::to_string(f.opcode) + (f.fin ? "F" : "-") + ":" +
                  (f.payload.size() > 10 ? std::to_string(f.payload.size()) : f.payload) + " ";
        }
        QVERIFY2(st == WebSocketFrameReader::Status::NeedMore, reader.errorReason().c_str());
      }
      QCOMPARE(seen, std::string("2F:300 1-:Hel 9F:p 0F:lo 8F:\x03\xe8 "));
    }
  }

  void violations_data() {
    QTest::addColumn<std::string>("bytes");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("reason");
    QTest::newRow("unmasked") << clientFrame(0x81, "x", false) << 1002 << "client frame not masked";
    QTest::newRow("rsv1") << clientFrame(0xC1, "x") << 1002 << "RSV bits set";
    QTest::newRow("opcode 3") << clientFrame(0x83, "x") << 1002 << "unknown opcode 3";
    QTest::newRow("opcode 0xB") << clientFrame(0x8B, "x") << 1002 << "unknown opcode 11";
    QTest::newRow("long ping") << clientFrame(0x89, std::string(126, 'p')) << 1002 << "control frame";
    QTest::newRow("fragmented close") << clientFrame(0x08, "") << 1002 << "control frame";
    QTest::newRow("stray continuation") << clientFrame(0x80, "x") << 1002 << "continuation frame outside";
    QTest::newRow("text inside fragments") << clientFrame(0x01, "a") + clientFrame(0x81, "b") << 1002
                                           << "new message inside";
    QTest::newRow("too big") << clientFrame(0x82, std::string(2000, 'z')) << 1009 << "frame of 2000 bytes";
    std::string topBit = clientFrame(0x82, "", true, 127);
    topBit[2] = static_cast<char>(0x80);
    QTest::newRow("64-bit top bit") << topBit << 1002 << "top bit";
  }
  void violations() {
    QFETCH(std::string, bytes);
    QFETCH(int, code);
    QFETCH(QString, reason);
    WebSocketFrameReader reader(1024);
    reader.feed(bytes);
    WebSocketFrame f;
    WebSocketFrameReader::Status st = WebSocketFrameReader::Status::Frame;
    for (int i = 0; i < 4 && st == WebSocketFrameReader::Status::Frame; ++i) {
      st = reader.next(f);
    }
    QCOMPARE(st, WebSocketFrameReader::Status::Error);
    QCOMPARE(static_cast<int>(reader.errorCode()), code);
    QVERIFY2(QString::fromStdString(reader.errorReason()).contains(reason), reader.errorReason().c_str());
    QCOMPARE(reader.next(f), WebSocketFrameReader::Status::Error);  // sticky
  }

  void serverFramesAreUnmaskedWithTheShortestLength() {
    QCOMPARE(encodeWebSocketFrame(true, 0x1, "hi"), std::string("\x81\x02hi", 4));
    const std::string mid = encodeWebSocketFrame(true, 0x2, std::string(126, 'a'));
    QCOMPARE(mid.substr(0, 4), std::string("\x82\x7e\x00\x7e", 4));
    const std::string big = encodeWebSocketFrame(false, 0x2, std::string(65536, 'a'));
    QCOMPARE(big.substr(0, 10), std::string("\x02\x7f\x00\x00\x00\x00\x00\x01\x00\x00", 10));
    QCOMPARE(big.size(), size_t{65546});
  }
};

QTEST_GUILESS_MAIN(TestWebSocketFrame)
#include "tst_websocket_frame.moc"
