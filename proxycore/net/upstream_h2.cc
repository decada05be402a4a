#include "proxycore/net/upstream_h2.h"

#include <nghttp2/nghttp2.h>

#include <algorithm>
#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/write.hpp>
#include <cstring>

#include "proxycore/net/asio_tuple.h"
#include "proxycore/net/deadline.h"

namespace routedeck::core::net {

namespace {

constexpr size_t kReadBuffer = 32 * 1024;
// Request body bytes queued per stream before sendBody() waits for the
// backend's window: enough to keep a DATA frame in flight, no more.
constexpr size_t kSendHighWater = 64 * 1024;
// Our receive windows. The stream window bounds what one slow client can
// leave buffered in the proxy; the connection window is larger so that one
// such stream does not stall the others multiplexed with it.
constexpr int32_t kStreamWindow = 256 * 1024;
constexpr int32_t kConnectionWindow = 16 * 1024 * 1024;

nghttp2_nv nv(std::string_view name, std::string_view value) {
  return {reinterpret_cast<uint8_t*>(const_cast<char*>(name.data())),
          reinterpret_cast<uint8_t*>(const_cast<char*>(value.data())), name.size(), value.size(),
          NGHTTP2_NV_FLAG_NONE};
}

H2UpstreamStream* streamOf(nghttp2_session* s, int32_t id) {
  return static_cast<H2UpstreamStream*>(nghttp2_session_get_stream_user_data(s, id));
}

}  // namespace

// nghttp2's callbacks, friends of the connection and its streams.
struct H2Callbacks {
  static int beginHeaders(nghttp2_session* s, const nghttp2_frame* f, void*) {
    if (H2UpstreamStream* st = streamOf(s, f->hd.stream_id)) {
      st->m_block.clear();
      st->m_blockStatus = 0;
    }
    return 0;
  }

  static int header(nghttp2_session* s, const nghttp2_frame* f, const uint8_t* name, size_t nlen,
                    const uint8_t* value, size_t vlen, uint8_t, void*) {
    H2UpstreamStream* st = streamOf(s, f->hd.stream_id);
    if (!st) return 0;
    std::string_view n(reinterpret_cast<const char*>(name), nlen);
    std::string_view v(reinterpret_cast<const char*>(value), vlen);
    if (n == ":status") {
      int status = 0;
      for (char c : v) status = status * 10 + (c - '0');
      st->m_blockStatus = status;
    } else if (n.empty() || n.front() != ':') {
      st->m_block.add(std::string(n), std::string(v));
    }
    return 0;
  }

  static int frameRecv(nghttp2_session* s, const nghttp2_frame* f, void* user) {
    auto* conn = static_cast<H2UpstreamConnection*>(user);
    if (f->hd.type == NGHTTP2_SETTINGS) {
      conn->m_settingsReceived = true;
      return 0;
    }
    if (f->hd.type == NGHTTP2_GOAWAY) {
      // nghttp2 closes our streams above last-stream-id with REFUSED_STREAM;
      // the ones below finish normally. No new stream goes here.
      conn->m_goaway = true;
      return 0;
    }
    H2UpstreamStream* st = streamOf(s, f->hd.stream_id);
    if (!st) return 0;
    const bool endStream = f->hd.flags & NGHTTP2_FLAG_END_STREAM;
    if (f->hd.type == NGHTTP2_HEADERS) {
      if (!st->m_headReady) {
        if (st->m_blockStatus >= 100 && st->m_blockStatus < 200) {
          st->m_block.clear();  // interim response: wait for the final one
          return 0;
        }
        ResponseHead& h = st->m_head;
        h.status = st->m_blockStatus;
        h.headers.all().swap(st->m_block.all());
        st->m_block.clear();
        const std::string* cl = h.headers.find("content-length");
        if (cl && !cl->empty() && std::all_of(cl->begin(), cl->end(), ::isdigit)) {
          h.framing = BodyFraming::ContentLength;
          h.contentLength = std::stoull(*cl);
        } else if (endStream) {
          h.framing = BodyFraming::ContentLength;
          h.contentLength = 0;
        } else {
          h.framing = BodyFraming::Chunked;  // length unknown
        }
        st->m_headReady = true;
      } else {
        st->m_trailers.all().swap(st->m_block.all());
      }
    }
    if ((f->hd.type == NGHTTP2_HEADERS || f->hd.type == NGHTTP2_DATA) && endStream) {
      st->m_ended = true;
    }
    st->wake();
    return 0;
  }

  static int dataChunk(nghttp2_session* s, uint8_t, int32_t id, const uint8_t* data, size_t len,
                       void*) {
    H2UpstreamStream* st = streamOf(s, id);
    if (!st) {
      // Its owner is gone: give the connection window back at once.
      nghttp2_session_consume(s, id, len);
      return 0;
    }
    st->m_chunks.emplace_back(reinterpret_cast<const char*>(data), len);
    st->m_unconsumed += len;
    st->wake();
    return 0;
  }

