#include "proxycore/net/server.h"

#include "proxycore/net/asio_tuple.h"
#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/post.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/write.hpp>
#include <sys/socket.h>

#include "proxycore/net/server_connection.h"

namespace routedeck::core::net {

namespace {
constexpr auto kSweepInterval = std::chrono::milliseconds(250);

asio::awaitable<void> serveConnection(asio::ip::tcp::socket socket,
                                      std::shared_ptr<HttpServer::Shared> shared,
                                      TimeoutSweeper& sweeper, int listener,
                                      tls::ServerTlsConstSharedPtr tls) {
  ServerConnection conn(std::move(socket), std::move(shared), sweeper, listener, std::move(tls));
  co_await conn.run();
}

asio::awaitable<void> acceptLoop(std::shared_ptr<asio::ip::tcp::acceptor> acceptor,
                                 std::shared_ptr<HttpServer::Shared> shared,
                                 TimeoutSweeper& sweeper, int listener) {
  asio::steady_timer backoff(acceptor->get_executor());
  for (;;) {
    auto [ec, socket] = co_await acceptor->async_accept(kTuple);
    if (ec) {
      if (!acceptor->is_open() || !shared->accepting.load()) {
        co_return;
      }
      // Out of descriptors or a transient error: wait rather than spin.
      backoff.expires_after(std::chrono::milliseconds(50));
      co_await backoff.async_wait(kTuple);
      continue;
    }
    shared->accepted.fetch_add(1, std::memory_order_relaxed);
    if (auto* counts = shared->countsOf(listener)) {
      counts->accepted.fetch_add(1, std::memory_order_relaxed);
    }
    if (shared->active.load(std::memory_order_relaxed) >= shared->limits.maxConnections) {
      std::error_code ignored;
      socket.close(ignored);
      continue;
    }
    std::error_code ignored;
    socket.set_option(asio::ip::tcp::no_delay(true), ignored);
    tls::ServerTlsConstSharedPtr tls;
    if (shared->countsOf(listener)) {
      tls = shared->tls[static_cast<size_t>(listener)].load(std::memory_order_acquire);
    }
    asio::co_spawn(acceptor->get_executor(),
                   serveConnection(std::move(socket), shared, sweeper, listener, std::move(tls)),
                   asio::detached);
  }
}

}  // namespace

Result<asio::ip::tcp::endpoint> parseEndpoint(const std::string& address) {
  size_t colon = address.rfind(':');
  if (colon == std::string::npos || colon + 1 == address.size()) {
    return makeError(ErrorCode::Usage, "\"" + address + "\" is not HOST:PORT");
  }
  std::string host = address.substr(0, colon);
  std::string port = address.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  int portNumber = 0;
  try {
    size_t used = 0;
    portNumber = std::stoi(port, &used);
    if (used != port.size() || portNumber < 0 || portNumber > 65535) {
      throw std::out_of_range(port);
    }
  } catch (const std::exception&) {
    return makeError(ErrorCode::Usage, "\"" + address + "\": port \"" + port + "\" is not a number 0-65535");
  }
  std::error_code ec;
  auto ip = asio::ip::make_address(host.empty() ? "0.0.0.0" : host, ec);
  if (!ec) {
    return asio::ip::tcp::endpoint(ip, static_cast<unsigned short>(portNumber));
  }
  asio::io_context ctx;
  asio::ip::tcp::resolver resolver(ctx);
  auto results = resolver.resolve(host, port, ec);
  if (ec || results.empty()) {
    return makeError(ErrorCode::Usage, "cannot resolve \"" + host + "\": " + ec.message());
  }
  return results.begin()->endpoint();
}

TimeoutSweeper::TimeoutSweeper(asio::io_context& ctx) : m_timer(ctx) {}

void TimeoutSweeper::start() {
  m_running = true;
  tick();
}

void TimeoutSweeper::stop() {
  m_running = false;
  m_timer.cancel();
}

void TimeoutSweeper::tick() {
  m_now = Clock::now();
  for (auto it = m_connections.begin(); it != m_connections.end();) {
    ServerConnection* c = *it++;  // onTimeout may not unlink, but be safe
    if (c->m_deadline <= m_now) {
      c->onTimeout();
    }
  }
  if (!m_running) {
    return;
  }
  m_timer.expires_after(kSweepInterval);
  m_timer.async_wait([this](std::error_code ec) {
    if (!ec) {
      tick();
    }
  });
}

std::list<ServerConnection*>::iterator TimeoutSweeper::add(ServerConnection* c) {
  return m_connections.insert(m_connections.end(), c);
}

void TimeoutSweeper::remove(std::list<ServerConnection*>::iterator it) { m_connections.erase(it); }

HttpServer::HttpServer(WorkerPool& workers, ServerLimits limits, Handler handler)
    : m_workers(workers), m_shared(std::make_shared<Shared>()) {
  m_shared->limits = limits;
  m_shared->handler = std::move(handler);
  for (int i = 0; i < workers.size(); ++i) {
    m_shared->sweepers.push_back(std::make_unique<TimeoutSweeper>(workers.context(i)));
    asio::post(workers.context(i), [s = m_shared->sweepers.back().get()] { s->start(); });
  }
}

HttpServer::~HttpServer() { stopAccepting(); }

int HttpServer::activeConnections() const { return m_shared->active.load(); }
int HttpServer::inflightRequests() const { return m_shared->inflight.load(); }
uint64_t HttpServer::acceptedConnections() const { return m_shared->accepted.load(); }

HttpServer::ListenerConnections HttpServer::listenerConnections(int listener) const {
  const auto* c = m_shared->countsOf(listener);
  if (!c) {
    return {};
  }
  return {c->accepted.load(std::memory_order_relaxed), c->active.load(std::memory_order_relaxed)};
}

Result<int> HttpServer::listen(const std::string& address) {
  auto ep = parseEndpoint(address);
  if (!ep) {
    return ep.error();
  }
  asio::ip::tcp::endpoint endpoint = *ep;
  const int listener = static_cast<int>(m_shared->acceptors.size()) / m_workers.size();
  std::vector<std::shared_ptr<asio::ip::tcp::acceptor>> opened;
  for (int i = 0; i < m_workers.size(); ++i) {
    auto acc = std::make_shared<asio::ip::tcp::acceptor>(m_workers.context(i));
    std::error_code ec;
    acc->open(endpoint.protocol(), ec);
    if (!ec) {
      acc->set_option(asio::socket_base::reuse_address(true), ec);
      int one = 1;
      ::setsockopt(acc->native_handle(), SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
      acc->bind(endpoint, ec);
    }
    if (!ec) {
      acc->listen(4096, ec);
    }
    if (ec) {
      return makeError(ErrorCode::Io, "cannot listen on " + address + ": " + ec.message());
    }
    // Port 0: the first worker's bind picks the port, the others join it.
    endpoint.port(acc->local_endpoint().port());
    opened.push_back(acc);
  }
  for (int i = 0; i < m_workers.size(); ++i) {
    m_shared->acceptors.push_back(opened[static_cast<size_t>(i)]);
    asio::co_spawn(m_workers.context(i),
                   acceptLoop(opened[static_cast<size_t>(i)], m_shared,
                              *m_shared->sweepers[static_cast<size_t>(i)], listener),
                   asio::detached);
  }
  return static_cast<int>(endpoint.port());
}

Result<bool> HttpServer::setTls(int listener, tls::ServerTlsConstSharedPtr tls) {
  if (!m_shared->countsOf(listener)) {
    if (!tls) {
      return true;
    }
    return makeError(ErrorCode::Unsupported, "TLS is supported on the first " +
                                                 std::to_string(kCountedListeners) +
                                                 " bound addresses only");
  }
  m_shared->tls[static_cast<size_t>(listener)].store(std::move(tls), std::memory_order_release);
  return true;
}

void TimeoutSweeper::drainAll() {
  for (auto it = m_connections.begin(); it != m_connections.end();) {
    ServerConnection* c = *it++;
    c->drain();
  }
}

void TimeoutSweeper::drainListener(int listener) {
  for (auto it = m_connections.begin(); it != m_connections.end();) {
    ServerConnection* c = *it++;
    if (c->m_listener == listener) c->drain();
  }
}

void HttpServer::closeListener(int listener) {
  const size_t n = static_cast<size_t>(m_workers.size());
  const size_t first = static_cast<size_t>(listener) * n;
  for (size_t i = 0; i < n && first + i < m_shared->acceptors.size(); ++i) {
    // On the acceptor's own worker: closing it ends its accept loop, then
    // that worker's connections of this listener drain.
    asio::post(m_shared->acceptors[first + i]->get_executor(),
               [shared = m_shared, acc = m_shared->acceptors[first + i], i, listener] {
                 std::error_code ignored;
                 acc->close(ignored);
                 shared->sweepers[i]->drainListener(listener);
               });
  }
}

void HttpServer::stopAccepting() {
  m_shared->accepting = false;
  for (int i = 0; i < m_workers.size() && i < static_cast<int>(m_shared->sweepers.size()); ++i) {
    asio::post(m_workers.context(i), [shared = m_shared, i] { shared->sweepers[static_cast<size_t>(i)]->drainAll(); });
  }
  for (auto& acc : m_shared->acceptors) {
    asio::post(acc->get_executor(), [acc] {
      std::error_code ignored;
      acc->close(ignored);
    });
  }
}

}  // namespace routedeck::core::net
