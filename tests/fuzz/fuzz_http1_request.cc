// libFuzzer target for the downstream request path: net::Http1Parser fed the
// input in slices whose sizes the first input bytes choose, as TCP reads
// would split it. Checks the contract ServerConnection relies on (consumed
// <= n, body spans inside the fed bytes, no event after Error, Head before
// Body/Done) and that the outcome does not depend on the split: the same
// bytes fed whole must give the same events.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "proxycore/net/http1_parser.h"

using routedeck::core::net::Http1Parser;
using routedeck::core::net::ParserLimits;

namespace {

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "invariant violated: %s\n", what);
  std::abort();
}

struct SliceSource {
  uint32_t state;
  bool whole;
  size_t next(size_t left) {
    if (whole) return left;
    state = state * 1103515245u + 12345u;
    size_t s = 1 + (state >> 16) % 17;  // 1..17: many boundaries, often mid-token
    return s < left ? s : left;
  }
};

struct Outcome {
  std::string trace;  // heads, body bytes and message ends, in order
  int status = 0;     // the error status, 0 when none
};

// Feeds `input` and returns what came out; aborts on a broken invariant.
// `copy`: every feed gets a fresh copy of its bytes, as a caller that moves
// its buffer would, so nothing the parser remembers about addresses applies.
Outcome run(const std::string& input, Http1Parser::Kind kind, const ParserLimits& limits,
            bool requestWasHead, SliceSource slices, bool copy = false) {
  Http1Parser p(kind, limits);
  p.setRequestWasHead(requestWasHead);
  std::string trace;
  bool inMessage = false;  // between Head and Done
  size_t off = 0;
  size_t budget = input.size() * 4 + 16;
  while (off < input.size()) {
    const size_t end = off + slices.next(input.size() - off);
    for (;;) {
      if (budget-- == 0) fail("no progress");
      const size_t n = end - off;
      const std::string fresh = copy ? input.substr(off, n) : std::string();
      const char* data = copy ? fresh.data() : input.data() + off;
      auto st = p.feed(data, n);
      if (st.consumed > n) fail("consumed more than fed");
      off += st.consumed;
      switch (st.event) {
        case Http1Parser::Event::Error: {
          if (st.consumed != 0) fail("error consumed bytes");
          const int status = p.errorStatus();
          if (status < 400 || status > 599) fail("error status out of range");
          auto again = p.feed(data, n);
          if (again.event != Http1Parser::Event::Error || again.consumed != 0) fail("event after Error");
          return {trace, status};
        }
        case Http1Parser::Event::Head:
          if (inMessage) fail("second Head before Done");
          inMessage = true;
          trace += kind == Http1Parser::Kind::Request
                       ? "H" + p.request().method + " " + p.request().target + " " +
                             std::to_string(p.request().headers.size())
                       : "H" + std::to_string(p.response().status);
          trace += "|";
          break;
        case Http1Parser::Event::Body:
          if (!inMessage) fail("Body outside a message");
          if (st.body.data() < data || st.body.data() + st.body.size() > data + n) {
            fail("body span outside the fed bytes");
          }
          if (st.body.data() + st.body.size() > data + st.consumed) fail("body beyond consumed");
          trace.append(st.body);  // spans merge, so splits compare equal
          break;
        case Http1Parser::Event::Done:
          if (!inMessage) fail("Done without Head");
          inMessage = false;
          trace += "|D|";
          break;
        case Http1Parser::Event::NeedMore:
          if (st.consumed != n) fail("NeedMore left bytes unconsumed");
          break;
      }
      if (off >= end) break;
    }
  }
  return {trace, 0};
}

// Limits are checked when llhttp hands over a span, and it hands over an
// open span at the end of every feed: fed whole, "GET /aaaa\x01" fails on the
// control byte (400) before the URI is measured; fed in slices, the URI limit
// may trip first (414). Either way the request is rejected at the same point
// with a 4xx from this set, so that difference is allowed, nothing else.
bool sameOutcome(const Outcome& a, const Outcome& b) {
  if (a.trace != b.trace || (a.status == 0) != (b.status == 0)) {
    return false;
  }
  auto limitOrSyntax = [](int s) { return s == 400 || s == 414 || s == 431; };
  return a.status == b.status || (limitOrSyntax(a.status) && limitOrSyntax(b.status));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) {
    return 0;
  }
  // Byte 0: mode bits; byte 1: slice seed. The rest is the wire.
  const uint8_t mode = data[0];
  const auto kind = (mode & 1) ? Http1Parser::Kind::Response : Http1Parser::Kind::Request;
  const bool head = (mode & 2) != 0;
  ParserLimits limits;
  if (mode & 4) {  // small limits reach the 414/431 paths with short inputs
    limits.maxHeaderBytes = 64;
    limits.maxHeaders = 3;
    limits.maxUri = 16;
  }
  const std::string input(reinterpret_cast<const char*>(data + 2), size - 2);
  const Outcome whole = run(input, kind, limits, head, {0, true});
  const Outcome sliced = run(input, kind, limits, head, {data[1] * 2654435761u, false});
  const Outcome copied = run(input, kind, limits, head, {data[1] * 2654435761u, false}, true);
  if (!sameOutcome(whole, sliced) || !sameOutcome(sliced, copied)) {
    std::fprintf(stderr, "whole:  %s E%d\nsliced: %s E%d\n", whole.trace.c_str(), whole.status,
                 sliced.trace.c_str(), sliced.status);
    fail("outcome depends on how the input was split");
  }
  return 0;
}
