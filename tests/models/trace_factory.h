#pragma once

// Builds trace::Trace values directly for the trace models' tests.

#include <memory>
#include <string>

#include "proxycore/api/engine.h"

namespace routedeck::tests {

namespace trace = core::trace;

inline trace::SpanId spanId(uint8_t n) { return trace::SpanId{0, 0, 0, 0, 0, 0, 0, n}; }

// A span numbered `id` under `parent` (0: the caller's span, outside the
// trace), from `startMs` to `endMs` after t0 = 1 s past the epoch.
inline trace::Span span(uint8_t id, uint8_t parent, std::string name, double startMs, double endMs,
                        trace::SpanStatus status = trace::SpanStatus::Unset) {
  trace::Span s;
  s.spanId = spanId(id);
  s.parentSpanId = parent == 0 ? trace::SpanId{9, 9, 9, 9, 9, 9, 9, 9} : spanId(parent);
  s.name = std::move(name);
  s.kind = s.name.rfind("attempt ", 0) == 0 ? trace::SpanKind::Client
           : parent == 0                    ? trace::SpanKind::Server
                                            : trace::SpanKind::Internal;
  s.startUnixNanos = 1'000'000'000 + static_cast<uint64_t>(startMs * 1e6);
  s.endUnixNanos = 1'000'000'000 + static_cast<uint64_t>(endMs * 1e6);
  s.status = status;
  return s;
}

inline std::shared_ptr<trace::Trace> makeTrace(uint8_t n, int status, double durationMs) {
  auto t = std::make_shared<trace::Trace>();
  t->traceId[15] = n;
  t->rule = "HTTPRoute/demo/shop#1";
  t->status = status;
  t->startUnixNanos = 1'000'000'000;
  t->durationSeconds = durationMs / 1000;
  t->spans.push_back(span(1, 0, "gateway", 0, durationMs));
  t->spans.push_back(span(2, 1, "attempt 1 demo/shop-v1", 0.1, durationMs - 0.1));
  return t;
}

}  // namespace routedeck::tests
