#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "proxycore/net/http_message.h"

namespace routedeck::core::net {

struct ParserLimits {
  size_t maxHeaderBytes = 64 * 1024;  // request line + all header fields
  size_t maxHeaders = 100;
  size_t maxUri = 8 * 1024;
};

// Incremental, strict HTTP/1.1 parser over llhttp. feed() stops at every
// event (head complete, one body span, message complete), so a caller can
// act on the head before any body byte is consumed and never reads a
// pipelined request early. Lenient modes stay off, and on top of llhttp it
// rejects bare LF and obs-fold in a head, whitespace before the colon,
// non-token field names, several Host fields, a missing Host in HTTP/1.1 and
// Transfer-Encoding in HTTP/1.0 — the request smuggling vectors RFC 9112
// names. Bytes a feed did not consume must start the next feed; an error is
// final.
class Http1Parser {
 public:
  enum class Kind { Request, Response };
  enum class Event { NeedMore, Head, Body, Done, Error };
  struct Step {
    Event event = Event::NeedMore;
    size_t consumed = 0;
    std::string_view body;  // Event::Body only: points into the fed data
  };

  explicit Http1Parser(Kind kind, ParserLimits limits = {});
  ~Http1Parser();
  Http1Parser(const Http1Parser&) = delete;
  Http1Parser& operator=(const Http1Parser&) = delete;

  Step feed(const char* data, size_t n);
  // The peer closed the connection: completes an until-close body.
  Step finish();

  RequestHead& request();
  ResponseHead& response();
  // Response parsing: the request was HEAD, so the response has no body.
  void setRequestWasHead(bool head);
  // True once any byte of the current message has been seen.
  bool messageStarted() const;
  // Error details: the status a server answers with (400, 414, 431, 501)
  // and a short human reason.
  int errorStatus() const;
  const std::string& errorReason() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace routedeck::core::net
