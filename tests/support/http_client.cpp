#include "tests/support/http_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstring>

#include "proxycore/net/http1_parser.h"

namespace routedeck::tests {

namespace net = core::net;

bool HttpResponse::header(const std::string& name, std::string* value) const {
  bool found = false;
  for (const auto& [k, v] : headers) {
    if (net::iequals(k, name)) {
      *value = found ? *value + "," + v : v;
      found = true;
    }
  }
  return found;
}

HttpClient::HttpClient(int port, int timeoutMs) : m_port(port), m_timeoutMs(timeoutMs) {}

HttpClient::~HttpClient() { close(); }

void HttpClient::close() {
  if (m_fd >= 0) {
    ::close(m_fd);
    m_fd = -1;
  }
  m_buffer.clear();
}

bool HttpClient::connect() {
  close();
  m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(m_port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(m_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close();
    return false;
  }
  int one = 1;
  ::setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return true;
}

bool HttpClient::closedByPeer(int timeoutMs) {
  if (m_fd < 0) {
    return true;
  }
  pollfd p{m_fd, POLLIN, 0};
  if (::poll(&p, 1, timeoutMs) <= 0) {
    return false;
  }
  char c;
  ssize_t n = ::recv(m_fd, &c, 1, MSG_PEEK);
  return n <= 0;
}

HttpResponse HttpClient::request(const std::string& method, const std::string& target,
                                 const std::vector<std::pair<std::string, std::string>>& headers,
                                 const std::string& body) {
  std::string out = method + " " + target + " HTTP/1.1\r\n";
  for (const auto& [k, v] : headers) {
    out += k + ": " + v + "\r\n";
  }
  if (!body.empty()) {
    out += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  out += "\r\n" + body;
  return raw(out, method == "HEAD");
}

HttpResponse HttpClient::raw(const std::string& bytes, bool headRequest) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (m_fd < 0 && !connect()) {
      HttpResponse r;
      r.error = "cannot connect to 127.0.0.1:" + std::to_string(m_port);
      return r;
    }
    if (::send(m_fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(bytes.size())) {
      close();
      continue;  // a kept-alive connection the server had closed
    }
    HttpResponse r = readResponse(headRequest);
    if (!r.ok && r.error == "closed before any response byte" && attempt == 0 && m_buffer.empty()) {
      close();
      continue;
    }
    return r;
  }
  HttpResponse r;
  r.error = "send failed";
  return r;
}

HttpResponse HttpClient::readResponse(bool headRequest) {
  HttpResponse r;
  net::Http1Parser parser(net::Http1Parser::Kind::Response);
  parser.setRequestWasHead(headRequest);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(m_timeoutMs);
  bool any = !m_buffer.empty();
  std::string data = std::move(m_buffer);
  m_buffer.clear();
  size_t pos = 0;
  for (;;) {
    while (true) {
      auto step = parser.feed(data.data() + pos, data.size() - pos);
      pos += step.consumed;
      if (step.event == net::Http1Parser::Event::Body) {
        r.body.append(step.body);
      } else if (step.event == net::Http1Parser::Event::Head) {
        r.status = parser.response().status;
        if (r.status >= 100 && r.status < 200) {
          continue;  // interim; its Done follows
        }
      } else if (step.event == net::Http1Parser::Event::Done) {
        if (parser.response().status >= 100 && parser.response().status < 200) {
          continue;
        }
        r.ok = true;
        for (const auto& h : parser.response().headers.all()) {
          r.headers.emplace_back(h.name, h.value);
        }
        m_buffer = data.substr(pos);
        if (!parser.response().keepAlive) {
          close();
        }
        return r;
      } else if (step.event == net::Http1Parser::Event::Error) {
        r.error = "malformed response: " + parser.errorReason();
        close();
        return r;
      } else {
        break;  // NeedMore
      }
    }
    data.clear();
    pos = 0;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    pollfd p{m_fd, POLLIN, 0};
    if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0) {
      r.error = "timed out waiting for the response";
      close();
      return r;
    }
    char buf[16384];
    ssize_t n = ::recv(m_fd, buf, sizeof buf, 0);
    if (n <= 0) {
      auto fin = parser.finish();
      if (fin.event == net::Http1Parser::Event::Done && any) {
        r.ok = true;
        r.status = parser.response().status;
        for (const auto& h : parser.response().headers.all()) {
          r.headers.emplace_back(h.name, h.value);
        }
      } else {
        r.error = any ? "connection closed mid-response" : "closed before any response byte";
      }
      close();
      return r;
    }
    any = true;
    data.assign(buf, static_cast<size_t>(n));
  }
}

}  // namespace routedeck::tests
