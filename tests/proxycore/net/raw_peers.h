#pragma once
// Loopback peers for end-to-end data-plane tests, on plain POSIX sockets so
// that the bytes on the wire are exactly the bytes the test wrote.
#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include "tests/support/test_support.h"

namespace routedeck::tests {

// A backend that records every byte it receives (to prove a rejected request
// never reached it) and answers each complete request with
// "200, X-Backend-Seen: <n>, body '<METHOD> <target> body=<request body>'"
// (no body for HEAD). It runs on its own thread; all methods are thread-safe.
class RecordingBackend {
 public:
  RecordingBackend();
  ~RecordingBackend();
  RecordingBackend(const RecordingBackend&) = delete;
  RecordingBackend& operator=(const RecordingBackend&) = delete;

  int port() const { return m_port; }
  std::string received() const;
  int connections() const { return m_connections.load(); }
  void clear();

 private:
  void loop();
  int m_listenFd = -1;
  int m_port = 0;
  std::atomic<bool> m_stop{false};
  std::atomic<int> m_connections{0};
  int m_requests = 0;
  mutable std::mutex m_mutex;
  std::string m_received;
  std::thread m_thread;
};


// One blocking client connection with bounded waits.
class RawClient {
 public:
  explicit RawClient(int port);
  ~RawClient();
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  bool connected() const { return m_fd >= 0; }
  bool send(const std::string& bytes);
  // Reads until the peer closes or timeoutMs passes; `closed` tells which.
  std::string readUntilClosed(int timeoutMs, bool* closed);
  // Reads until `done(bytesSoFar)` holds, the peer closes or timeoutMs passes.
  template <typename Pred>
  std::string readUntil(int timeoutMs, Pred done) {
    std::string out;
    const auto start = nowMs();
    while (!done(out) && nowMs() - start < timeoutMs) {
      if (readSome(out, static_cast<int>(timeoutMs - (nowMs() - start))) <= 0) {
        break;
      }
    }
    return out;
  }

  static long long nowMs();

 private:
  // >0 bytes appended, 0 closed, -1 timeout or error.
  int readSome(std::string& out, int timeoutMs);
  int m_fd = -1;
};

}  // namespace routedeck::tests