  static int streamClose(nghttp2_session* s, int32_t id, uint32_t code, void* user) {
    auto* conn = static_cast<H2UpstreamConnection*>(user);
    conn->m_streams.erase(id);
    H2UpstreamStream* st = streamOf(s, id);
    if (!st) return 0;
    st->m_closed = true;
    if (!st->m_ended) {
      st->fail(code, code == NGHTTP2_REFUSED_STREAM);
    }
    st->wake();
    return 0;
  }

  static ssize_t readBody(nghttp2_session* s, int32_t id, uint8_t* buf, size_t length,
                          uint32_t* flags, nghttp2_data_source*, void*) {
    H2UpstreamStream* st = streamOf(s, id);
    if (!st) {
      return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;  // resets the orphan stream
    }
    const size_t n = std::min(length, st->m_out.size() - st->m_outSent);
    std::memcpy(buf, st->m_out.data() + st->m_outSent, n);
    st->m_outSent += n;
    if (st->m_outSent == st->m_out.size()) {
      st->m_out.clear();
      st->m_outSent = 0;
      if (st->m_outLast) {
        *flags |= NGHTTP2_DATA_FLAG_EOF;
        if (st->m_outTrailers.size() > 0) {
          std::vector<nghttp2_nv> nva;
          for (const auto& h : st->m_outTrailers.all()) nva.push_back(nv(h.name, h.value));
          if (nghttp2_submit_trailer(s, id, nva.data(), nva.size()) == 0) {
            *flags |= NGHTTP2_DATA_FLAG_NO_END_STREAM;
          }
        }
      } else if (n == 0) {
        st->m_outDeferred = true;
        return NGHTTP2_ERR_DEFERRED;
      }
    }
    st->wake();  // a sender waiting for room
    return static_cast<ssize_t>(n);
  }
};

H2UpstreamStream::H2UpstreamStream(std::shared_ptr<H2UpstreamConnection> conn)
    : m_conn(std::move(conn)), m_wake(m_conn->m_ctx) {}

H2UpstreamStream::~H2UpstreamStream() {
  nghttp2_session* s = m_conn->m_session;
  if (m_id > 0 && s) {
    nghttp2_session_set_stream_user_data(s, m_id, nullptr);
    if (m_unconsumed > 0) {
      nghttp2_session_consume(s, m_id, m_unconsumed);
    }
    if (!m_closed && !m_conn->m_dead) {
      m_conn->m_streams.erase(m_id);
      nghttp2_submit_rst_stream(s, NGHTTP2_FLAG_NONE, m_id, NGHTTP2_CANCEL);
    }
    m_conn->signalWrite();
  }
}

void H2UpstreamStream::wake() { m_wake.cancel(); }

bool H2UpstreamStream::peerNotHttp2() const {
  return m_conn->m_protocolError && !m_conn->m_settingsReceived;
}

void H2UpstreamStream::cancel() {
  if (m_closed || m_failed) return;
  if (!m_conn->m_dead) {
    m_conn->m_streams.erase(m_id);
    nghttp2_session_set_stream_user_data(m_conn->m_session, m_id, nullptr);
    nghttp2_submit_rst_stream(m_conn->m_session, NGHTTP2_FLAG_NONE, m_id, NGHTTP2_CANCEL);
    m_conn->signalWrite();
  }
  m_closed = true;
  fail(NGHTTP2_CANCEL, false);
}

void H2UpstreamStream::fail(uint32_t code, bool refused) {
  if (m_failed) return;
  m_failed = true;
  m_resetCode = code;
  m_refused = refused;
  wake();
}

asio::awaitable<bool> H2UpstreamStream::sendBody(std::string_view data, bool last,
                                                 const Headers* trailers) {
  if (m_failed) co_return false;
  if (m_closed || m_outLast) co_return true;  // the backend already answered in full
  m_out.append(data);
  m_outLast = last;
  if (last && trailers) {
    for (const auto& h : trailers->all()) {
      std::string name = h.name;
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      m_outTrailers.add(std::move(name), h.value);
    }
  }
  if (m_outDeferred) {
    m_outDeferred = false;
    nghttp2_session_resume_data(m_conn->m_session, m_id);
  }
  m_conn->signalWrite();
  while (m_out.size() - m_outSent > kSendHighWater && !m_failed && !m_closed) {
    m_wake.expires_at(asio::steady_timer::time_point::max());
    co_await m_wake.async_wait(kTuple);
  }
  co_return !m_failed;
}

asio::awaitable<H2UpstreamStream::Step> H2UpstreamStream::next() {
  if (!m_current.empty()) {
    m_unconsumed -= m_current.size();
    if (!m_conn->m_dead) {
      nghttp2_session_consume(m_conn->m_session, m_id, m_current.size());
      m_conn->signalWrite();
    }
    m_current.clear();
  }
  for (;;) {
    if (m_headReady && !m_headDelivered) {
      m_headDelivered = true;
      co_return Step{Event::Head, {}};
    }
    if (m_failed) co_return Step{Event::Error, {}};
    if (!m_chunks.empty()) {
      m_current = std::move(m_chunks.front());
      m_chunks.pop_front();
      co_return Step{Event::Body, m_current};
    }
    if (m_ended) co_return Step{Event::Done, {}};
    m_wake.expires_at(asio::steady_timer::time_point::max());
    co_await m_wake.async_wait(kTuple);
  }
}

H2UpstreamConnection::H2UpstreamConnection(asio::io_context& ctx, const asio::ip::tcp::endpoint& ep)
    : m_ctx(ctx), m_socket(ctx), m_endpoint(ep), m_ready(ctx) {
  m_in.resize(kReadBuffer);
  // Never re-armed: waiters only wait, connect() cancels them all at once.
  m_ready.expires_at(asio::steady_timer::time_point::max());
  nghttp2_session_callbacks* cb = nullptr;
  nghttp2_session_callbacks_new(&cb);
  nghttp2_session_callbacks_set_on_begin_headers_callback(cb, &H2Callbacks::beginHeaders);
  nghttp2_session_callbacks_set_on_header_callback(cb, &H2Callbacks::header);
  nghttp2_session_callbacks_set_on_frame_recv_callback(cb, &H2Callbacks::frameRecv);
  nghttp2_session_callbacks_set_on_data_chunk_recv_callback(cb, &H2Callbacks::dataChunk);
  nghttp2_session_callbacks_set_on_stream_close_callback(cb, &H2Callbacks::streamClose);
  nghttp2_option* opt = nullptr;
  nghttp2_option_new(&opt);
  nghttp2_option_set_no_auto_window_update(opt, 1);
  nghttp2_session_client_new2(&m_session, cb, this, opt);
  nghttp2_option_del(opt);
  nghttp2_session_callbacks_del(cb);
  const nghttp2_settings_entry settings[] = {
      {NGHTTP2_SETTINGS_ENABLE_PUSH, 0},
      {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, kStreamWindow},
  };
  nghttp2_submit_settings(m_session, NGHTTP2_FLAG_NONE, settings, std::size(settings));
  nghttp2_session_set_local_window_size(m_session, NGHTTP2_FLAG_NONE, 0, kConnectionWindow);
}

H2UpstreamConnection::~H2UpstreamConnection() { nghttp2_session_del(m_session); }

asio::awaitable<std::error_code> H2UpstreamConnection::connect(std::chrono::milliseconds timeout) {
  Deadline deadline(m_ctx.get_executor());
  deadline.arm(timeout, [this] {
    std::error_code ignored;
    m_socket.close(ignored);
  });
  auto [ec] = co_await m_socket.async_connect(m_endpoint, kTuple);
  deadline.disarm();
  m_connecting = false;
  m_ready.cancel();
  if (ec) {
    m_connectFailed = true;
    m_dead = true;
    co_return deadline.expired() ? std::make_error_code(std::errc::timed_out) : ec;
  }
  std::error_code ignored;
  m_socket.set_option(asio::ip::tcp::no_delay(true), ignored);
  asio::co_spawn(m_ctx, [self = shared_from_this()]() { return self->readLoop(); }, asio::detached);
  signalWrite();  // preface + SETTINGS, and requests submitted meanwhile
  co_return std::error_code{};
}

bool H2UpstreamConnection::accepting() const {
  return !m_dead && !m_goaway && (m_connecting || nghttp2_session_check_request_allowed(m_session));
}

size_t H2UpstreamConnection::capacity() const {
  // Before the backend's SETTINGS arrive nghttp2 assumes 100 (RFC 9113
  // recommends no less), then the advertised value.
  const uint32_t max =
      nghttp2_session_get_remote_settings(m_session, NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS);
  const size_t active = activeStreams();
  return max > active ? max - active : 0;
}

std::unique_ptr<H2UpstreamStream> H2UpstreamConnection::open(const RequestHead& head,
                                                             std::string_view scheme,
                                                             std::string_view authority,
                                                             std::string_view path, bool hasBody) {
  if (m_dead || m_goaway) return nullptr;
  std::vector<nghttp2_nv> nva;
  nva.reserve(head.headers.size() + 4);
  nva.push_back(nv(":method", head.method));
  nva.push_back(nv(":scheme", scheme));
  nva.push_back(nv(":authority", authority));
  nva.push_back(nv(":path", path));
  for (const auto& h : head.headers.all()) {
    nva.push_back(nv(h.name, h.value));
  }
  std::unique_ptr<H2UpstreamStream> st(new H2UpstreamStream(shared_from_this()));
  nghttp2_data_provider provider{};
  provider.read_callback = &H2Callbacks::readBody;
  const int32_t id = nghttp2_submit_request(m_session, nullptr, nva.data(), nva.size(),
                                            hasBody ? &provider : nullptr, st.get());
  if (id < 0) return nullptr;
  st->m_id = id;
  m_lastOpened = std::chrono::steady_clock::now();
  if (!hasBody) st->m_outLast = true;
  m_streams[id] = st.get();
  signalWrite();
  return st;
}

void H2UpstreamConnection::close() {
  std::error_code ignored;
  m_socket.close(ignored);
  fail();
}

void H2UpstreamConnection::fail() {
  if (m_dead && m_streams.empty()) return;
  m_dead = true;
  auto streams = std::move(m_streams);
  m_streams.clear();
  for (auto& [id, st] : streams) {
    st->m_closed = true;
    st->fail(0, false);
  }
}

void H2UpstreamConnection::signalWrite() {
  if (m_writing || m_connecting || m_dead) return;
  m_writing = true;
  asio::co_spawn(m_ctx, [self = shared_from_this()]() { return self->writeLoop(); }, asio::detached);
}

asio::awaitable<void> H2UpstreamConnection::writeLoop() {
  for (;;) {
    m_outBuf.clear();
    while (m_outBuf.size() < 64 * 1024) {
      const uint8_t* data = nullptr;
      const ssize_t n = nghttp2_session_mem_send(m_session, &data);
      if (n < 0) {
        m_writing = false;
        close();
        co_return;
      }
      if (n == 0) break;
      m_outBuf.append(reinterpret_cast<const char*>(data), static_cast<size_t>(n));
    }
    if (m_outBuf.empty() || m_dead) break;
    auto [ec, written] = co_await asio::async_write(m_socket, asio::buffer(m_outBuf), kTuple);
    if (ec) {
      m_writing = false;
      close();
      co_return;
    }
  }
  m_writing = false;
  if (!nghttp2_session_want_read(m_session) && !nghttp2_session_want_write(m_session)) {
    close();  // GOAWAY exchanged and every stream done
  }
}

asio::awaitable<void> H2UpstreamConnection::readLoop() {
  for (;;) {
    auto [ec, n] = co_await m_socket.async_read_some(asio::buffer(m_in), kTuple);
    if (ec || n == 0) break;
    const ssize_t rv =
        nghttp2_session_mem_recv(m_session, reinterpret_cast<const uint8_t*>(m_in.data()), n);
    if (rv < 0) break;  // a protocol error: nghttp2 queued GOAWAY, but the streams are lost
    signalWrite();
  }
  // An HTTP/2 server's first frame is SETTINGS; a connection that ended
  // without one (closed, or answered in another protocol) was no h2 peer.
  m_protocolError = !m_settingsReceived;
  close();
}

asio::awaitable<H2UpstreamPool::Acquired> H2UpstreamPool::acquire(
    const asio::ip::tcp::endpoint& ep, std::chrono::milliseconds connectTimeout) {
  auto& list = m_conns[ep.address().to_string() + "|" + std::to_string(ep.port())];
  const auto now = std::chrono::steady_clock::now();
  std::erase_if(list, [&](const auto& c) {
    if (!c->m_connecting && c->activeStreams() == 0 && now - c->m_lastOpened > m_maxIdle) {
      c->close();  // the backend may drop it any moment: do not race it
      return true;
    }
    return c->dead() || c->goawayReceived();
  });
  for (const auto& c : list) {
    if (!c->accepting() || c->capacity() == 0) continue;
    auto conn = c;  // the list may change while this waits
    if (conn->m_connecting) {
      // Wait for the connection another request is opening rather than
      // open one per request of a burst.
      ++conn->m_reserved;
      while (conn->m_connecting) {
        co_await conn->m_ready.async_wait(kTuple);
      }
      --conn->m_reserved;
      if (conn->m_connectFailed) {
        co_return Acquired{std::make_error_code(std::errc::connection_refused), nullptr, true};
      }
    }
    co_return Acquired{{}, std::move(conn), true};
  }
  auto conn = std::make_shared<H2UpstreamConnection>(m_ctx, ep);
  list.push_back(conn);
  ++conn->m_reserved;
  const std::error_code ec = co_await conn->connect(connectTimeout);
  --conn->m_reserved;
  if (ec) {
    co_return Acquired{ec, nullptr, false};
  }
  co_return Acquired{{}, conn, false};
}

size_t H2UpstreamPool::connectionCount() const {
  size_t n = 0;
  for (const auto& [k, v] : m_conns) {
    for (const auto& c : v) n += !c->dead();
  }
  return n;
}

}  // namespace routedeck::core::net
