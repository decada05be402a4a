#pragma once

#include <asio/awaitable.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "proxycore/net/http1_parser.h"

namespace routedeck::core::net {

// One HTTP/1.1 connection to a backend endpoint.
class UpstreamConnection {
 public:
  explicit UpstreamConnection(asio::io_context& ctx);

  asio::ip::tcp::socket& socket() { return m_socket; }
  const asio::ip::tcp::endpoint& endpoint() const { return m_endpoint; }
  // True when it came from the idle pool: a failure before any response
  // byte may just mean the backend closed it meanwhile.
  bool reused() const { return m_reused; }
  bool responseStarted() const { return m_responseBytes > 0; }
  // The backend closed with FIN (not a reset) before the response ended.
  bool closedCleanly() const { return m_closedCleanly; }

  // Writes `out` entirely.
  asio::awaitable<bool> write(const std::string& out);
  // Next response parse event, reading as needed. Error when the backend
  // closes or resets before the response is complete.
  asio::awaitable<Http1Parser::Step> next();
  Http1Parser& parser() { return m_parser; }
  // Response bytes already read but not yet parsed: next() will not block.
  bool hasBuffered() const { return m_begin < m_end; }
  // Those bytes, taken out of the HTTP stream: after a 101 they are the
  // start of the new protocol. Valid until the next read.
  std::string_view takeBuffered() {
    std::string_view rest(m_in.data() + m_begin, m_end - m_begin);
    m_begin = m_end;
    return rest;
  }
  // May this connection carry another request? (keep-alive response read to
  // its end, nothing unexpected buffered)
  bool reusable() const;
  void close();

 private:
  friend class UpstreamPool;
  asio::ip::tcp::socket m_socket;
  asio::ip::tcp::endpoint m_endpoint;
  Http1Parser m_parser{Http1Parser::Kind::Response};
  std::vector<char> m_in;
  size_t m_begin = 0;
  size_t m_end = 0;
  uint64_t m_responseBytes = 0;
  bool m_reused = false;
  bool m_done = false;
  bool m_closedCleanly = false;
  std::chrono::steady_clock::time_point m_idleSince;
};

// Per-worker pool of idle keep-alive connections by endpoint. Not
// thread-safe: each worker owns one.
class UpstreamPool {
 public:
  explicit UpstreamPool(asio::io_context& ctx, size_t maxIdlePerEndpoint = 256,
                        std::chrono::seconds maxIdle = std::chrono::seconds(30));

  struct Acquired {
    std::error_code error;  // timed_out for a connect timeout
    std::unique_ptr<UpstreamConnection> conn;
  };
  // An idle connection to `ep`, or a new one (connect bounded by timeout).
  asio::awaitable<Acquired> acquire(const asio::ip::tcp::endpoint& ep,
                                    std::chrono::milliseconds connectTimeout, bool fresh = false);
  // Returns a connection after a complete response; closes it otherwise.
  void release(std::unique_ptr<UpstreamConnection> conn);
  size_t idleCount() const;

 private:
  struct Key {
    uint64_t addr;
    uint16_t port;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    size_t operator()(const Key& k) const { return std::hash<uint64_t>()(k.addr * 65537 + k.port); }
  };
  static Key keyOf(const asio::ip::tcp::endpoint& ep);

  asio::io_context& m_ctx;
  size_t m_maxIdlePerEndpoint;
  std::chrono::seconds m_maxIdle;
  std::unordered_map<Key, std::vector<std::unique_ptr<UpstreamConnection>>, KeyHash> m_idle;
};

}  // namespace routedeck::core::net
