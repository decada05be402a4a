#include "proxycore/net/http1_parser.h"

#include <llhttp.h>

#include <algorithm>
#include <cstring>

namespace routedeck::core::net {

struct Http1Parser::Impl {
  llhttp_t parser{};
  llhttp_settings_t settings{};
  Http1Parser::Kind kind;
  ParserLimits limits;
  RequestHead request;
  ResponseHead response;
  std::string field;
  std::string value;
  size_t headBytes = 0;
  bool inHead = false;
  bool started = false;
  bool requestWasHead = false;
  bool headReported = false;
  bool pendingDone = false;
  int hostCount = 0;
  Event event = Event::NeedMore;
  std::string_view body;
  char lastByte = 0;
  bool failed = false;  // errors are final: later feeds report Error again
  // Unconsumed bytes already found clean by findHeadViolation: they come back
  // at the start of the next feed, and are not scanned again (many pipelined
  // requests in one read would otherwise make the scans quadratic).
  const char* cleanFrom = nullptr;
  size_t cleanLen = 0;
  int errorStatus = 400;
  std::string errorReason;

  Headers& headers() { return kind == Kind::Request ? request.headers : response.headers; }

  int fail(int status, std::string reason) {
    // llhttp reports a failing *_complete callback as its own HPE_CB_*
    // code, not HPE_USER: `failed` keeps this status from being replaced.
    failed = true;
    errorStatus = status;
    errorReason = std::move(reason);
    return -1;
  }

  int countHead(size_t n) {
    headBytes += n;
    if (headBytes > limits.maxHeaderBytes) {
      return fail(431, "request header fields too large");
    }
    return 0;
  }

  static Impl* self(llhttp_t* p) { return static_cast<Impl*>(p->data); }

  static bool isTokenChar(char c) {  // RFC 9110 tchar
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      return true;
    }
    return c != 0 && std::strchr("!#$%&'*+-.^_`|~", c) != nullptr;
  }

  // Outside a body, where the bytes are a head (or the gap between two
  // messages): the first LF without a CR before it, or the first SP/HT that
  // starts a line (obs-fold), at or after `data`. llhttp 8 accepts both, and
  // its header-value callbacks cannot see a fold after an empty value.
  // Returns n when there is none, and sets *reason otherwise.
  size_t findHeadViolation(const char* data, size_t n, size_t from, const char** reason) const {
    // Line by line with memchr rather than byte by byte: every head and
    // every read of one passes through here.
    auto fold = [&](size_t i) {
      *reason = "obsolete line folding in the head";
      return i;
    };
    if (from < n && (from > 0 ? data[from - 1] : lastByte) == '\n' &&
        (data[from] == ' ' || data[from] == '\t')) {
      return fold(from);
    }
    size_t i = from;
    while (i < n) {
      const void* hit = std::memchr(data + i, '\n', n - i);
      if (!hit) {
        return n;
      }
      const size_t lf = static_cast<size_t>(static_cast<const char*>(hit) - data);
      if ((lf > 0 ? data[lf - 1] : lastByte) != '\r') {
        *reason = "bare LF in the message head";
        return lf;
      }
      if (lf + 1 < n && (data[lf + 1] == ' ' || data[lf + 1] == '\t')) {
        return fold(lf + 1);
      }
      i = lf + 1;
    }
    return n;
  }

  static int onMessageBegin(llhttp_t* p) {
    Impl* s = self(p);
    // Cleared, not reassigned: the buffers keep their capacity.
    s->request.method.clear();
    s->request.target.clear();
    s->request.headers.clear();
    s->request.framing = BodyFraming::None;
    s->request.contentLength = 0;
    s->request.expectContinue = false;
    s->request.upgrade = false;
    s->response.reason.clear();
    s->response.headers.clear();
    s->response.framing = BodyFraming::None;
    s->response.contentLength = 0;
    s->field.clear();
    s->value.clear();
    s->headBytes = 0;
    s->hostCount = 0;
    s->inHead = true;
    s->started = true;
    s->headReported = false;
    return 0;
  }

  static int onUrl(llhttp_t* p, const char* at, size_t n) {
    Impl* s = self(p);
    s->request.target.append(at, n);
    if (s->request.target.size() > s->limits.maxUri) {
      return s->fail(414, "request target longer than " + std::to_string(s->limits.maxUri) +
                              " bytes");
    }
    return s->countHead(n);
  }

  static int onStatus(llhttp_t* p, const char* at, size_t n) {
    self(p)->response.reason.append(at, n);
    return self(p)->countHead(n);
  }

  static int onMethod(llhttp_t* p, const char* at, size_t n) {
    self(p)->request.method.append(at, n);
    return self(p)->countHead(n);
  }

  static int onHeaderField(llhttp_t* p, const char* at, size_t n) {
    Impl* s = self(p);
    s->field.append(at, n);
    return s->countHead(n);
  }

