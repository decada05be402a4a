#include "tests/proxycore/proxy/live_http.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstring>

namespace routedeck::tests {

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t");
  size_t e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

sockaddr_in loopback(int port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

bool sendAll(int fd, const std::string& data) {
  size_t off = 0;
  while (off < data.size()) {
    ssize_t n = ::send(fd, data.data() + off, data.size() - off, MSG_NOSIGNAL);
    if (n <= 0) {
      return false;
    }
    off += static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

std::string HttpResponse::header(const std::string& lowerName) const {
  auto it = headers.find(lowerName);
  return it == headers.end() ? std::string() : it->second;
}

QJsonObject HttpResponse::json() const {
  return QJsonDocument::fromJson(QByteArray::fromStdString(body)).object();
}

QString HttpResponse::service() const { return json().value(QStringLiteral("service")).toString(); }

QString HttpResponse::echoedHeader(const QString& canonicalName) const {
  return json().value(QStringLiteral("headers")).toObject().value(canonicalName).toArray().at(0).toString();
}

HttpClient::HttpClient(int port, int timeoutMs) : m_port(port), m_timeoutMs(timeoutMs) {}

HttpClient::~HttpClient() { closeSocket(); }

void HttpClient::closeSocket() {
  if (m_fd >= 0) {
    ::close(m_fd);
    m_fd = -1;
  }
  m_buf.clear();
}

bool HttpClient::ensureConnected(std::string* error) {
  if (m_fd >= 0) {
    return true;
  }
  m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
  timeval tv{m_timeoutMs / 1000, (m_timeoutMs % 1000) * 1000};
  ::setsockopt(m_fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(m_fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  int one = 1;
  ::setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  sockaddr_in a = loopback(m_port);
  if (::connect(m_fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    *error = std::string("connect: ") + std::strerror(errno);
    closeSocket();
    return false;
  }
  ++m_connects;
  return true;
}

bool HttpClient::fill(std::string* error) {
  char tmp[16384];
  ssize_t n = ::recv(m_fd, tmp, sizeof tmp, 0);
  if (n <= 0) {
    *error = n == 0 ? "connection closed by the proxy" : std::string("recv: ") + std::strerror(errno);
    return false;
  }
  m_buf.append(tmp, static_cast<size_t>(n));
  return true;
}

HttpResponse HttpClient::request(const std::string& method, const std::string& target,
                                 const std::string& host, const HeaderList& headers,
                                 const std::string& body) {
  HttpResponse r;
  if (!ensureConnected(&r.error)) {
    return r;
  }
  std::string out = method + " " + target + " HTTP/1.1\r\nhost: " + host + "\r\n";
  for (const auto& [k, v] : headers) {
    out += k + ": " + v + "\r\n";
  }
  if (!body.empty() || method == "POST" || method == "PUT") {
    out += "content-length: " + std::to_string(body.size()) + "\r\n";
  }
  out += "\r\n" + body;
  if (!sendAll(m_fd, out)) {
    r.error = "send failed";
    closeSocket();
    return r;
  }
  size_t headEnd;
  for (;;) {  // a 1xx interim answer is skipped
    while ((headEnd = m_buf.find("\r\n\r\n")) == std::string::npos) {
      if (!fill(&r.error)) {
        closeSocket();
        return r;
      }
    }
    r.status = std::atoi(m_buf.substr(9, 3).c_str());
    if (r.status >= 200 || r.status == 0) {
      break;
    }
    m_buf.erase(0, headEnd + 4);
  }
  const std::string head = m_buf.substr(0, headEnd);
  m_buf.erase(0, headEnd + 4);
  size_t lineStart = head.find("\r\n");
  while (lineStart != std::string::npos) {
    size_t next = head.find("\r\n", lineStart + 2);
    std::string line = head.substr(lineStart + 2, next == std::string::npos ? std::string::npos : next - lineStart - 2);
    size_t colon = line.find(':');
    if (colon != std::string::npos) {
      std::string name = lower(line.substr(0, colon));
      std::string value = trim(line.substr(colon + 1));
      auto& slot = r.headers[name];
      slot = slot.empty() ? value : slot + ", " + value;
    }
    lineStart = next;
  }
  const bool noBody = method == "HEAD" || r.status == 204 || r.status == 304;
  if (noBody) {
  } else if (lower(r.header("transfer-encoding")).find("chunked") != std::string::npos) {
    for (;;) {
      size_t eol;
      while ((eol = m_buf.find("\r\n")) == std::string::npos) {
        if (!fill(&r.error)) {
          closeSocket();
          return r;
        }
      }
      size_t size = std::strtoul(m_buf.substr(0, eol).c_str(), nullptr, 16);
      if (size == 0) {
        // The last chunk, then trailer fields up to an empty line.
        m_buf.erase(0, eol + 2);
        for (;;) {
          size_t end;
          while ((end = m_buf.find("\r\n")) == std::string::npos) {
            if (!fill(&r.error)) {
              closeSocket();
              return r;
            }
          }
          std::string line = m_buf.substr(0, end);
          m_buf.erase(0, end + 2);
          if (line.empty()) break;
          const size_t colon = line.find(':');
          if (colon != std::string::npos) {
            size_t v = colon + 1;
            while (v < line.size() && line[v] == ' ') ++v;
            r.trailers[lower(line.substr(0, colon))] = line.substr(v);
          }
        }
        break;
      }
      while (m_buf.size() < eol + 2 + size + 2) {
        if (!fill(&r.error)) {
          closeSocket();
          return r;
        }
      }
      r.body.append(m_buf, eol + 2, size);
      m_buf.erase(0, eol + 2 + size + 2);
    }
  } else if (r.has("content-length")) {
    size_t len = std::strtoul(r.header("content-length").c_str(), nullptr, 10);
    while (m_buf.size() < len) {
      if (!fill(&r.error)) {
        closeSocket();
        return r;
      }
    }
    r.body = m_buf.substr(0, len);
    m_buf.erase(0, len);
  } else {
    std::string ignored;
    while (fill(&ignored)) {
    }
    r.body = m_buf;
    closeSocket();
  }
  r.ok = true;
  r.error.clear();
  if (lower(r.header("connection")) == "close") {
    closeSocket();
  }
  return r;
}

RequestRecorder::RequestRecorder() {
  m_listenFd = ::socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  ::setsockopt(m_listenFd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in a = loopback(0);
  ::bind(m_listenFd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  ::listen(m_listenFd, 64);
  socklen_t len = sizeof a;
  ::getsockname(m_listenFd, reinterpret_cast<sockaddr*>(&a), &len);
  m_port = ntohs(a.sin_port);
  m_acceptThread = std::thread([this] { acceptLoop(); });
}

RequestRecorder::~RequestRecorder() { stop(); }

void RequestRecorder::stop() {
  if (m_stop.exchange(true)) {
    return;
  }
  m_acceptThread.join();
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(m_mutex);
    threads.swap(m_connThreads);
  }
  for (auto& t : threads) {
    t.join();
  }
  ::close(m_listenFd);
}

int RequestRecorder::count() const {
  std::lock_guard lock(m_mutex);
  return static_cast<int>(m_lines.size());
}

std::vector<std::string> RequestRecorder::requestLines() const {
  std::lock_guard lock(m_mutex);
  return m_lines;
}

std::vector<std::string> RequestRecorder::heads() const {
  std::lock_guard lock(m_mutex);
  return m_heads;
}

std::vector<std::string> RequestRecorder::bodies() const {
  std::lock_guard lock(m_mutex);
  return m_bodies;
}

bool RequestRecorder::waitFor(int n, int timeoutMs) const {
  auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
  while (count() < n && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return count() >= n;
}

void RequestRecorder::acceptLoop() {
  while (!m_stop.load()) {
    pollfd p{m_listenFd, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) {
      continue;
    }
    int fd = ::accept(m_listenFd, nullptr, nullptr);
    if (fd >= 0) {
      std::lock_guard lock(m_mutex);
      m_connThreads.emplace_back([this, fd] { serve(fd); });
    }
  }
}

void RequestRecorder::serve(int fd) {
  std::string buf;
  while (!m_stop.load()) {
    size_t headEnd = buf.find("\r\n\r\n");
    if (headEnd == std::string::npos) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) {
        continue;
      }
      char tmp[8192];
      ssize_t n = ::recv(fd, tmp, sizeof tmp, 0);
      if (n <= 0) {
        break;
      }
      buf.append(tmp, static_cast<size_t>(n));
      continue;
    }
    std::string head = buf.substr(0, headEnd);
    size_t bodyLen = 0;
    std::string lh = lower(head);
    if (size_t cl = lh.find("\r\ncontent-length:"); cl != std::string::npos) {
      bodyLen = std::strtoul(lh.c_str() + cl + 17, nullptr, 10);
    }
    if (buf.size() < headEnd + 4 + bodyLen) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 50) > 0) {
        char tmp[8192];
        ssize_t n = ::recv(fd, tmp, sizeof tmp, 0);
        if (n <= 0) {
          break;
        }
        buf.append(tmp, static_cast<size_t>(n));
      }
      continue;
    }
    std::string body = buf.substr(headEnd + 4, bodyLen);
    buf.erase(0, headEnd + 4 + bodyLen);
    {
      std::lock_guard lock(m_mutex);
      m_lines.push_back(head.substr(0, head.find("\r\n")));
      m_heads.push_back(head);
      m_bodies.push_back(std::move(body));
    }
    if (!sendAll(fd, "HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 9\r\n\r\nrecorded\n")) {
      break;
    }
  }
  ::close(fd);
}

}  // namespace routedeck::tests
