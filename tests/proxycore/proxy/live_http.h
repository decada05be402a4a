#pragma once
// Blocking loopback HTTP/1.1 helpers for the live proxy tests: a keep-alive
// client that never retries on its own (so a failed request is visible), and
// a recorder backend that counts what reaches it (mirrors, CORS preflights).
#include <QJsonObject>
#include <QString>

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>
#include "tests/support/test_support.h"

namespace routedeck::tests {

struct HttpResponse {
  bool ok = false;  // a complete response arrived
  std::string error;
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names; repeats joined with ", "
  std::string body;
  std::map<std::string, std::string> trailers;  // of a chunked response; lower-case names

  std::string header(const std::string& lowerName) const;
  bool has(const std::string& lowerName) const { return headers.count(lowerName) > 0; }
  // The echo backend's JSON answer, and the service name it reports.
  QJsonObject json() const;
  QString service() const;
  // An echoed request header (first value), as the echo backend saw it.
  QString echoedHeader(const QString& canonicalName) const;
};

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// One keep-alive connection to 127.0.0.1:port; reconnects only when the
// previous response said "connection: close" or the socket is gone.
class HttpClient {
 public:
  explicit HttpClient(int port, int timeoutMs = 15000);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  HttpResponse request(const std::string& method, const std::string& target, const std::string& host,
                       const HeaderList& headers = {}, const std::string& body = {});
  HttpResponse get(const std::string& target, const std::string& host, const HeaderList& headers = {}) {
    return request("GET", target, host, headers);
  }
  int connectionsOpened() const { return m_connects; }

 private:
  bool ensureConnected(std::string* error);
  void closeSocket();
  bool fill(std::string* error);  // reads more into m_buf

  int m_port;
  int m_timeoutMs;
  int m_fd = -1;
  int m_connects = 0;
  std::string m_buf;
};


// Accepts HTTP/1.1 requests on a loopback port, records each request (line,
// head and body) and answers 200 with a small body. A thread per connection; stop() joins.
class RequestRecorder {
 public:
  RequestRecorder();
  ~RequestRecorder();
  int port() const { return m_port; }
  int count() const;
  std::vector<std::string> requestLines() const;
  std::vector<std::string> heads() const;   // request line and fields
  std::vector<std::string> bodies() const;  // in arrival order
  // Waits (bounded) until at least n requests were recorded.
  bool waitFor(int n, int timeoutMs) const;
  void stop();

 private:
  void acceptLoop();
  void serve(int fd);

  int m_listenFd = -1;
  int m_port = 0;
  std::atomic<bool> m_stop{false};
  mutable std::mutex m_mutex;
  std::vector<std::string> m_lines;
  std::vector<std::string> m_heads;
  std::vector<std::string> m_bodies;
  std::thread m_acceptThread;
  std::vector<std::thread> m_connThreads;
};

}  // namespace routedeck::tests
