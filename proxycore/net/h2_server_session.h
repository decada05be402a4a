#pragma once
// The HTTP/2 server side of one connection as a codec: bytes in, frames out,
// request streams surfaced through a Listener. No sockets and no asio, so
// the libFuzzer target can drive it with arbitrary frames.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "proxycore/net/http_message.h"

struct nghttp2_session;

namespace routedeck::core::net {

struct H2Settings {
  uint32_t maxConcurrentStreams = 128;
  // Per stream: what a client may send before the handler reads it. The
  // window reopens only as the handler consumes the body (backpressure).
  uint32_t streamWindow = 1 << 20;
  uint32_t connectionWindow = 16 << 20;
  uint32_t maxHeaderListSize = 64 << 10;
};

// One request stream, as the codec and the stream's handler share it.
struct H2StreamState {
  virtual ~H2StreamState() = default;

  int32_t id = 0;
  RequestHead head;
  Headers trailers;          // request trailers, if the client sent any
  bool headComplete = false;  // the handler may run
  bool remoteEnded = false;   // END_STREAM received: the body is complete
  bool discardBody = false;   // nobody reads the body any more: consume on arrival
  bool closed = false;        // reset or fully done; nothing more will move
  uint32_t closeError = 0;    // the RST_STREAM / GOAWAY code when closed
  size_t headerBytes = 0;
  std::string authority;  // :authority, folded into Host once the head is complete
  std::string cookie;     // cookie fields, joined with "; " for HTTP/1.1 (RFC 9113 8.2.3)

  // Request body received and not yet handed to the handler (one buffer:
  // the handler takes all of it at once, and an empty one never allocates).
  std::string bodyIn;

  // Response body staged by the handler and not yet framed by nghttp2.
  std::string out;
  size_t outOffset = 0;
  bool responseSubmitted = false;
  bool outEnded = false;  // the handler has finished the body
  bool eofSent = false;   // the last DATA (or trailers) went to nghttp2
  std::optional<Headers> outTrailers;
  uint64_t bytesIn = 0;
  uint64_t bytesOut = 0;

  size_t unsent() const { return out.size() - outOffset; }
};

class H2ServerSession {
 public:
  class Listener {
   public:
    virtual ~Listener() = default;
    virtual std::shared_ptr<H2StreamState> newStream(int32_t id) = 0;
    // The request head is complete.
    virtual void onRequest(const std::shared_ptr<H2StreamState>& stream) = 0;
    // Body data, END_STREAM, output drained or the stream closed: whoever
    // waits on the stream should look again.
    virtual void onStreamEvent(H2StreamState& stream) = 0;
  };

  H2ServerSession(Listener& listener, const H2Settings& settings);
  ~H2ServerSession();
  H2ServerSession(const H2ServerSession&) = delete;
  H2ServerSession& operator=(const H2ServerSession&) = delete;

  // Feeds bytes from the client. False on a connection error: a GOAWAY is
  // queued; send what collectOutput() gives, then close.
  bool receive(const uint8_t* data, size_t size);
  // Appends every frame ready to go out. Pulls response bodies from the
  // streams (which may then have room for more).
  void collectOutput(std::string& out);
  bool wantsRead() const;
  bool wantsWrite() const;

  // The response head. `endStream`: no body follows (HEAD, 204, a local
  // reply without content); otherwise the body is pulled from stream.out.
  void submitResponse(H2StreamState& stream, const ResponseHead& head, bool endStream);
  // The handler added to stream.out or set outEnded/outTrailers.
  void resumeData(H2StreamState& stream);
  // The handler took `n` body bytes: reopen that much flow-control window.
  void consumed(H2StreamState& stream, size_t n);
  void resetStream(H2StreamState& stream, uint32_t errorCode);
  // Graceful: no new streams past the ones already started.
  void goAway(uint32_t errorCode = 0);
  bool goingAway() const { return m_goingAway; }
  // The connection broke: mark open streams closed (all of them, or only
  // those still waiting for request bytes) and wake their handlers.
  void abandonStreams(bool onlyUnfinishedRequests);
  size_t openStreams() const { return m_streams.size(); }

 private:
  struct Callbacks;
  std::shared_ptr<H2StreamState> find(int32_t id) const;

  Listener& m_listener;
  H2Settings m_settings;
  nghttp2_session* m_session = nullptr;
  std::unordered_map<int32_t, std::shared_ptr<H2StreamState>> m_streams;
  bool m_goingAway = false;
};

// RFC 9113 error codes used outside the codec.
constexpr uint32_t kH2NoError = 0x0;
constexpr uint32_t kH2InternalError = 0x2;
constexpr uint32_t kH2RefusedStream = 0x7;
constexpr uint32_t kH2Cancel = 0x8;

}  // namespace routedeck::core::net
