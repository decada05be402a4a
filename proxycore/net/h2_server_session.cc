#include "proxycore/net/h2_server_session.h"

#include <nghttp2/nghttp2.h>

#include <cstdio>
#include <cstring>
#include <string_view>
#include <vector>

namespace routedeck::core::net {

namespace {

constexpr size_t kMaxCollect = 256 * 1024;  // per collectOutput(): bounded write buffers

std::string_view view(const uint8_t* p, size_t n) { return {reinterpret_cast<const char*>(p), n}; }

// Fields HTTP/2 forbids (RFC 9113 8.2.2); an HTTP/1.1 backend's response
// may carry them and they must not leak into the HTTP/2 response.
bool connectionSpecific(std::string_view name) {
  return iequals(name, "connection") || iequals(name, "keep-alive") ||
         iequals(name, "proxy-connection") || iequals(name, "transfer-encoding") ||
         iequals(name, "upgrade");
}

// Header blocks for nghttp2, built in per-thread scratch that keeps its
// capacity: names lower-cased (HTTP/2 requires it) into one arena sized up
// front, so the pointers stay valid until the submit call has copied them.
class NvList {
 public:
  explicit NvList(const Headers& fields, size_t extra) {
    thread_local std::vector<nghttp2_nv> t_nv;
    thread_local std::string t_names;
    m_nv = &t_nv;
    m_names = &t_names;
    m_nv->clear();
    size_t bytes = 0;
    for (const auto& h : fields.all()) bytes += h.name.size();
    m_names->resize(bytes);
    m_nv->reserve(fields.size() + extra);
  }
  void add(std::string_view name, std::string_view value) {
    m_nv->push_back({reinterpret_cast<uint8_t*>(const_cast<char*>(name.data())),
                     reinterpret_cast<uint8_t*>(const_cast<char*>(value.data())), name.size(), value.size(),
                     NGHTTP2_NV_FLAG_NONE});
  }
  void addFields(const Headers& headers) {
    for (const auto& h : headers.all()) {
      if (h.name.empty() || h.name[0] == ':' || connectionSpecific(h.name) ||
          iequals(h.name, "content-length")) {
        continue;
      }
      char* at = m_names->data() + m_used;
      for (size_t i = 0; i < h.name.size(); ++i) {
        const char c = h.name[i];
        at[i] = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
      }
      m_used += h.name.size();
      add(std::string_view(at, h.name.size()), h.value);
    }
  }
  nghttp2_nv* data() { return m_nv->data(); }
  size_t size() const { return m_nv->size(); }

 private:
  std::vector<nghttp2_nv>* m_nv;
  std::string* m_names;
  size_t m_used = 0;
};

}  // namespace

struct H2ServerSession::Callbacks {
  static H2ServerSession& self(void* user) { return *static_cast<H2ServerSession*>(user); }

  static int onBeginHeaders(nghttp2_session* s, const nghttp2_frame* frame, void* user) {
    if (frame->hd.type != NGHTTP2_HEADERS || frame->headers.cat != NGHTTP2_HCAT_REQUEST) {
      return 0;
    }
    auto& me = self(user);
    auto stream = me.m_listener.newStream(frame->hd.stream_id);
    stream->id = frame->hd.stream_id;
    stream->head.versionMajor = 2;
    stream->head.versionMinor = 0;
    stream->head.headers.all().reserve(12);
    nghttp2_session_set_stream_user_data(s, frame->hd.stream_id, stream.get());
    me.m_streams.emplace(frame->hd.stream_id, std::move(stream));
    return 0;
  }

