#include "tests/proxycore/net/raw_peers.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <map>
#include <vector>

namespace routedeck::tests {

namespace {

sockaddr_in loopback(int port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

std::string lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return s;
}

// Length of one complete request at the start of `buf` and its body, or 0
// while incomplete. Just enough HTTP/1.1 for what the proxy sends upstream.
size_t completeRequest(const std::string& buf, std::string* head, std::string* body) {
  size_t end = buf.find("\r\n\r\n");
  if (end == std::string::npos) {
    return 0;
  }
  *head = buf.substr(0, end + 2);
  const std::string h = lower(*head);
  size_t pos = end + 4;
  body->clear();
  if (h.find("\r\ntransfer-encoding: chunked") != std::string::npos) {
    for (;;) {
      size_t eol = buf.find("\r\n", pos);
      if (eol == std::string::npos) return 0;
      size_t size = std::strtoul(buf.substr(pos, eol - pos).c_str(), nullptr, 16);
      pos = eol + 2;
      if (size == 0) {
        size_t trailerEnd = buf.find("\r\n", pos);
        while (trailerEnd != std::string::npos && trailerEnd != pos) {
          pos = trailerEnd + 2;
          trailerEnd = buf.find("\r\n", pos);
        }
        return trailerEnd == std::string::npos ? 0 : pos + 2;
      }
      if (buf.size() < pos + size + 2) return 0;
      body->append(buf, pos, size);
      pos += size + 2;
    }
  }
  size_t cl = h.find("\r\ncontent-length:");
  if (cl != std::string::npos) {
    size_t n = std::strtoul(h.c_str() + cl + 17, nullptr, 10);
    if (buf.size() < pos + n) return 0;
    body->assign(buf, pos, n);
    pos += n;
  }
  return pos;
}

}  // namespace

RecordingBackend::RecordingBackend() {
  m_listenFd = ::socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  ::setsockopt(m_listenFd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in a = loopback(0);
  socklen_t len = sizeof a;
  if (::bind(m_listenFd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      ::listen(m_listenFd, 64) != 0 ||
      ::getsockname(m_listenFd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
    return;
  }
  m_port = ntohs(a.sin_port);
  m_thread = std::thread([this] { loop(); });
}

RecordingBackend::~RecordingBackend() {
  m_stop = true;
  if (m_thread.joinable()) {
    m_thread.join();
  }
  ::close(m_listenFd);
}

std::string RecordingBackend::received() const {
  std::lock_guard<std::mutex> lock(m_mutex);
  return m_received;
}

void RecordingBackend::clear() {
  std::lock_guard<std::mutex> lock(m_mutex);
  m_received.clear();
}

void RecordingBackend::loop() {
  std::map<int, std::string> buffers;  // fd → unanswered bytes
  while (!m_stop) {
    std::vector<pollfd> fds{{m_listenFd, POLLIN, 0}};
    for (const auto& [fd, buf] : buffers) {
      fds.push_back({fd, POLLIN, 0});
    }
    if (::poll(fds.data(), fds.size(), 20) <= 0) {
      continue;
    }
    if (fds[0].revents & POLLIN) {
      int fd = ::accept(m_listenFd, nullptr, nullptr);
      if (fd >= 0) {
        buffers[fd];
        ++m_connections;
      }
    }
    for (size_t i = 1; i < fds.size(); ++i) {
      if (!fds[i].revents) {
        continue;
      }
      const int fd = fds[i].fd;
      char tmp[16384];
      ssize_t n = ::read(fd, tmp, sizeof tmp);
      if (n <= 0) {
        ::close(fd);
        buffers.erase(fd);
        continue;
      }
      {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_received.append(tmp, static_cast<size_t>(n));
      }
      std::string& buf = buffers[fd];
      buf.append(tmp, static_cast<size_t>(n));
      std::string head, body;
      while (size_t used = completeRequest(buf, &head, &body)) {
        const std::string line = head.substr(0, head.find(' ', head.find(' ') + 1));
        const bool isHead = head.rfind("HEAD ", 0) == 0;
        std::string reply = line + " body=" + body;
        std::string out = "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(reply.size()) +
                          "\r\nX-Backend-Seen: " + std::to_string(++m_requests) + "\r\n\r\n";
        if (!isHead) {
          out += reply;
        }
        (void)!::write(fd, out.data(), out.size());
        buf.erase(0, used);
      }
    }
  }
  for (const auto& [fd, buf] : buffers) {
    ::close(fd);
  }
}

RawClient::RawClient(int port) {
  m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a = loopback(port);
  if (::connect(m_fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(m_fd);
    m_fd = -1;
    return;
  }
  int one = 1;
  ::setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

RawClient::~RawClient() {
  if (m_fd >= 0) {
    ::close(m_fd);
  }
}

long long RawClient::nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

bool RawClient::send(const std::string& bytes) {
  size_t off = 0;
  while (off < bytes.size()) {
    ssize_t n = ::send(m_fd, bytes.data() + off, bytes.size() - off, MSG_NOSIGNAL);
    if (n <= 0) {
      return false;
    }
    off += static_cast<size_t>(n);
  }
  return true;
}

int RawClient::readSome(std::string& out, int timeoutMs) {
  pollfd p{m_fd, POLLIN, 0};
  if (timeoutMs <= 0 || ::poll(&p, 1, timeoutMs) <= 0) {
    return -1;
  }
  char tmp[16384];
  ssize_t n = ::read(m_fd, tmp, sizeof tmp);
  if (n < 0) {
    return 0;  // a reset is a close too
  }
  out.append(tmp, static_cast<size_t>(n));
  return static_cast<int>(n);
}

std::string RawClient::readUntilClosed(int timeoutMs, bool* closed) {
  std::string out;
  *closed = false;
  const auto start = nowMs();
  while (nowMs() - start < timeoutMs) {
    int r = readSome(out, static_cast<int>(timeoutMs - (nowMs() - start)));
    if (r == 0) {
      *closed = true;
      break;
    }
    if (r < 0) {
      break;
    }
  }
  return out;
}

}  // namespace routedeck::tests
