#include "tests/proxycore/proxy/h2_backend.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <nghttp2/nghttp2.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <memory>
#include <vector>

namespace routedeck::tests {

namespace {

using Clock = std::chrono::steady_clock;

nghttp2_nv nv(const std::string& n, const std::string& v) {
  return {reinterpret_cast<uint8_t*>(const_cast<char*>(n.data())),
          reinterpret_cast<uint8_t*>(const_cast<char*>(v.data())), n.size(), v.size(),
          NGHTTP2_NV_FLAG_NONE};
}

struct Stream {
  std::string path, te, authority;
  int cookies = 0;
  std::string body;      // request
  std::string out;       // response body
  size_t sent = 0;
  std::vector<std::pair<std::string, std::string>> trailers;
};

}  // namespace

struct H2BackendConn {
  H2Backend* owner;
  int fd;
  nghttp2_session* session = nullptr;
  std::map<int32_t, std::unique_ptr<Stream>> streams;
  std::vector<std::pair<Clock::time_point, int32_t>> delayed;
  bool dead = false;

  void respond(int32_t id, Stream& s, int status,
               std::vector<std::pair<std::string, std::string>> headers, bool withBody) {
    std::vector<std::string> keep{":status", std::to_string(status)};
    for (auto& [n, v] : headers) {
      keep.push_back(n);
      keep.push_back(v);
    }
    std::vector<nghttp2_nv> nva;
    for (size_t i = 0; i < keep.size(); i += 2) nva.push_back(nv(keep[i], keep[i + 1]));
    nghttp2_data_provider dp{};
    dp.read_callback = [](nghttp2_session* ss, int32_t sid, uint8_t* buf, size_t len, uint32_t* flags,
                          nghttp2_data_source*, void*) -> ssize_t {
      auto* st = static_cast<Stream*>(nghttp2_session_get_stream_user_data(ss, sid));
      const size_t n = std::min(len, st->out.size() - st->sent);
      std::memcpy(buf, st->out.data() + st->sent, n);
      st->sent += n;
      if (st->sent == st->out.size()) {
        *flags |= NGHTTP2_DATA_FLAG_EOF;
        if (!st->trailers.empty()) {
          std::vector<nghttp2_nv> t;
          for (auto& [tn, tv] : st->trailers) t.push_back(nv(tn, tv));
          nghttp2_submit_trailer(ss, sid, t.data(), t.size());
          *flags |= NGHTTP2_DATA_FLAG_NO_END_STREAM;
        }
      }
      return static_cast<ssize_t>(n);
    };
    nghttp2_submit_response(session, id, nva.data(), nva.size(), withBody ? &dp : nullptr);
    (void)s;
  }

  void requestDone(int32_t id) {
    auto it = streams.find(id);
    if (it == streams.end()) return;
    Stream& s = *it->second;
    auto has = [&](const char* p) { return s.path.rfind(p, 0) == 0; };
    const char* key = has("/echo") ? "/echo" : has("/reset") ? "/reset" : has("/flaky") ? "/flaky"
                      : has("/slow") ? "/slow" : has("/goaway") ? "/goaway" : "other";
    int n = 0;
    {
      std::lock_guard<std::mutex> lock(owner->m_mutex);
      n = ++owner->m_requests[key];
    }
    if (has("/echo")) {
      s.out = s.body;
      s.trailers = {{"x-trailer", "done"}};
      respond(id, s, 200,
              {{"content-type", "text/plain"}, {"x-seen-te", s.te},
               {"x-seen-cookies", std::to_string(s.cookies)}, {"x-seen-authority", s.authority}},
              true);
    } else if (has("/reset")) {
      nghttp2_submit_rst_stream(session, NGHTTP2_FLAG_NONE, id, NGHTTP2_INTERNAL_ERROR);
    } else if (has("/flaky")) {
      if (n % 2 == 1) {
        respond(id, s, 200, {{"content-type", "application/grpc"}, {"grpc-status", "14"},
                             {"grpc-message", "try again"}}, false);
      } else {
        s.out = std::string("\0\0\0\0\0", 5);
        s.trailers = {{"grpc-status", "0"}};
        respond(id, s, 200, {{"content-type", "application/grpc"}}, true);
      }
    } else if (has("/slow")) {
      delayed.emplace_back(Clock::now() + std::chrono::seconds(3), id);
    } else if (has("/goaway")) {
      nghttp2_submit_goaway(session, NGHTTP2_FLAG_NONE, id, NGHTTP2_NO_ERROR, nullptr, 0);
      s.out = "bye";
      respond(id, s, 200, {{"content-type", "text/plain"}}, true);
    } else {
      respond(id, s, 404, {}, false);
    }
  }

  void fireDelayed() {
    const auto now = Clock::now();
    for (size_t i = 0; i < delayed.size();) {
      if (delayed[i].first <= now) {
        const int32_t id = delayed[i].second;
        delayed.erase(delayed.begin() + static_cast<long>(i));
        auto it = streams.find(id);
        if (it != streams.end()) {
          it->second->out = "slow";
          respond(id, *it->second, 200, {{"content-type", "text/plain"}}, true);
        }
      } else {
        ++i;
      }
    }
  }

