#pragma once

// W3C Trace Context (and B3) for one request: the trace it belongs to, the
// caller's span, and the gateway's own span, which becomes the parent the
// backend sees. Spans themselves are recorded by the tracing work that
// builds on this (observability issue).

#include <array>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>

#include "proxycore/net/http_message.h"

namespace routedeck::core::proxy {

struct TraceContext {
  std::array<uint8_t, 16> traceId{};
  std::array<uint8_t, 8> parentSpanId{};  // zero when the trace starts here
  std::array<uint8_t, 8> spanId{};        // the gateway span
  bool sampled = true;
  // The caller's headers carried a sampling decision (traceparent flags, a
  // B3 sampling state); otherwise the gateway decides by the route's rate.
  bool callerDecided = false;
  enum class Source { New, W3C, B3Multi, B3Single } source = Source::New;

  // False for a request answered before its trace context was read.
  bool hasTraceId() const;
  void appendTraceIdHex(std::string& out) const;  // into a reused buffer
  std::string traceIdHex() const;
  // "00-<trace>-<gateway span>-<flags>": what the backend is sent.
  std::string traceparent() const;
};

// From the request's traceparent (version 00 rules: lower-case hex, no
// all-zero ids), else its B3 headers (`b3` or `x-b3-*`), else a new trace.
// Always a fresh gateway span id.
TraceContext traceContextFor(const net::Headers& headers, std::mt19937_64& rng);

// Rewrites the propagation headers of an upstream request for `tc`:
// traceparent always, the B3 form the client used when it used one;
// tracestate passes through unchanged.
void applyTraceHeaders(net::Headers& headers, const TraceContext& tc);

}  // namespace routedeck::core::proxy
