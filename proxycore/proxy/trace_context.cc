#include "proxycore/proxy/trace_context.h"

#include <algorithm>

namespace routedeck::core::proxy {

namespace {

constexpr char kHex[] = "0123456789abcdef";

template <size_t N>
void appendHex(std::string& out, const std::array<uint8_t, N>& bytes) {
  for (uint8_t b : bytes) {
    out += kHex[b >> 4];
    out += kHex[b & 0xf];
  }
}

int hexValue(char c, bool allowUpper) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (allowUpper && c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Exactly 2N hex digits; `lowerOnly` for W3C, which forbids upper case.
template <size_t N>
bool parseHex(std::string_view s, std::array<uint8_t, N>& out, bool lowerOnly) {
  if (s.size() != 2 * N) {
    return false;
  }
  for (size_t i = 0; i < N; ++i) {
    const int hi = hexValue(s[2 * i], !lowerOnly);
    const int lo = hexValue(s[2 * i + 1], !lowerOnly);
    if (hi < 0 || lo < 0) {
      return false;
    }
    out[i] = static_cast<uint8_t>(hi << 4 | lo);
  }
  return true;
}

template <size_t N>
bool allZero(const std::array<uint8_t, N>& a) {
  return std::all_of(a.begin(), a.end(), [](uint8_t b) { return b == 0; });
}

template <size_t N>
void randomize(std::array<uint8_t, N>& out, std::mt19937_64& rng) {
  do {
    for (size_t i = 0; i < N; i += 8) {
      uint64_t v = rng();
      for (size_t j = i; j < std::min(N, i + 8); ++j, v >>= 8) {
        out[j] = static_cast<uint8_t>(v);
      }
    }
  } while (allZero(out));
}

// "00-<32 hex>-<16 hex>-<2 hex>", exactly: version 00 has no further fields.
bool parseTraceparent(std::string_view v, TraceContext& tc) {
  if (v.size() != 55 || v.substr(0, 3) != "00-" || v[35] != '-' || v[52] != '-') {
    return false;
  }
  std::array<uint8_t, 1> flags{};
  if (!parseHex(v.substr(3, 32), tc.traceId, true) || !parseHex(v.substr(36, 16), tc.parentSpanId, true) ||
      !parseHex(v.substr(53, 2), flags, true) || allZero(tc.traceId) || allZero(tc.parentSpanId)) {
    return false;
  }
  tc.sampled = (flags[0] & 1) != 0;
  tc.callerDecided = true;
  return true;
}

// B3 trace ids may be 64-bit (16 hex digits): left-padded to 128 bits.
bool parseB3TraceId(std::string_view s, std::array<uint8_t, 16>& out) {
  out.fill(0);
  if (s.size() == 16) {
    std::array<uint8_t, 8> low{};
    if (!parseHex(s, low, false)) return false;
    std::copy(low.begin(), low.end(), out.begin() + 8);
  } else if (!parseHex(s, out, false)) {
    return false;
  }
  return !allZero(out);
}

bool b3Sampled(std::string_view s) { return s != "0"; }

// b3: {TraceId}-{SpanId}[-{SamplingState}[-{ParentSpanId}]]
bool parseB3Single(std::string_view v, TraceContext& tc) {
  const size_t a = v.find('-');
  if (a == std::string_view::npos) {
    return false;  // "0"/"1"/"d" alone carry no ids
  }
  const size_t b = v.find('-', a + 1);
  const std::string_view span = v.substr(a + 1, b == std::string_view::npos ? v.npos : b - a - 1);
  if (!parseB3TraceId(v.substr(0, a), tc.traceId) || !parseHex(span, tc.parentSpanId, false) ||
      allZero(tc.parentSpanId)) {
    return false;
  }
  if (b != std::string_view::npos) {
    const size_t c = v.find('-', b + 1);
    tc.sampled = b3Sampled(v.substr(b + 1, c == std::string_view::npos ? v.npos : c - b - 1));
    tc.callerDecided = true;
  }
  return true;
}

}  // namespace

bool TraceContext::hasTraceId() const { return !allZero(traceId); }

void TraceContext::appendTraceIdHex(std::string& out) const { appendHex(out, traceId); }

std::string TraceContext::traceIdHex() const {
  std::string out;
  out.reserve(32);
  appendTraceIdHex(out);
  return out;
}

std::string TraceContext::traceparent() const {
  std::string out;
  out.reserve(55);
  out += "00-";
  appendHex(out, traceId);
  out += '-';
  appendHex(out, spanId);
  out += sampled ? "-01" : "-00";
  return out;
}

TraceContext traceContextFor(const net::Headers& headers, std::mt19937_64& rng) {
  // One pass over the fields, names compared only at the right length: this
  // runs for every request, and most carry none of these.
  const std::string *w3c = nullptr, *b3 = nullptr, *tid = nullptr, *sid = nullptr, *smp = nullptr;
  for (const auto& h : headers.all()) {
    switch (h.name.size()) {
      case 2:
        if (net::iequals(h.name, "b3")) b3 = &h.value;
        break;
      case 11:
        if (net::iequals(h.name, "traceparent")) w3c = &h.value;
        else if (net::iequals(h.name, "x-b3-spanid")) sid = &h.value;
        break;
      case 12:
        if (net::iequals(h.name, "x-b3-traceid")) tid = &h.value;
        else if (net::iequals(h.name, "x-b3-sampled")) smp = &h.value;
        break;
      default:
        break;
    }
  }
  TraceContext tc;
  if (w3c && parseTraceparent(*w3c, tc)) {
    tc.source = TraceContext::Source::W3C;
  } else if (b3 && parseB3Single(*b3, tc)) {
    tc.source = TraceContext::Source::B3Single;
  } else if (tid && sid && parseB3TraceId(*tid, tc.traceId) && parseHex(*sid, tc.parentSpanId, false)) {
    tc.sampled = !smp || b3Sampled(*smp);
    tc.callerDecided = smp != nullptr;
    tc.source = TraceContext::Source::B3Multi;
  }
  if (tc.source == TraceContext::Source::New) {
    tc = TraceContext{};
    randomize(tc.traceId, rng);
  }
  randomize(tc.spanId, rng);
  return tc;
}

void applyTraceHeaders(net::Headers& headers, const TraceContext& tc) {
  headers.set("traceparent", tc.traceparent());
  std::string span;
  appendHex(span, tc.spanId);
  switch (tc.source) {
    case TraceContext::Source::B3Single: {
      std::string b3 = tc.traceIdHex() + '-' + span + (tc.sampled ? "-1-" : "-0-");
      appendHex(b3, tc.parentSpanId);
      headers.set("b3", std::move(b3));
      break;
    }
    case TraceContext::Source::B3Multi: {
      std::string parent;
      appendHex(parent, tc.parentSpanId);
      headers.set("x-b3-spanid", std::move(span));
      headers.set("x-b3-parentspanid", std::move(parent));
      break;
    }
    default:
      break;
  }
}

}  // namespace routedeck::core::proxy