  static int onHeaderFieldComplete(llhttp_t* p) {
    Impl* s = self(p);
    if (!s->field.empty() && (s->field.back() == ' ' || s->field.back() == '\t')) {
      return s->fail(400, "whitespace between header field name and colon");
    }
    // llhttp 8 lets spaces and some other non-token bytes into field names;
    // two hops that disagree on such a name disagree on the framing.
    for (char c : s->field) {
      if (!isTokenChar(c)) {
        return s->fail(400, "invalid character in header field name");
      }
    }
    return 0;
  }

  static int onHeaderValue(llhttp_t* p, const char* at, size_t n) {
    Impl* s = self(p);
    s->value.append(at, n);
    return s->countHead(n);
  }

  static int onHeaderValueComplete(llhttp_t* p) {
    Impl* s = self(p);
    Headers& h = s->headers();
    if (h.size() >= s->limits.maxHeaders) {
      return s->fail(431, "more than " + std::to_string(s->limits.maxHeaders) + " header fields");
    }
    while (!s->value.empty() && (s->value.back() == ' ' || s->value.back() == '\t')) {
      s->value.pop_back();
    }
    if (s->kind == Kind::Request && iequals(s->field, "host") && ++s->hostCount > 1) {
      return s->fail(400, "more than one Host header field");
    }
    h.add(std::move(s->field), std::move(s->value));
    s->field.clear();
    s->value.clear();
    return 0;
  }

  static int onHeadersComplete(llhttp_t* p) {
    Impl* s = self(p);
    s->inHead = false;
    const bool chunked = (p->flags & F_CHUNKED) != 0;
    const bool hasLength = (p->flags & F_CONTENT_LENGTH) != 0;
    if (s->kind == Kind::Request) {
      RequestHead& r = s->request;
      r.versionMinor = p->http_major == 1 ? p->http_minor : 0;
      if (p->http_major != 1) {
        return s->fail(505, "only HTTP/1.0 and HTTP/1.1 are served here");
      }
      if (r.versionMinor == 0 && r.headers.has("transfer-encoding")) {
        return s->fail(400, "Transfer-Encoding in an HTTP/1.0 request");
      }
      if (r.versionMinor >= 1 && s->hostCount == 0) {
        return s->fail(400, "HTTP/1.1 request without a Host header field");
      }
      r.framing = chunked ? BodyFraming::Chunked
                  : hasLength && p->content_length > 0 ? BodyFraming::ContentLength
                                                       : BodyFraming::None;
      r.contentLength = hasLength ? p->content_length : 0;
      r.keepAlive = llhttp_should_keep_alive(p) != 0;
      r.upgrade = p->upgrade != 0;
      if (const std::string* e = r.headers.find("expect")) {
        r.expectContinue = iequals(*e, "100-continue");
      }
      return HPE_PAUSED;
    }
    ResponseHead& r = s->response;
    r.status = p->status_code;
    r.versionMinor = p->http_minor;
    r.contentLength = hasLength ? p->content_length : 0;
    const bool noBody = s->requestWasHead || r.status < 200 || r.status == 204 || r.status == 304;
    // For HEAD answers the framing describes the GET body that was not sent;
    // the parser itself reads none.
    r.framing = noBody && !s->requestWasHead ? BodyFraming::None
                : chunked ? BodyFraming::Chunked
                : hasLength ? (p->content_length > 0 ? BodyFraming::ContentLength
                                                      : BodyFraming::None)
                            : BodyFraming::UntilClose;
    r.keepAlive = llhttp_should_keep_alive(p) != 0 &&
                  (noBody || r.framing != BodyFraming::UntilClose);
    if (noBody) {
      // llhttp cannot pause and skip the body at once: report the head
      // together with Done when the message completes.
      return 1;
    }
    return HPE_PAUSED;
  }

  static int onBody(llhttp_t* p, const char* at, size_t n) {
    Impl* s = self(p);
    if (n == 0) {
      return 0;  // llhttp closes an open span at the end of an empty feed
    }
    s->event = Event::Body;
    s->body = std::string_view(at, n);
    return HPE_PAUSED;
  }

  static int onMessageComplete(llhttp_t* p) {
    Impl* s = self(p);
    s->event = Event::Done;
    return HPE_PAUSED;
  }
};

Http1Parser::Http1Parser(Kind kind, ParserLimits limits) : m_impl(std::make_unique<Impl>()) {
  Impl& s = *m_impl;
  s.kind = kind;
  s.limits = limits;
  llhttp_settings_init(&s.settings);
  s.settings.on_message_begin = &Impl::onMessageBegin;
  s.settings.on_url = &Impl::onUrl;
  s.settings.on_status = &Impl::onStatus;
  s.settings.on_method = &Impl::onMethod;
  s.settings.on_header_field = &Impl::onHeaderField;
  s.settings.on_header_field_complete = &Impl::onHeaderFieldComplete;
  s.settings.on_header_value = &Impl::onHeaderValue;
  s.settings.on_header_value_complete = &Impl::onHeaderValueComplete;
  s.settings.on_headers_complete = &Impl::onHeadersComplete;
  s.settings.on_body = &Impl::onBody;
  s.settings.on_message_complete = &Impl::onMessageComplete;
  llhttp_init(&s.parser, kind == Kind::Request ? HTTP_REQUEST : HTTP_RESPONSE, &s.settings);
  s.parser.data = &s;
}

