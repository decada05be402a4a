#pragma once

#include <asio/awaitable.hpp>
#include <asio/ip/tcp.hpp>
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "proxycore/common/result.h"
#include "proxycore/net/h2_server_session.h"
#include "proxycore/net/http1_parser.h"
#include "proxycore/net/server_exchange.h"
#include "proxycore/net/workers.h"

namespace routedeck::core::tls {
class ServerTls;
}

namespace routedeck::core::net {

struct ServerLimits {
  ParserLimits parser;
  // A started request head must arrive within this (slowloris defence).
  std::chrono::milliseconds headerTimeout{10000};
  // A keep-alive connection with no request in progress closes after this.
  std::chrono::milliseconds idleTimeout{60000};
  // Accepted connections beyond this are closed at once.
  int maxConnections = 10000;
  // HTTP/2: h2c with prior knowledge on plaintext listeners, ALPN h2 on TLS.
  bool http2 = true;
  H2Settings h2;
};

using Handler = std::function<asio::awaitable<void>(ServerExchange&)>;

// Parses "host:port" (IPv4, [IPv6] or a name resolved now).
Result<asio::ip::tcp::endpoint> parseEndpoint(const std::string& address);

// HTTP/1.1 server on a WorkerPool: every worker accepts on every listener
// (SO_REUSEPORT), and runs the handler for each request of its connections.
class HttpServer {
 public:
  HttpServer(WorkerPool& workers, ServerLimits limits, Handler handler);
  ~HttpServer();

  // Binds on every worker; returns the port actually bound (for port 0).
  Result<int> listen(const std::string& address);
  // Terminates TLS on listener `listener` (HttpServer::listen order) for
  // connections accepted from now on; null makes it plaintext again. Open
  // connections keep the settings they started with.
  Result<bool> setTls(int listener, std::shared_ptr<const tls::ServerTls> tls);
  // Stops accepting; open connections finish their current request (HTTP/2
  // connections get a GOAWAY) and close.
  void stopAccepting();
  // The same for one listener (a reload removed its address): its sockets
  // close and its connections drain; the index is never reused.
  void closeListener(int listener);

  int activeConnections() const;
  int inflightRequests() const;
  uint64_t acceptedConnections() const;
  // Per listener (socket) index, for the first kCountedListeners listeners.
  struct ListenerConnections {
    uint64_t accepted = 0;
    int active = 0;
  };
  static constexpr int kCountedListeners = 64;
  ListenerConnections listenerConnections(int listener) const;

  struct Shared;  // state the connections of all workers see

 private:
  WorkerPool& m_workers;
  std::shared_ptr<Shared> m_shared;
};

}  // namespace routedeck::core::net
