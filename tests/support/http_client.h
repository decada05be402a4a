#pragma once

#include <string>
#include <utility>
#include <vector>

namespace routedeck::tests {

struct HttpResponse {
  bool ok = false;        // a complete response arrived
  std::string error;      // why not
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // All values of a header joined with ","; empty optional-like "" + found flag.
  bool header(const std::string& name, std::string* value) const;
};

// A blocking HTTP/1.1 client over one loopback TCP connection, for tests.
// Responses are parsed by the proxy's own strict parser; every wait is
// bounded by timeoutMs.
class HttpClient {
 public:
  explicit HttpClient(int port, int timeoutMs = 5000);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends a request (Host is taken from headers; Content-Length added when
  // body is non-empty) and reads one response. Reconnects when needed.
  HttpResponse request(const std::string& method, const std::string& target,
                       const std::vector<std::pair<std::string, std::string>>& headers,
                       const std::string& body = {});
  // Sends raw bytes and reads one response (for malformed-request tests).
  HttpResponse raw(const std::string& bytes, bool headRequest = false);
  bool connected() const { return m_fd >= 0; }
  // True when the server closed the connection (reads EOF within timeoutMs).
  bool closedByPeer(int timeoutMs);
  void close();

 private:
  bool connect();
  HttpResponse readResponse(bool headRequest);
  int m_port;
  int m_timeoutMs;
  int m_fd = -1;
  std::string m_buffer;  // bytes read past the previous response
};

}  // namespace routedeck::tests