  static int onHeader(nghttp2_session* s, const nghttp2_frame* frame, const uint8_t* name,
                      size_t nameLen, const uint8_t* value, size_t valueLen, uint8_t, void* user) {
    auto* st = static_cast<H2StreamState*>(nghttp2_session_get_stream_user_data(s, frame->hd.stream_id));
    if (!st) {
      return 0;
    }
    st->headerBytes += nameLen + valueLen + 32;  // RFC 9113 6.5.2 accounting
    if (st->headerBytes > self(user).m_settings.maxHeaderListSize) {
      return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;  // resets this stream only
    }
    const auto n = view(name, nameLen);
    const auto v = view(value, valueLen);
    if (st->headComplete) {
      st->trailers.add(std::string(n), std::string(v));
      return 0;
    }
    if (!n.empty() && n[0] == ':') {
      // nghttp2 has already checked the pseudo-header set (RFC 9113 8.3.1).
      if (n == ":method") {
        st->head.method.assign(v);
      } else if (n == ":path") {
        st->head.target.assign(v);
      } else if (n == ":authority") {
        st->authority.assign(v);
      }
      return 0;
    }
    if (n == "cookie") {
      if (!st->cookie.empty()) st->cookie += "; ";
      st->cookie.append(v);
      return 0;
    }
    st->head.headers.add(std::string(n), std::string(v));
    return 0;
  }

  // A field nghttp2 would merely drop (bad characters in a name or value)
  // makes the request malformed (RFC 9113 8.2.1): reset the stream rather
  // than forward a request that differs from what the client sent.
  static int onInvalidHeader(nghttp2_session*, const nghttp2_frame*, const uint8_t*, size_t,
                             const uint8_t*, size_t, uint8_t, void*) {
    return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;
  }

  static void completeHead(H2StreamState& st, bool endStream) {
    RequestHead& h = st.head;
    // :authority wins over Host (RFC 9113 8.3.1); HTTP/1.1 backends and the
    // router read Host.
    if (!st.authority.empty()) {
      h.headers.set("host", std::move(st.authority));
    }
    if (!st.cookie.empty()) {
      h.headers.add("cookie", std::move(st.cookie));
    }
    h.keepAlive = true;
    if (endStream) {
      h.framing = BodyFraming::None;
      st.remoteEnded = true;
    } else if (const std::string* cl = h.headers.find("content-length")) {
      // nghttp2 rejected a malformed one and checks DATA against it.
      h.framing = BodyFraming::ContentLength;
      h.contentLength = std::strtoull(cl->c_str(), nullptr, 10);
    } else {
      h.framing = BodyFraming::Chunked;  // length unknown until END_STREAM
    }
    st.headComplete = true;
  }

  static int onFrameRecv(nghttp2_session* s, const nghttp2_frame* frame, void* user) {
    auto& me = self(user);
    const bool end = (frame->hd.flags & NGHTTP2_FLAG_END_STREAM) != 0;
    switch (frame->hd.type) {
      case NGHTTP2_HEADERS: {
        auto stream = me.find(frame->hd.stream_id);
        if (!stream) {
          return 0;
        }
        if (!stream->headComplete) {
          completeHead(*stream, end);
          me.m_listener.onRequest(stream);
        } else if (end) {
          stream->remoteEnded = true;  // trailers
          me.m_listener.onStreamEvent(*stream);
        }
        return 0;
      }
      case NGHTTP2_DATA:
        if (end) {
          if (auto* st = static_cast<H2StreamState*>(
                  nghttp2_session_get_stream_user_data(s, frame->hd.stream_id))) {
            st->remoteEnded = true;
            me.m_listener.onStreamEvent(*st);
          }
        }
        return 0;
      default:
        return 0;
    }
  }

  static int onDataChunk(nghttp2_session* s, uint8_t, int32_t id, const uint8_t* data, size_t len,
                         void* user) {
    auto* st = static_cast<H2StreamState*>(nghttp2_session_get_stream_user_data(s, id));
    if (!st || st->closed || st->discardBody) {
      nghttp2_session_consume(s, id, len);  // nobody will read it: do not shrink the window
      return 0;
    }
    st->bodyIn.append(reinterpret_cast<const char*>(data), len);
    st->bytesIn += len;
    self(user).m_listener.onStreamEvent(*st);
    return 0;
  }

