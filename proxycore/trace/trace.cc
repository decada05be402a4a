#include "proxycore/trace/trace.h"

#include <algorithm>

namespace routedeck::core::trace {

bool Span::isRoot() const {
  return std::all_of(parentSpanId.begin(), parentSpanId.end(), [](uint8_t b) { return b == 0; });
}

const Attribute* Span::attribute(const std::string& key) const {
  for (const auto& a : attributes) {
    if (a.key == key) {
      return &a;
    }
  }
  return nullptr;
}

std::string Trace::traceIdHex() const { return toHex(traceId); }

const Span* Trace::span(const SpanId& id) const {
  for (const auto& s : spans) {
    if (s.spanId == id) {
      return &s;
    }
  }
  return nullptr;
}

std::string toHex(const uint8_t* bytes, size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(2 * n, '0');
  for (size_t i = 0; i < n; ++i) {
    out[2 * i] = kDigits[bytes[i] >> 4];
    out[2 * i + 1] = kDigits[bytes[i] & 0xf];
  }
  return out;
}

bool fromHex(const std::string& hex, uint8_t* out, size_t n) {
  if (hex.size() != 2 * n) {
    return false;
  }
  auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (size_t i = 0; i < n; ++i) {
    const int hi = digit(hex[2 * i]);
    const int lo = digit(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) {
      return false;
    }
    out[i] = static_cast<uint8_t>(hi << 4 | lo);
  }
  return true;
}

}  // namespace routedeck::core::trace
