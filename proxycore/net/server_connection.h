#pragma once
// Private to net/: one downstream connection and the per-worker timeout sweep.

#include <array>
#include <asio/ip/tcp.hpp>
#include <asio/ssl/stream.hpp>
#include <asio/steady_timer.hpp>
#include <chrono>
#include <list>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "proxycore/net/http1_parser.h"
#include "proxycore/net/h2_server_session.h"
#include "proxycore/net/server.h"
#include "proxycore/tls/server_tls.h"

namespace routedeck::core::net {

class ServerConnection;
class H2Connection;

// Coarse connection timeouts without a timer per connection: each worker
// ticks every 250 ms and cancels the sockets whose deadline has passed.
class TimeoutSweeper {
 public:
  using Clock = std::chrono::steady_clock;
  explicit TimeoutSweeper(asio::io_context& ctx);
  void start();
  void stop();
  Clock::time_point now() const { return m_now; }
  std::list<ServerConnection*>::iterator add(ServerConnection* c);
  void remove(std::list<ServerConnection*>::iterator it);
  // Every connection of this worker finishes what it has started and
  // closes: GOAWAY on HTTP/2, close after the current response on HTTP/1.1.
  void drainAll();
  // Only the connections accepted on server listener `listener`.
  void drainListener(int listener);

 private:
  void tick();
  asio::steady_timer m_timer;
  Clock::time_point m_now = Clock::now();
  std::list<ServerConnection*> m_connections;
  bool m_running = false;
};

struct HttpServer::Shared {
  ServerLimits limits;
  Handler handler;
  std::atomic<int> active{0};
  std::atomic<int> inflight{0};  // requests between head and response end
  std::atomic<uint64_t> accepted{0};
  // Fixed, so that readers never race a resize (listeners are added live).
  struct PerListener {
    std::atomic<uint64_t> accepted{0};
    std::atomic<int> active{0};
  };
  std::array<PerListener, HttpServer::kCountedListeners> perListener;
  // TLS termination per listener (null: plaintext), swapped by setTls();
  // read once per accepted connection.
  std::array<std::atomic<tls::ServerTlsConstSharedPtr>, HttpServer::kCountedListeners> tls;
  // The counts of listener `index`, or null beyond the counted ones.
  PerListener* countsOf(int index) {
    return index >= 0 && index < HttpServer::kCountedListeners ? &perListener[static_cast<size_t>(index)]
                                                                : nullptr;
  }
  std::atomic<bool> accepting{true};
  std::vector<std::unique_ptr<TimeoutSweeper>> sweepers;  // one per worker
  std::vector<std::shared_ptr<asio::ip::tcp::acceptor>> acceptors;
};

class ServerConnection {
 public:
  ServerConnection(asio::ip::tcp::socket socket, std::shared_ptr<HttpServer::Shared> shared,
                   TimeoutSweeper& sweeper, int listener, tls::ServerTlsConstSharedPtr tls);
  ~ServerConnection();

  asio::awaitable<void> run();
  void onTimeout();
  void drain();

  // For ServerExchange.
  asio::awaitable<bool> readMore();
  asio::awaitable<bool> writeOut();
  // Writes `data` now, ahead of anything staged (100 Continue).
  asio::awaitable<bool> writeNow(std::string_view data);
  // From the real clock, not the sweeper's last tick (up to 250 ms old): a
  // timeout may fire up to one tick late, never early.
  void setDeadline(std::chrono::milliseconds d) { m_deadline = TimeoutSweeper::Clock::now() + d; }
  void clearDeadline() { m_deadline = TimeoutSweeper::Clock::time_point::max(); }

  asio::ip::tcp::socket m_socket;
  // TLS connections only: the settings (kept alive for the SSL_CTX) and the
  // stream over m_socket. Plaintext reads and writes pay one null test.
  tls::ServerTlsConstSharedPtr m_tlsSettings;
  std::unique_ptr<asio::ssl::stream<asio::ip::tcp::socket&>> m_tls;
  std::string m_serverName;  // SNI, lower case; empty without TLS or SNI
  std::string m_peerCommonName;  // verified client certificate's CN, or empty
  std::shared_ptr<HttpServer::Shared> m_shared;
  TimeoutSweeper& m_sweeper;
  std::list<ServerConnection*>::iterator m_sweepEntry;
  int m_listener;
  HttpServer::Shared::PerListener* m_listenerCounts;  // null: not counted
  int m_localPort = 0;
  asio::ip::tcp::endpoint m_remote;
  std::string m_remoteAddress;
  Http1Parser m_parser;
  std::vector<char> m_in;
  size_t m_begin = 0;
  size_t m_end = 0;
  bool m_growNext = false;  // the last read filled the buffer
  std::string m_out;
  TimeoutSweeper::Clock::time_point m_deadline = TimeoutSweeper::Clock::time_point::max();
  bool m_timedOut = false;
  bool m_readingHead = true;
  bool m_aborted = false;
  bool m_draining = false;
  ServerExchange m_exchange{*this};
  std::unique_ptr<H2Connection> m_h2;  // after the h2c preface or ALPN h2

 private:
  friend class H2Connection;
  // Do the client's first bytes not yet show whether it speaks h2c (the
  // connection preface) or HTTP/1.1? Did they show h2c?
  bool prefaceUndecided() const;
  bool prefaceSeen() const;
  bool alpnH2() const;
  friend class ServerExchange;  // an upgraded exchange reads and writes raw (server_tunnel.cc)
  using IoAwaitable = asio::awaitable<std::tuple<std::error_code, size_t>>;
  IoAwaitable readSome(asio::mutable_buffer b);
  IoAwaitable write(asio::const_buffer b);
  // TLS (server_connection_tls.cc).
  asio::awaitable<bool> handshake();
  IoAwaitable tlsRead(asio::mutable_buffer b);
  IoAwaitable tlsWrite(asio::const_buffer b);
  asio::awaitable<void> tlsShutdown();
  asio::awaitable<bool> readHead();
  asio::awaitable<void> rejectRequest(int status, const std::string& reason);
  asio::awaitable<bool> drainBody();
};

}  // namespace routedeck::core::net