  static int onStreamClose(nghttp2_session* s, int32_t id, uint32_t errorCode, void* user) {
    auto& me = self(user);
    auto it = me.m_streams.find(id);
    if (it == me.m_streams.end()) {
      return 0;
    }
    auto stream = std::move(it->second);
    me.m_streams.erase(it);
    stream->closed = true;
    stream->closeError = errorCode;
    const size_t unread = stream->bodyIn.size();
    stream->bodyIn.clear();
    if (unread > 0) {
      nghttp2_session_consume_connection(s, unread);
    }
    me.m_listener.onStreamEvent(*stream);
    return 0;
  }

  static ssize_t readBody(nghttp2_session* s, int32_t id, uint8_t* buf, size_t length,
                          uint32_t* flags, nghttp2_data_source* source, void* user) {
    auto* st = static_cast<H2StreamState*>(source->ptr);
    const size_t n = std::min(length, st->unsent());
    if (n > 0) {
      std::memcpy(buf, st->out.data() + st->outOffset, n);
      st->outOffset += n;
      st->bytesOut += n;
      if (st->outOffset == st->out.size()) {
        st->out.clear();
        st->outOffset = 0;
      }
    }
    if (st->unsent() == 0) {
      if (!st->outEnded) {
        if (n == 0) {
          return NGHTTP2_ERR_DEFERRED;
        }
      } else {
        *flags |= NGHTTP2_DATA_FLAG_EOF;
        st->eofSent = true;
        if (st->outTrailers && st->outTrailers->size() > 0) {
          NvList nv(*st->outTrailers, 0);
          nv.addFields(*st->outTrailers);
          if (nghttp2_submit_trailer(s, id, nv.data(), nv.size()) == 0) {
            *flags |= NGHTTP2_DATA_FLAG_NO_END_STREAM;
          }
        }
      }
    }
    self(user).m_listener.onStreamEvent(*st);  // room for more, or done
    return static_cast<ssize_t>(n);
  }
};

H2ServerSession::H2ServerSession(Listener& listener, const H2Settings& settings)
    : m_listener(listener), m_settings(settings) {
  nghttp2_session_callbacks* cb = nullptr;
  nghttp2_session_callbacks_new(&cb);
  nghttp2_session_callbacks_set_on_begin_headers_callback(cb, &Callbacks::onBeginHeaders);
  nghttp2_session_callbacks_set_on_header_callback(cb, &Callbacks::onHeader);
  nghttp2_session_callbacks_set_on_invalid_header_callback(cb, &Callbacks::onInvalidHeader);
  nghttp2_session_callbacks_set_on_frame_recv_callback(cb, &Callbacks::onFrameRecv);
  nghttp2_session_callbacks_set_on_data_chunk_recv_callback(cb, &Callbacks::onDataChunk);
  nghttp2_session_callbacks_set_on_stream_close_callback(cb, &Callbacks::onStreamClose);
  nghttp2_option* opt = nullptr;
  nghttp2_option_new(&opt);
  // The window reopens as handlers read bodies, not as bytes arrive: a slow
  // backend holds the client back instead of growing our buffers.
  nghttp2_option_set_no_auto_window_update(opt, 1);
  // Closed streams are kept only for RFC 7540 priority trees, which we
  // turn off below (RFC 9113 deprecated them): both cost CPU per stream.
  nghttp2_option_set_no_closed_streams(opt, 1);
  nghttp2_session_server_new2(&m_session, cb, this, opt);
  nghttp2_option_del(opt);
  nghttp2_session_callbacks_del(cb);

  const nghttp2_settings_entry entries[] = {
      {NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, m_settings.maxConcurrentStreams},
      {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, m_settings.streamWindow},
      {NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE, m_settings.maxHeaderListSize},
      {NGHTTP2_SETTINGS_NO_RFC7540_PRIORITIES, 1},
  };
  nghttp2_submit_settings(m_session, NGHTTP2_FLAG_NONE, entries, std::size(entries));
  nghttp2_session_set_local_window_size(m_session, NGHTTP2_FLAG_NONE, 0,
                                        static_cast<int32_t>(m_settings.connectionWindow));
}

H2ServerSession::~H2ServerSession() {
  nghttp2_session_del(m_session);
  for (auto& [id, stream] : m_streams) {
    stream->closed = true;
    stream->closeError = kH2Cancel;
    m_listener.onStreamEvent(*stream);
  }
}

std::shared_ptr<H2StreamState> H2ServerSession::find(int32_t id) const {
  auto it = m_streams.find(id);
  return it == m_streams.end() ? nullptr : it->second;
}

bool H2ServerSession::receive(const uint8_t* data, size_t size) {
  const ssize_t rv = nghttp2_session_mem_recv(m_session, data, size);
  if (rv < 0) {
    // Bad preface or a fatal error: tell the client why, then close.
    nghttp2_session_terminate_session(m_session, NGHTTP2_PROTOCOL_ERROR);
    return false;
  }
  return true;
}

void H2ServerSession::collectOutput(std::string& out) {
  while (out.size() < kMaxCollect) {
    const uint8_t* p = nullptr;
    const ssize_t n = nghttp2_session_mem_send(m_session, &p);
    if (n <= 0) {
      break;
    }
    out.append(reinterpret_cast<const char*>(p), static_cast<size_t>(n));
  }
}

bool H2ServerSession::wantsRead() const { return nghttp2_session_want_read(m_session) != 0; }
bool H2ServerSession::wantsWrite() const { return nghttp2_session_want_write(m_session) != 0; }

void H2ServerSession::submitResponse(H2StreamState& stream, const ResponseHead& head, bool endStream) {
  if (stream.closed || stream.responseSubmitted) {
    return;
  }
  stream.responseSubmitted = true;
  NvList nv(head.headers, 2);
  char status[4] = {static_cast<char>('0' + head.status / 100 % 10), static_cast<char>('0' + head.status / 10 % 10),
                    static_cast<char>('0' + head.status % 10), 0};
  nv.add(":status", std::string_view(status, 3));
  nv.addFields(head.headers);
  char length[24];
  if (head.framing == BodyFraming::ContentLength) {
    const int n = std::snprintf(length, sizeof length, "%llu", static_cast<unsigned long long>(head.contentLength));
    nv.add("content-length", std::string_view(length, static_cast<size_t>(n)));
  }
  if (endStream) {
    stream.outEnded = true;
    stream.eofSent = true;
    nghttp2_submit_response(m_session, stream.id, nv.data(), nv.size(), nullptr);
    return;
  }
  nghttp2_data_provider provider;
  provider.source.ptr = &stream;
  provider.read_callback = &Callbacks::readBody;
  nghttp2_submit_response(m_session, stream.id, nv.data(), nv.size(), &provider);
}

void H2ServerSession::resumeData(H2StreamState& stream) {
  if (stream.responseSubmitted && !stream.eofSent && !stream.closed) {
    nghttp2_session_resume_data(m_session, stream.id);
  }
}

void H2ServerSession::consumed(H2StreamState& stream, size_t n) {
  if (!stream.closed && n > 0) {
    nghttp2_session_consume(m_session, stream.id, n);
  }
}

void H2ServerSession::resetStream(H2StreamState& stream, uint32_t errorCode) {
  if (!stream.closed) {
    nghttp2_submit_rst_stream(m_session, NGHTTP2_FLAG_NONE, stream.id, errorCode);
  }
}

void H2ServerSession::abandonStreams(bool onlyUnfinishedRequests) {
  for (auto& [id, stream] : m_streams) {
    if (stream->closed || (onlyUnfinishedRequests && stream->remoteEnded)) {
      continue;
    }
    stream->closed = true;
    stream->closeError = kH2Cancel;
    m_listener.onStreamEvent(*stream);
  }
}

void H2ServerSession::goAway(uint32_t errorCode) {
  if (m_goingAway) {
    return;
  }
  m_goingAway = true;
  nghttp2_submit_goaway(m_session, NGHTTP2_FLAG_NONE, nghttp2_session_get_last_proc_stream_id(m_session),
                        errorCode, nullptr, 0);
}

}  // namespace routedeck::core::net
