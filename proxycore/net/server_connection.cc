#include "proxycore/net/server_connection.h"

#include <algorithm>
#include <asio/use_awaitable.hpp>
#include <asio/write.hpp>
#include <cstring>

#include "proxycore/net/asio_tuple.h"
#include "proxycore/net/http1_writer.h"
#include "proxycore/net/server_h2.h"

namespace routedeck::core::net {

namespace {
// An idle keep-alive connection holds only a small read buffer (most request
// heads fit); a read that fills the buffer doubles it for the next one, up to
// kMaxReadBuffer, so bodies still stream in large reads. It shrinks back once
// the connection is idle again.
constexpr size_t kIdleBuffer = 2 * 1024;
constexpr size_t kMaxReadBuffer = 64 * 1024;
constexpr uint64_t kMaxDrain = 1 << 20;
constexpr std::string_view kH2Preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
}  // namespace

ServerConnection::ServerConnection(asio::ip::tcp::socket socket,
                                   std::shared_ptr<HttpServer::Shared> shared,
                                   TimeoutSweeper& sweeper, int listener,
                                   tls::ServerTlsConstSharedPtr tls)
    : m_socket(std::move(socket)),
      m_tlsSettings(std::move(tls)),
      m_shared(std::move(shared)),
      m_sweeper(sweeper),
      m_listener(listener),
      m_listenerCounts(m_shared->countsOf(listener)),
      m_parser(Http1Parser::Kind::Request, m_shared->limits.parser) {
  m_shared->active.fetch_add(1, std::memory_order_relaxed);
  if (m_listenerCounts) {
    m_listenerCounts->active.fetch_add(1, std::memory_order_relaxed);
  }
  m_sweepEntry = m_sweeper.add(this);
  std::error_code ec;
  m_remote = m_socket.remote_endpoint(ec);
  m_remoteAddress = m_remote.address().to_string();
  m_localPort = m_socket.local_endpoint(ec).port();
  m_in.resize(kIdleBuffer);
}

ServerConnection::~ServerConnection() {
  m_sweeper.remove(m_sweepEntry);
  m_shared->active.fetch_sub(1, std::memory_order_relaxed);
  if (m_listenerCounts) {
    m_listenerCounts->active.fetch_sub(1, std::memory_order_relaxed);
  }
}

void ServerConnection::onTimeout() {
  m_timedOut = true;
  clearDeadline();
  std::error_code ignored;
  m_socket.cancel(ignored);
}

// Plain functions, not coroutines: the caller's frame keeps one awaitable,
// as before TLS existed (a larger frame missed asio's frame recycling).
ServerConnection::IoAwaitable ServerConnection::readSome(asio::mutable_buffer b) {
  return m_tls ? tlsRead(b) : m_socket.async_read_some(b, kTuple);
}

ServerConnection::IoAwaitable ServerConnection::write(asio::const_buffer b) {
  return m_tls ? tlsWrite(b) : asio::async_write(m_socket, b, kTuple);
}

asio::awaitable<bool> ServerConnection::readMore() {
  if (m_begin == m_end) {
    m_begin = m_end = 0;
    if (m_growNext) {
      m_in.resize(std::min(m_in.size() * 2, kMaxReadBuffer));
    }
  } else if (m_end == m_in.size()) {
    if (m_begin > 0) {
      std::memmove(m_in.data(), m_in.data() + m_begin, m_end - m_begin);
      m_end -= m_begin;
      m_begin = 0;
    } else {
      m_in.resize(m_in.size() * 2);
    }
  }
  const auto buffer = asio::buffer(m_in.data() + m_end, m_in.size() - m_end);
  auto [ec, n] = co_await readSome(buffer);
  if (ec || n == 0) {
    co_return false;
  }
  m_end += n;
  m_growNext = m_end == m_in.size() && m_in.size() < kMaxReadBuffer;
  co_return true;
}

asio::awaitable<bool> ServerConnection::writeOut() {
  if (m_out.empty()) {
    co_return true;
  }
  auto [ec, n] = co_await write(asio::buffer(m_out));
  m_exchange.m_bytesOut += n;
  m_out.clear();
  co_return !ec;
}

asio::awaitable<bool> ServerConnection::writeNow(std::string_view data) {
  auto [ec, n] = co_await write(asio::buffer(data));
  co_return !ec;
}

asio::awaitable<void> ServerConnection::rejectRequest(int status, const std::string& reason) {
  // The request is not forwarded; the connection closes after the answer
  // because its framing can no longer be trusted.
  m_out.clear();
  ResponseHead head;
  head.status = status;
  head.framing = BodyFraming::ContentLength;
  std::string body = std::to_string(status) + " " + std::string(reasonPhrase(status)) + ": " +
                     reason + "\n";
  head.contentLength = body.size();
  head.keepAlive = false;
  head.headers.add("content-type", "text/plain; charset=utf-8");
  head.headers.add("x-routedeck-response-flags", status == 408 ? "RT" : "DPE");
  writeResponseHead(m_out, head);
  m_out += body;
  co_await writeOut();
}

asio::awaitable<bool> ServerConnection::readHead() {
  m_readingHead = true;
  // The header timeout runs from the first byte of this request; before
  // that the connection is merely idle.
  bool started = m_begin < m_end;
  setDeadline(started ? m_shared->limits.headerTimeout : m_shared->limits.idleTimeout);
  for (;;) {
    while (m_begin < m_end) {
      auto step = m_parser.feed(m_in.data() + m_begin, m_end - m_begin);
      m_begin += step.consumed;
      if (step.event == Http1Parser::Event::Head) {
        m_readingHead = false;
        clearDeadline();
        co_return true;
      }
      if (step.event == Http1Parser::Event::Error) {
        co_await rejectRequest(m_parser.errorStatus(), m_parser.errorReason());
        co_return false;
      }
      if (step.event == Http1Parser::Event::NeedMore) {
        break;
      }
      // Done here is the previous body-less request completing; go on.
    }
    if (!co_await readMore()) {
      if (m_timedOut && started) {
        co_await rejectRequest(408, "the request head did not arrive in time");
      }
      co_return false;
    }
    if (!started) {
      started = true;
      setDeadline(m_shared->limits.headerTimeout);
    }
  }
}

asio::awaitable<bool> ServerConnection::drainBody() {
  uint64_t drained = 0;
  while (!m_exchange.m_bodyDone) {
    auto span = co_await m_exchange.readBody();
    if (!span.ok) {
      co_return false;
    }
    drained += span.data.size();
    if (drained > kMaxDrain) {
      co_return false;  // cheaper to close than to read a large unwanted body
    }
  }
  co_return true;
}

bool ServerConnection::prefaceUndecided() const {
  // A prefix of the preface could still be either; 'P' never starts a
  // method we serve, so HTTP/1.1 clients pay one byte comparison.
  const std::string_view got(m_in.data() + m_begin, m_end - m_begin);
  return got.size() < kH2Preface.size() && got == kH2Preface.substr(0, got.size());
}

bool ServerConnection::prefaceSeen() const {
  return std::string_view(m_in.data() + m_begin, m_end - m_begin).substr(0, kH2Preface.size()) == kH2Preface;
}

void ServerConnection::drain() {
  m_draining = true;
  if (m_h2) {
    m_h2->drain();
  } else if (m_readingHead && m_begin == m_end) {
    std::error_code ignored;
    m_socket.cancel(ignored);  // idle between requests: nothing to finish
  } else if (m_exchange.m_switched) {
    onTimeout();  // a tunnel has no request boundary to stop at: end it as idle
  }
}

asio::awaitable<void> ServerConnection::run() {
  bool handshaken = true;
  if (m_tlsSettings) {
    handshaken = co_await handshake();
  }
  if (handshaken && m_shared->limits.http2) {
    bool h2 = false;
    if (m_tls) {
      h2 = alpnH2();
    } else {
      setDeadline(m_shared->limits.idleTimeout);
      while (handshaken && prefaceUndecided()) {
        handshaken = co_await readMore();
      }
      h2 = handshaken && prefaceSeen();
    }
    if (h2) {
      m_h2 = std::make_unique<H2Connection>(*this, m_shared->limits.h2);
      co_await m_h2->run(std::string_view(m_in.data() + m_begin, m_end - m_begin));
      handshaken = false;  // served; skip the HTTP/1.1 loop
    }
  }
  for (; handshaken;) {
    if (!co_await readHead()) {
      break;
    }
    m_exchange.reset();
    RequestHead& req = m_parser.request();
    m_exchange.m_bodyDone = req.framing == BodyFraming::None;
    m_shared->inflight.fetch_add(1, std::memory_order_relaxed);
    co_await m_shared->handler(m_exchange);
    m_shared->inflight.fetch_sub(1, std::memory_order_relaxed);
    if (m_aborted) {
      co_return;
    }
    if (!m_exchange.m_responseDone) {
      if (m_exchange.m_responseStarted || !m_socket.is_open()) {
        break;
      }
      m_exchange.closeAfterResponse();
      co_await m_exchange.respond(500, {}, "the request handler gave no response\n");
    }
    if (!m_socket.is_open() || (!m_exchange.m_bodyDone && !co_await drainBody())) {
      break;
    }
    if (!req.keepAlive || m_exchange.m_close || m_draining) {
      break;
    }
    if (m_begin == m_end && m_in.size() > kIdleBuffer) {
      std::vector<char>(kIdleBuffer).swap(m_in);
      m_begin = m_end = 0;
      m_growNext = false;
    }
  }
  if (m_tls && !m_timedOut && m_socket.is_open()) {
    co_await tlsShutdown();
  }
  std::error_code ignored;
  m_socket.shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
  m_socket.close(ignored);
}

}  // namespace routedeck::core::net
