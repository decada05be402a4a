#include "proxycore/net/server_h2.h"

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>

#include "proxycore/net/server_connection.h"

namespace routedeck::core::net {

namespace {
constexpr size_t kReadBuffer = 32 * 1024;
}

H2Stream::H2Stream(ServerConnection& conn, H2Connection& connection)
    : h2(connection), exchange(conn, *this), signal(conn.m_socket.get_executor()) {}

H2Connection::H2Connection(ServerConnection& conn, const H2Settings& settings)
    : m_conn(conn),
      m_writeSignal(conn.m_socket.get_executor()),
      m_doneSignal(conn.m_socket.get_executor()),
      session(*this, settings) {}

std::shared_ptr<H2StreamState> H2Connection::newStream(int32_t) {
  return std::make_shared<H2Stream>(m_conn, *this);
}

void H2Connection::onRequest(const std::shared_ptr<H2StreamState>& stream) {
  m_conn.clearDeadline();
  asio::co_spawn(m_conn.m_socket.get_executor(), serve(std::static_pointer_cast<H2Stream>(stream)),
                 asio::detached);
}

void H2Connection::onStreamEvent(H2StreamState& stream) { static_cast<H2Stream&>(stream).signal.notify(); }

void H2Connection::drain() {
  session.goAway(kH2NoError);
  wakeWriter();
}

void H2Connection::updateIdleDeadline() {
  if (m_handlers == 0 && session.openStreams() == 0) {
    m_conn.setDeadline(m_conn.m_shared->limits.idleTimeout);
  }
}

void H2Connection::abandonStreams(bool onlyUnfinishedRequests) {
  session.abandonStreams(onlyUnfinishedRequests);
}

asio::awaitable<void> H2Connection::serve(std::shared_ptr<H2Stream> stream) {
  ++m_handlers;
  auto& shared = *m_conn.m_shared;
  ServerExchange& ex = stream->exchange;
  ex.reset();
  ex.m_bodyDone = stream->head.framing == BodyFraming::None;
  shared.inflight.fetch_add(1, std::memory_order_relaxed);
  co_await shared.handler(ex);
  shared.inflight.fetch_sub(1, std::memory_order_relaxed);
  if (!ex.m_responseDone && !stream->closed) {
    if (ex.m_responseStarted) {
      session.resetStream(*stream, kH2InternalError);
    } else {
      co_await ex.respond(500, {}, "the request handler gave no response\n");
    }
  }
  // A body nobody read is consumed as it arrives, so the client can finish
  // sending and the stream closes normally.
  stream->discardBody = true;
  const size_t unread = stream->bodyIn.size();
  stream->bodyIn.clear();
  session.consumed(*stream, unread);
  wakeWriter();
  --m_handlers;
  updateIdleDeadline();
  m_doneSignal.notify();
}

asio::awaitable<void> H2Connection::writer() {
  for (;;) {
    m_out.clear();
    session.collectOutput(m_out);
    if (m_out.empty()) {
      if (m_stopWriter) {
        break;
      }
      if (!session.wantsRead() && !session.wantsWrite() && session.openStreams() == 0) {
        // After a GOAWAY the last stream is done: end the reader's wait.
        std::error_code ignored;
        m_conn.m_socket.cancel(ignored);
      }
      co_await m_writeSignal.wait();
      continue;
    }
    if (m_handlers == 0 && session.openStreams() == 0) {
      updateIdleDeadline();  // the last stream closed as its final frame went out
    }
    auto [ec, n] = co_await m_conn.write(asio::buffer(m_out));
    if (ec) {
      m_broken = true;
      abandonStreams(false);
      std::error_code ignored;
      m_conn.m_socket.cancel(ignored);
      break;
    }
  }
  m_writerDone = true;
  m_doneSignal.notify();
}

asio::awaitable<void> H2Connection::run(std::string_view received) {
  bool ok = received.empty() ||
            session.receive(reinterpret_cast<const uint8_t*>(received.data()), received.size());
  asio::co_spawn(m_conn.m_socket.get_executor(), writer(), asio::detached);
  wakeWriter();
  // The client's first frames are held to the header timeout.
  m_conn.setDeadline(m_conn.m_shared->limits.headerTimeout);
  std::vector<char>(kReadBuffer).swap(m_conn.m_in);
  while (ok && !m_broken && (session.wantsRead() || m_handlers > 0)) {
    auto [ec, n] = co_await m_conn.readSome(asio::buffer(m_conn.m_in));
    if (ec || n == 0) {
      break;
    }
    ok = session.receive(reinterpret_cast<const uint8_t*>(m_conn.m_in.data()), n);
    if (session.openStreams() == 0 && m_handlers == 0) {
      updateIdleDeadline();
    }
    wakeWriter();
  }
  if (m_conn.m_timedOut) {
    session.goAway(kH2NoError);  // idle: say so before closing
  }
  // Nothing more will arrive: streams still waiting for request bytes end;
  // those with a complete request may still answer.
  abandonStreams(true);
  while (m_handlers > 0) {
    co_await m_doneSignal.wait();
  }
  m_stopWriter = true;
  wakeWriter();
  while (!m_writerDone) {
    co_await m_doneSignal.wait();
  }
}

// ServerExchange on an HTTP/2 stream.

asio::awaitable<ServerExchange::BodySpan> ServerExchange::h2ReadBody() {
  auto& s = static_cast<H2Stream&>(*m_stream);
  for (;;) {
    if (!s.bodyIn.empty()) {
      s.current.swap(s.bodyIn);
      s.bodyIn.clear();
      s.h2.session.consumed(s, s.current.size());
      s.h2.wakeWriter();
      m_bytesIn += s.current.size();
      co_return BodySpan{true, s.current};
    }
    if (s.remoteEnded) {
      m_bodyDone = true;
      co_return BodySpan{};
    }
    if (s.closed) {
      co_return BodySpan{false, {}};
    }
    // A stalled body is cut like an idle connection, but only this stream.
    if (!co_await s.signal.waitFor(m_conn.m_shared->limits.idleTimeout)) {
      h2Abort();
      co_return BodySpan{false, {}};
    }
  }
}

void ServerExchange::h2StartResponse(ResponseHead& head) {
  auto& s = static_cast<H2Stream&>(*m_stream);
  m_responseStarted = true;
  m_headOnly = s.head.method == "HEAD";
  const bool noBody = m_headOnly || head.status == 204 || head.status == 304 ||
                      head.framing == BodyFraming::None ||
                      (head.framing == BodyFraming::ContentLength && head.contentLength == 0);
  m_outFraming = noBody ? BodyFraming::None : head.framing;
  s.h2.session.submitResponse(s, head, noBody);
  s.h2.wakeWriter();
}

asio::awaitable<bool> ServerExchange::h2Flush() {
  auto& s = static_cast<H2Stream&>(*m_stream);
  s.h2.session.resumeData(s);
  s.h2.wakeWriter();
  // Returns once nghttp2 took every staged byte, which the client's
  // flow-control window paces: the relay cannot outrun a slow reader.
  while (s.unsent() > 0 && !s.closed) {
    // A client that stops reading (no WINDOW_UPDATE) holds the stream only
    // as long as an idle connection would be held.
    const size_t before = s.unsent();
    if (!co_await s.signal.waitFor(m_conn.m_shared->limits.idleTimeout) && s.unsent() == before) {
      h2Abort();
      co_return false;
    }
  }
  co_return !s.closed || s.eofSent;
}

asio::awaitable<bool> ServerExchange::h2Finish(const Headers* trailers) {
  auto& s = static_cast<H2Stream&>(*m_stream);
  if (m_outFraming != BodyFraming::None) {
    if (trailers) {
      s.outTrailers = *trailers;
    }
    s.outEnded = true;
    s.h2.session.resumeData(s);
    s.h2.wakeWriter();
  }
  // No wait for the last frame: the session keeps the stream until it is
  // sent, and a waiting timer per response cost ~5 % of h2c throughput.
  m_responseDone = true;
  m_bytesOut = s.bytesOut + s.unsent();
  co_return !s.closed || s.eofSent;
}

size_t ServerExchange::h2Pending() const { return m_stream->unsent(); }

void ServerExchange::h2WriteBody(std::string_view data) {
  if (m_outFraming != BodyFraming::None) {
    m_stream->out.append(data);
  }
}

void ServerExchange::h2Abort() {
  auto& s = static_cast<H2Stream&>(*m_stream);
  s.h2.session.resetStream(s, kH2InternalError);
  s.h2.wakeWriter();
}

const Headers& ServerExchange::h2RequestTrailers() const { return m_stream->trailers; }

}  // namespace routedeck::core::net
