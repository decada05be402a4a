#pragma once
// A scripted h2c (prior knowledge) backend on a loopback port, built on
// nghttp2's server session, for behaviours a stock server cannot be asked
// for: stream resets, trailers-only gRPC answers, slow answers, GOAWAY.
// One thread polls every connection; stop() (or the destructor) joins it.
//
// Paths (prefix match):
//   /echo     200, the request body back; x-seen-te / x-seen-cookies (number
//             of cookie fields) / x-seen-authority; trailer x-trailer: done
//   /reset    RST_STREAM INTERNAL_ERROR once the request is in
//   /flaky    every other request (first, third...) a trailers-only gRPC
//             UNAVAILABLE (grpc-status 14), otherwise 200 with a 5-byte gRPC
//             message and trailers grpc-status 0
//   /slow     200 after 3 s
//   /goaway   GOAWAY (last-stream-id = this stream), then 200 to this stream
#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <thread>

namespace routedeck::tests {

class H2Backend {
 public:
  H2Backend();
  ~H2Backend();
  int port() const { return m_port; }
  int connections() const { return m_connections.load(); }
  int requests(const std::string& prefix) const;
  void stop();

 private:
  void loop();
  int m_listenFd = -1;
  int m_port = 0;
  std::atomic<bool> m_stop{false};
  std::atomic<int> m_connections{0};
  mutable std::mutex m_mutex;
  std::map<std::string, int> m_requests;  // by path prefix
  std::thread m_thread;
  friend struct H2BackendConn;
};

}  // namespace routedeck::tests