Http1Parser::~Http1Parser() = default;

Http1Parser::Step Http1Parser::feed(const char* data, size_t n) {
  Impl& s = *m_impl;
  if (s.pendingDone) {
    s.pendingDone = false;
    return {Event::Done, 0, {}};
  }
  if (s.failed) {
    return {Event::Error, 0, {}};
  }
  s.event = Event::NeedMore;
  // Run llhttp only up to a bare LF or obs-fold; if it is still in the head
  // when it gets there, the request is rejected. Body bytes are not checked.
  const char* violation = nullptr;
  const bool inBody = s.started && s.headReported;
  const size_t known = data == s.cleanFrom ? std::min(s.cleanLen, n) : 0;
  const size_t limit = inBody ? n : s.findHeadViolation(data, n, known, &violation);
  llhttp_errno_t err = llhttp_execute(&s.parser, data, limit);
  s.cleanFrom = nullptr;
  if (err == HPE_PAUSED) {
    const size_t clean = inBody ? known : limit;
    const size_t used = static_cast<size_t>(llhttp_get_error_pos(&s.parser) - data);
    s.cleanFrom = data + used;
    s.cleanLen = clean > used ? clean - used : 0;
  }
  if (err == HPE_OK && limit > 0) {
    s.lastByte = data[limit - 1];
  }
  if (err == HPE_OK) {
    if (limit < n) {
      s.failed = true;
      s.errorStatus = 400;
      s.errorReason = violation;
      return {Event::Error, 0, {}};
    }
    return {Event::NeedMore, n, {}};
  }
  if (err == HPE_PAUSED) {
    size_t consumed = static_cast<size_t>(llhttp_get_error_pos(&s.parser) - data);
    if (consumed > 0) {
      s.lastByte = data[consumed - 1];
    }
    llhttp_resume(&s.parser);
    Event ev = s.event;
    if (ev == Event::NeedMore) {
      s.headReported = true;
      return {Event::Head, consumed, {}};
    }
    if (ev == Event::Done) {
      s.started = false;
      if (!s.headReported) {
        // A body-less response: head first, Done on the next call.
        s.headReported = true;
        s.pendingDone = true;
        return {Event::Head, consumed, {}};
      }
    }
    return {ev, consumed, ev == Event::Body ? s.body : std::string_view{}};
  }
  if (err == HPE_PAUSED_UPGRADE) {
    // The upgrade request is complete and was reported (Head, Done). A
    // caller that switches protocols feeds no more; one that answered
    // without switching goes on with HTTP (RFC 9110 7.8). Without the
    // resume llhttp would return this pause on every later call, and the
    // same request would be handled again and again.
    const size_t consumed = static_cast<size_t>(llhttp_get_error_pos(&s.parser) - data);
    if (consumed > 0) {
      s.lastByte = data[consumed - 1];
    }
    llhttp_resume_after_upgrade(&s.parser);
    s.started = false;
    Step next = feed(data + consumed, n - consumed);
    next.consumed += consumed;
    return next;
  }
  if (!s.failed) {
    s.failed = true;
    s.errorStatus = err == HPE_INVALID_METHOD && s.kind == Kind::Request ? 501 : 400;
    s.errorReason = llhttp_get_error_reason(&s.parser) ? llhttp_get_error_reason(&s.parser) : "";
    if (s.errorReason.empty()) {
      s.errorReason = llhttp_errno_name(err);
    }
  }
  return {Event::Error, 0, {}};
}

Http1Parser::Step Http1Parser::finish() {
  Impl& s = *m_impl;
  s.event = Event::NeedMore;
  llhttp_errno_t err = llhttp_finish(&s.parser);
  if (err == HPE_PAUSED || s.event == Event::Done) {
    llhttp_resume(&s.parser);
    s.started = false;
    return {Event::Done, 0, {}};
  }
  if (err == HPE_OK) {
    return {Event::NeedMore, 0, {}};
  }
  s.errorStatus = 502;
  s.errorReason = "connection closed before the message was complete";
  return {Event::Error, 0, {}};
}

RequestHead& Http1Parser::request() { return m_impl->request; }
ResponseHead& Http1Parser::response() { return m_impl->response; }
void Http1Parser::setRequestWasHead(bool head) { m_impl->requestWasHead = head; }
bool Http1Parser::messageStarted() const { return m_impl->started; }
int Http1Parser::errorStatus() const { return m_impl->errorStatus; }
const std::string& Http1Parser::errorReason() const { return m_impl->errorReason; }

}  // namespace routedeck::core::net