  void flush() {
    for (;;) {
      const uint8_t* data = nullptr;
      ssize_t n = nghttp2_session_mem_send(session, &data);
      if (n <= 0) {
        if (n < 0) dead = true;
        break;
      }
      size_t off = 0;
      while (off < static_cast<size_t>(n)) {  // blocking socket: bounded by the kernel buffer
        ssize_t w = ::send(fd, data + off, static_cast<size_t>(n) - off, MSG_NOSIGNAL);
        if (w <= 0) {
          dead = true;
          return;
        }
        off += static_cast<size_t>(w);
      }
    }
    if (!nghttp2_session_want_read(session) && !nghttp2_session_want_write(session)) dead = true;
  }
};

namespace {

int onBeginHeaders(nghttp2_session* s, const nghttp2_frame* f, void* user) {
  auto* c = static_cast<H2BackendConn*>(user);
  if (f->hd.type == NGHTTP2_HEADERS && f->headers.cat == NGHTTP2_HCAT_REQUEST) {
    auto st = std::make_unique<Stream>();
    nghttp2_session_set_stream_user_data(s, f->hd.stream_id, st.get());
    c->streams[f->hd.stream_id] = std::move(st);
  }
  return 0;
}

int onHeader(nghttp2_session*, const nghttp2_frame* f, const uint8_t* name, size_t nlen,
             const uint8_t* value, size_t vlen, uint8_t, void* user) {
  auto* c = static_cast<H2BackendConn*>(user);
  auto it = c->streams.find(f->hd.stream_id);
  if (it == c->streams.end()) return 0;
  std::string n(reinterpret_cast<const char*>(name), nlen);
  std::string v(reinterpret_cast<const char*>(value), vlen);
  if (n == ":path") it->second->path = v;
  if (n == ":authority") it->second->authority = v;
  if (n == "te") it->second->te = v;
  if (n == "cookie") ++it->second->cookies;
  return 0;
}

int onData(nghttp2_session*, uint8_t, int32_t id, const uint8_t* data, size_t len, void* user) {
  auto* c = static_cast<H2BackendConn*>(user);
  auto it = c->streams.find(id);
  if (it != c->streams.end()) it->second->body.append(reinterpret_cast<const char*>(data), len);
  return 0;
}

int onFrame(nghttp2_session*, const nghttp2_frame* f, void* user) {
  auto* c = static_cast<H2BackendConn*>(user);
  if ((f->hd.type == NGHTTP2_HEADERS || f->hd.type == NGHTTP2_DATA) &&
      (f->hd.flags & NGHTTP2_FLAG_END_STREAM)) {
    c->requestDone(f->hd.stream_id);
  }
  return 0;
}

int onClose(nghttp2_session*, int32_t id, uint32_t, void* user) {
  static_cast<H2BackendConn*>(user)->streams.erase(id);
  return 0;
}

}  // namespace

H2Backend::H2Backend() {
  m_listenFd = ::socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  ::setsockopt(m_listenFd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(m_listenFd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  ::listen(m_listenFd, 64);
  socklen_t len = sizeof a;
  ::getsockname(m_listenFd, reinterpret_cast<sockaddr*>(&a), &len);
  m_port = ntohs(a.sin_port);
  m_thread = std::thread([this] { loop(); });
}

H2Backend::~H2Backend() { stop(); }

void H2Backend::stop() {
  if (m_stop.exchange(true)) return;
  if (m_thread.joinable()) m_thread.join();
  ::close(m_listenFd);
}

int H2Backend::requests(const std::string& prefix) const {
  std::lock_guard<std::mutex> lock(m_mutex);
  auto it = m_requests.find(prefix);
  return it == m_requests.end() ? 0 : it->second;
}

void H2Backend::loop() {
  nghttp2_session_callbacks* cb = nullptr;
  nghttp2_session_callbacks_new(&cb);
  nghttp2_session_callbacks_set_on_begin_headers_callback(cb, onBeginHeaders);
  nghttp2_session_callbacks_set_on_header_callback(cb, onHeader);
  nghttp2_session_callbacks_set_on_data_chunk_recv_callback(cb, onData);
  nghttp2_session_callbacks_set_on_frame_recv_callback(cb, onFrame);
  nghttp2_session_callbacks_set_on_stream_close_callback(cb, onClose);
  std::vector<std::unique_ptr<H2BackendConn>> conns;
  while (!m_stop.load()) {
    std::vector<pollfd> fds{{m_listenFd, POLLIN, 0}};
    for (auto& c : conns) fds.push_back({c->fd, POLLIN, 0});
    ::poll(fds.data(), fds.size(), 50);  // bounded: stop() is seen within 50 ms
    if (fds[0].revents & POLLIN) {
      int fd = ::accept(m_listenFd, nullptr, nullptr);
      if (fd >= 0) {
        auto c = std::make_unique<H2BackendConn>();
        c->owner = this;
        c->fd = fd;
        nghttp2_session_server_new(&c->session, cb, c.get());
        nghttp2_settings_entry s{NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, 100};
        nghttp2_submit_settings(c->session, NGHTTP2_FLAG_NONE, &s, 1);
        c->flush();
        conns.push_back(std::move(c));
        ++m_connections;
      }
    }
    for (size_t i = 1; i < fds.size(); ++i) {
      H2BackendConn& c = *conns[i - 1];
      if (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) {
        char buf[16384];
        ssize_t n = ::recv(c.fd, buf, sizeof buf, 0);
        if (n <= 0 || nghttp2_session_mem_recv(c.session, reinterpret_cast<uint8_t*>(buf),
                                               static_cast<size_t>(n)) < 0) {
          c.dead = true;
        }
      }
    }
    for (auto& c : conns) {
      c->fireDelayed();
      if (!c->dead) c->flush();
    }
    std::erase_if(conns, [](const auto& c) {
      if (!c->dead) return false;
      nghttp2_session_del(c->session);
      ::close(c->fd);
      return true;
    });
  }
  for (auto& c : conns) {
    nghttp2_session_del(c->session);
    ::close(c->fd);
  }
  nghttp2_session_callbacks_del(cb);
}

}  // namespace routedeck::tests
