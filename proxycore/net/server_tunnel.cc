// ServerExchange after a 101 Switching Protocols: raw reads and writes on
// the client connection, and the byte splice between it and an upstream
// socket (WebSocket through the proxy).
#include <asio/experimental/awaitable_operators.hpp>
#include <asio/write.hpp>

#include "proxycore/net/asio_tuple.h"
#include "proxycore/net/server_connection.h"
#include "proxycore/net/server_exchange.h"

namespace routedeck::core::net {

namespace {
// Per direction; 16 KiB is one TLS record, so a read rarely splits one.
constexpr size_t kSpliceBuffer = 16 * 1024;
}  // namespace

void ServerExchange::switchProtocols() {
  // Nothing after this is HTTP: run() must neither answer 500 nor read
  // another request head from the connection.
  m_switched = true;
  m_responseStarted = true;
  m_responseDone = true;
  m_close = true;
  m_bodyDone = true;
}

asio::awaitable<std::string_view> ServerExchange::readUpgraded() {
  switchProtocols();
  ServerConnection& c = m_conn;
  if (c.m_begin < c.m_end) {
    // Sent right behind the request head, before the 101 arrived.
    std::string_view early(c.m_in.data() + c.m_begin, c.m_end - c.m_begin);
    c.m_begin = c.m_end;
    m_bytesIn += early.size();
    co_return early;
  }
  if (c.m_in.size() < kSpliceBuffer) {
    c.m_in.resize(kSpliceBuffer);
  }
  c.m_begin = c.m_end = 0;
  auto [ec, n] = co_await c.readSome(asio::buffer(c.m_in));
  if (ec || n == 0) {
    co_return std::string_view{};
  }
  c.m_begin = c.m_end = n;
  m_bytesIn += n;
  c.setDeadline(c.m_shared->limits.idleTimeout);
  co_return std::string_view(c.m_in.data(), n);
}

asio::awaitable<bool> ServerExchange::writeUpgraded(std::string_view data) {
  switchProtocols();
  ServerConnection& c = m_conn;
  if (!c.m_out.empty() && !co_await c.writeOut()) {
    co_return false;
  }
  auto [ec, n] = co_await c.write(asio::buffer(data));
  m_bytesOut += n;
  c.setDeadline(c.m_shared->limits.idleTimeout);
  co_return !ec;
}

struct ServerExchange::Splice {
  ServerExchange& ex;
  asio::ip::tcp::socket& upstream;
  TunnelResult& result;

  asio::awaitable<void> clientToUpstream() {
    ServerConnection& c = ex.m_conn;
    bool broken = false;
    for (;;) {
      const std::string_view data = co_await ex.readUpgraded();
      if (data.empty()) {
        break;
      }
      auto [ec, n] = co_await asio::async_write(upstream, asio::buffer(data), kTuple);
      result.toUpstream += n;
      if (ec) {
        result.upstreamError = true;
        broken = true;
        break;
      }
    }
    std::error_code ignored;
    if (c.m_timedOut || broken) {
      // Ends the other direction's pending upstream read as well.
      result.idleTimeout = c.m_timedOut;
      upstream.close(ignored);
    } else {
      upstream.shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
    }
  }

  asio::awaitable<void> upstreamToClient(std::string_view early) {
    ServerConnection& c = ex.m_conn;
    bool clientGone = false;
    if (!early.empty()) {
      clientGone = !co_await ex.writeUpgraded(early);
      result.toClient += early.size();
    }
    std::vector<char> buffer(kSpliceBuffer);
    while (!clientGone) {
      auto [ec, n] = co_await upstream.async_read_some(asio::buffer(buffer), kTuple);
      if (ec || n == 0) {
        // operation_aborted: the other direction closed the socket.
        result.upstreamError = result.upstreamError ||
                               (ec && ec != asio::error::eof && ec != asio::error::operation_aborted);
        break;
      }
      c.setDeadline(c.m_shared->limits.idleTimeout);
      clientGone = !co_await ex.writeUpgraded(std::string_view(buffer.data(), n));
      result.toClient += n;
    }
    std::error_code ignored;
    if (clientGone) {
      upstream.close(ignored);
    }
    if (clientGone || result.upstreamError || c.m_tls || !upstream.is_open()) {
      // Stops the client read; run() then closes (with close_notify on TLS).
      c.m_socket.cancel(ignored);
    } else {
      c.m_socket.shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
    }
  }
};

asio::awaitable<ServerExchange::TunnelResult> ServerExchange::tunnel(asio::ip::tcp::socket& upstream,
                                                                     std::string_view upstreamEarly) {
  using namespace asio::experimental::awaitable_operators;
  TunnelResult result;
  switchProtocols();
  ServerConnection& c = m_conn;
  c.setDeadline(c.m_shared->limits.idleTimeout);
  if (!co_await c.writeOut()) {  // the 101 head
    std::error_code ignored;
    upstream.close(ignored);
    co_return result;
  }
  Splice splice{*this, upstream, result};
  co_await (splice.clientToUpstream() && splice.upstreamToClient(upstreamEarly));
  c.clearDeadline();
  co_return result;
}

}  // namespace routedeck::core::net
