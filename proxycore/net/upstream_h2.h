#pragma once

#include <asio/awaitable.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "proxycore/net/http_message.h"

struct nghttp2_session;

namespace routedeck::core::net {

class H2UpstreamConnection;
struct H2Callbacks;

// One request/response stream on a multiplexed h2c backend connection. Owned
// by the caller; destroying it before the response ended resets the stream
// (RST_STREAM CANCEL). Single-threaded: lives on its connection's loop.
class H2UpstreamStream {
 public:
  ~H2UpstreamStream();
  H2UpstreamStream(const H2UpstreamStream&) = delete;
  H2UpstreamStream& operator=(const H2UpstreamStream&) = delete;

  enum class Event { Head, Body, Done, Error };
  struct Step {
    Event event = Event::Error;
    std::string_view body;  // Event::Body: valid until the next next()
  };
  // Queues request body bytes (`last` ends the request, with `trailers` as a
  // trailing HEADERS frame when not empty). Returns once the queue is below
  // the high-water mark, so a slow backend window slows the client down.
  // False when the stream failed.
  asio::awaitable<bool> sendBody(std::string_view data, bool last, const Headers* trailers = nullptr);
  // Next response event: Head once (1xx responses are skipped), Body spans,
  // then Done (trailers() filled) or Error. Flow-control credit for a body
  // span is returned to the backend when next() is called again, i.e. once
  // the caller has passed the span on.
  asio::awaitable<Step> next();

  // Resets the stream (RST_STREAM CANCEL): a timeout. A waiting next() or
  // sendBody() returns Error/false.
  void cancel();
  // next() will not wait: an event is already there.
  bool hasBuffered() const { return !m_chunks.empty() || m_ended || m_failed; }

  ResponseHead& response() { return m_head; }
  const Headers& trailers() const { return m_trailers; }
  bool responseStarted() const { return m_headReady; }
  // RST_STREAM (or a connection failure) ended the stream: the HTTP/2 error
  // code (0 after a connection failure).
  uint32_t resetCode() const { return m_resetCode; }
  // The backend never processed the stream (REFUSED_STREAM, or above the
  // last-stream-id of its GOAWAY): safe to send again (RFC 9113 8.7).
  bool refused() const { return m_refused; }
  int32_t id() const { return m_id; }
  // The connection ended before the backend sent HTTP/2's SETTINGS (an
  // HTTP/1.1 server behind a port declared h2c answers 400 or just closes).
  bool peerNotHttp2() const;

 private:
  friend class H2UpstreamConnection;
  friend struct H2Callbacks;
  explicit H2UpstreamStream(std::shared_ptr<H2UpstreamConnection> conn);
  void wake();
  void fail(uint32_t code, bool refused);

  std::shared_ptr<H2UpstreamConnection> m_conn;
  asio::steady_timer m_wake;
  int32_t m_id = -1;
  // Request body queue, drained by nghttp2's data source callback.
  std::string m_out;
  size_t m_outSent = 0;
  bool m_outLast = false;
  bool m_outDeferred = false;
  Headers m_outTrailers;
  // Response side.
  ResponseHead m_head;
  Headers m_block;  // header block being received
  int m_blockStatus = 0;
  bool m_headReady = false;
  bool m_headDelivered = false;
  std::deque<std::string> m_chunks;
  std::string m_current;  // chunk handed out by the last next()
  size_t m_unconsumed = 0;
  Headers m_trailers;
  bool m_ended = false;   // END_STREAM received
  bool m_closed = false;  // nghttp2 closed the stream
  bool m_failed = false;
  bool m_refused = false;
  uint32_t m_resetCode = 0;
};

// A prior-knowledge h2c client connection to one backend endpoint carrying
// many concurrent streams. Reads and writes run on the io_context thread;
// the read loop keeps the connection alive until the backend closes it, a
// protocol error, or close().
class H2UpstreamConnection : public std::enable_shared_from_this<H2UpstreamConnection> {
 public:
  explicit H2UpstreamConnection(asio::io_context& ctx, const asio::ip::tcp::endpoint& ep);
  ~H2UpstreamConnection();

  const asio::ip::tcp::endpoint& endpoint() const { return m_endpoint; }
  // Connects and sends the preface and SETTINGS. Error: timed_out for a
  // connect timeout, otherwise the socket's error.
  asio::awaitable<std::error_code> connect(std::chrono::milliseconds timeout);
  // Opens a stream: request head (lower-cased, connection-specific fields
  // must already be gone), `hasBody` false sends END_STREAM with the head.
  // Null when the connection cannot take streams any more.
  std::unique_ptr<H2UpstreamStream> open(const RequestHead& head, std::string_view scheme,
                                         std::string_view authority, std::string_view path,
                                         bool hasBody);

  // Usable for a new stream: connected or connecting, no GOAWAY, not failed.
  bool accepting() const;
  // Streams it may still open under the backend's MAX_CONCURRENT_STREAMS.
  size_t capacity() const;
  size_t activeStreams() const { return m_streams.size() + m_reserved; }
  bool dead() const { return m_dead; }
  bool goawayReceived() const { return m_goaway; }
  void close();

 private:
  friend class H2UpstreamStream;
  friend class H2UpstreamPool;
  friend struct H2Callbacks;
  asio::awaitable<void> readLoop();
  asio::awaitable<void> writeLoop();
  void signalWrite();
  void fail();

  asio::io_context& m_ctx;
  asio::ip::tcp::socket m_socket;
  asio::ip::tcp::endpoint m_endpoint;
  nghttp2_session* m_session = nullptr;
  std::unordered_map<int32_t, H2UpstreamStream*> m_streams;
  size_t m_reserved = 0;  // streams promised to callers waiting for connect
  std::chrono::steady_clock::time_point m_lastOpened = std::chrono::steady_clock::now();
  std::vector<char> m_in;
  std::string m_outBuf;
  asio::steady_timer m_ready;  // cancelled when connect() finished
  bool m_connecting = true;
  bool m_connectFailed = false;
  bool m_writing = false;
  bool m_goaway = false;
  bool m_dead = false;
  bool m_settingsReceived = false;
  bool m_protocolError = false;  // ended without the peer's SETTINGS
};

// Per-worker h2c connections by endpoint: a request takes a stream on a live
// connection with capacity left, or opens another connection. Dead and
// drained (GOAWAY) connections are dropped. Not thread-safe.
class H2UpstreamPool {
 public:
  // A connection with no stream for `maxIdle` is closed when its endpoint
  // is next asked for (as the HTTP/1.1 pool drops its stale idle ones).
  explicit H2UpstreamPool(asio::io_context& ctx,
                          std::chrono::seconds maxIdle = std::chrono::seconds(60))
      : m_ctx(ctx), m_maxIdle(maxIdle) {}

  struct Acquired {
    std::error_code error;  // timed_out for a connect timeout
    std::shared_ptr<H2UpstreamConnection> conn;
    bool reused = false;  // an existing connection (possibly still connecting)
  };
  // A connection with a free stream slot, reserved for the caller until it
  // calls H2UpstreamConnection::open() (or drops the result).
  asio::awaitable<Acquired> acquire(const asio::ip::tcp::endpoint& ep,
                                    std::chrono::milliseconds connectTimeout);
  size_t connectionCount() const;

 private:
  asio::io_context& m_ctx;
  std::chrono::seconds m_maxIdle;
  std::unordered_map<std::string, std::vector<std::shared_ptr<H2UpstreamConnection>>> m_conns;
};

}  // namespace routedeck::core::net
