#include "proxycore/net/upstream.h"

#include "proxycore/net/asio_tuple.h"
#include <asio/use_awaitable.hpp>
#include <asio/write.hpp>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "proxycore/net/deadline.h"

namespace routedeck::core::net {

namespace {
constexpr size_t kBuffer = 16 * 1024;
}  // namespace

UpstreamConnection::UpstreamConnection(asio::io_context& ctx) : m_socket(ctx) {
  m_in.resize(kBuffer);
}

asio::awaitable<bool> UpstreamConnection::write(const std::string& out) {
  auto [ec, n] = co_await asio::async_write(m_socket, asio::buffer(out), kTuple);
  co_return !ec;
}

asio::awaitable<Http1Parser::Step> UpstreamConnection::next() {
  for (;;) {
    auto step = m_parser.feed(m_in.data() + m_begin, m_end - m_begin);
    m_begin += step.consumed;
    if (step.event == Http1Parser::Event::Done) {
      m_done = true;
    }
    if (step.event != Http1Parser::Event::NeedMore) {
      co_return step;
    }
    m_begin = m_end = 0;
    auto [ec, n] = co_await m_socket.async_read_some(asio::buffer(m_in), kTuple);
    if (ec || n == 0) {
      m_closedCleanly = !ec || ec == asio::error::eof;
      if (ec != asio::error::eof && ec) {
        Http1Parser::Step err;
        err.event = Http1Parser::Event::Error;
        co_return err;
      }
      auto fin = m_parser.finish();
      if (fin.event == Http1Parser::Event::Done) {
        m_done = true;
      } else {
        fin.event = Http1Parser::Event::Error;
      }
      co_return fin;
    }
    m_responseBytes += n;
    m_end = n;
  }
}

bool UpstreamConnection::reusable() const {
  return m_done && m_begin == m_end && m_socket.is_open() &&
         const_cast<Http1Parser&>(m_parser).response().keepAlive;
}

void UpstreamConnection::close() {
  std::error_code ignored;
  m_socket.close(ignored);
}

UpstreamPool::UpstreamPool(asio::io_context& ctx, size_t maxIdlePerEndpoint,
                           std::chrono::seconds maxIdle)
    : m_ctx(ctx), m_maxIdlePerEndpoint(maxIdlePerEndpoint), m_maxIdle(maxIdle) {}

UpstreamPool::Key UpstreamPool::keyOf(const asio::ip::tcp::endpoint& ep) {
  uint64_t addr = 0;
  if (ep.address().is_v4()) {
    addr = ep.address().to_v4().to_uint();
  } else {
    auto bytes = ep.address().to_v6().to_bytes();
    std::memcpy(&addr, bytes.data() + 8, 8);
    addr ^= 1ULL << 63;
  }
  return {addr, ep.port()};
}

asio::awaitable<UpstreamPool::Acquired> UpstreamPool::acquire(
    const asio::ip::tcp::endpoint& ep, std::chrono::milliseconds connectTimeout, bool fresh) {
  if (!fresh) {
    auto it = m_idle.find(keyOf(ep));
    if (it != m_idle.end()) {
      auto now = std::chrono::steady_clock::now();
      while (!it->second.empty()) {
        auto conn = std::move(it->second.back());
        it->second.pop_back();
        // An idle connection must be silent: EOF means the backend closed it,
        // bytes are an unsolicited answer (a 408 before closing). Either way
        // it must never carry a new request.
        // Probed only after a pause: a connection used a moment ago is
        // almost surely fine, and a probe is one syscall per request.
        bool silent = true;
        if (now - conn->m_idleSince > std::chrono::milliseconds(500)) {
          char probe;
          ssize_t n = ::recv(conn->m_socket.native_handle(), &probe, 1, MSG_PEEK | MSG_DONTWAIT);
          silent = n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
        }
        if (now - conn->m_idleSince < m_maxIdle && silent) {
          conn->m_reused = true;
          co_return Acquired{{}, std::move(conn)};
        }
      }
    }
  }
  auto conn = std::make_unique<UpstreamConnection>(m_ctx);
  conn->m_endpoint = ep;
  Deadline deadline(m_ctx.get_executor());
  auto* sock = &conn->m_socket;
  deadline.arm(connectTimeout, [sock] {
    std::error_code ignored;
    sock->close(ignored);
  });
  auto [ec] = co_await conn->m_socket.async_connect(ep, kTuple);
  deadline.disarm();
  if (ec) {
    co_return Acquired{deadline.expired() ? std::make_error_code(std::errc::timed_out) : ec,
                       nullptr};
  }
  std::error_code ignored;
  conn->m_socket.set_option(asio::ip::tcp::no_delay(true), ignored);
  co_return Acquired{{}, std::move(conn)};
}

void UpstreamPool::release(std::unique_ptr<UpstreamConnection> conn) {
  if (!conn || !conn->reusable()) {
    return;
  }
  auto& list = m_idle[keyOf(conn->m_endpoint)];
  if (list.size() >= m_maxIdlePerEndpoint) {
    return;
  }
  conn->m_idleSince = std::chrono::steady_clock::now();
  conn->m_done = false;
  conn->m_responseBytes = 0;
  conn->m_reused = false;
  list.push_back(std::move(conn));
}

size_t UpstreamPool::idleCount() const {
  size_t n = 0;
  for (const auto& [k, v] : m_idle) {
    n += v.size();
  }
  return n;
}

}  // namespace routedeck::core::net
