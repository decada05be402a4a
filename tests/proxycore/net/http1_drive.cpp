#include "tests/proxycore/net/http1_drive.h"

#include <algorithm>

namespace routedeck::tests {

using core::net::BodyFraming;
using core::net::Http1Parser;

namespace {

const char* framingName(BodyFraming f) {
  switch (f) {
    case BodyFraming::None: return "none";
    case BodyFraming::ContentLength: return "length";
    case BodyFraming::Chunked: return "chunked";
    case BodyFraming::UntilClose: return "close";
  }
  return "?";
}

}  // namespace

std::string drive(Http1Parser& parser, const std::string& bytes, const SliceFn& slice) {
  std::string out;
  std::string body;
  auto flushBody = [&] {
    if (!body.empty()) {
      out += "BODY " + body + " | ";
      body.clear();
    }
  };
  size_t off = 0;
  // Every step consumes a byte or reports an event, and an event cannot
  // repeat without input; 4 steps per byte plus slack bounds a broken parser.
  long budget = static_cast<long>(bytes.size()) * 4 + 16;
  while (off < bytes.size()) {
    size_t len = std::min(std::max<size_t>(slice(bytes.size() - off), 1), bytes.size() - off);
    size_t end = off + len;
    // Re-feed the rest of this slice until the parser wants more bytes.
    for (;;) {
      if (--budget < 0) {
        return out + "STUCK at " + std::to_string(off);
      }
      auto step = parser.feed(bytes.data() + off, end - off);
      off += step.consumed;
      if (step.event == Http1Parser::Event::Error) {
        flushBody();
        return out + "ERROR " + std::to_string(parser.errorStatus());
      }
      if (step.event == Http1Parser::Event::Head) {
        flushBody();
        const auto& r = parser.request();
        out += "HEAD " + r.method + " " + r.target + " 1." + std::to_string(r.versionMinor) + " " +
               framingName(r.framing) + (r.keepAlive ? " ka" : " close") +
               (r.expectContinue ? " expect" : "");
        for (const auto& h : r.headers.all()) {
          out += " " + h.name + "=" + h.value;
        }
        out += " | ";
      } else if (step.event == Http1Parser::Event::Body) {
        body += std::string(step.body);
      } else if (step.event == Http1Parser::Event::Done) {
        flushBody();
        out += "DONE | ";
      } else if (off >= end) {
        break;  // NeedMore with the slice used up
      }
    }
  }
  flushBody();
  return out;
}

std::string driveRequest(const std::string& bytes, const SliceFn& slice,
                         core::net::ParserLimits limits) {
  Http1Parser parser(Http1Parser::Kind::Request, limits);
  return drive(parser, bytes, slice);
}

}  // namespace routedeck::tests
