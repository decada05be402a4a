#pragma once

// The spans of one sampled request. Recorded on the request's worker only
// (mirrors run on the same worker), and handed to the trace store when the
// last holder lets go: the request when it ends, or a mirror still waiting
// for its backend.

#include <chrono>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "proxycore/proxy/trace_context.h"
#include "proxycore/trace/trace.h"

namespace routedeck::core::trace {
class TraceStore;
}

namespace routedeck::core::proxy {

class RequestTrace {
 public:
  // The gateway span (index 0) starts at `start`, carrying the context's
  // trace id, span id and caller span.
  RequestTrace(const TraceContext& tc, std::chrono::steady_clock::time_point start,
               trace::TraceStore& store);
  ~RequestTrace();
  RequestTrace(const RequestTrace&) = delete;
  RequestTrace& operator=(const RequestTrace&) = delete;

  static constexpr size_t kGateway = 0;

  // A child of `parent`, started now. Spans are referred to by index: the
  // vector grows while earlier ones are still open.
  size_t begin(std::string name, trace::SpanKind kind, std::mt19937_64& rng,
               size_t parent = kGateway);
  void end(size_t span, trace::SpanStatus status = trace::SpanStatus::Unset, std::string message = {});
  trace::Span& span(size_t i) { return m_trace.spans[i]; }
  const trace::SpanId& spanId(size_t i) const { return m_trace.spans[i].spanId; }
  void event(size_t span, std::string name, std::vector<trace::Attribute> attributes = {});

  template <typename V>
  void attr(size_t span, std::string key, V&& value) {
    m_trace.spans[span].attributes.push_back({std::move(key), std::forward<V>(value)});
  }
  void attr(size_t span, std::string key, const char* value) { attr(span, std::move(key), std::string(value)); }
  void attr(size_t span, std::string key, int value) { attr(span, std::move(key), static_cast<int64_t>(value)); }

  // Once the response is complete: the gateway span ends, the trace gets
  // its summary fields. Spans still open (a mirror) end when they finish.
  void finish(int status, const std::string& rule, const std::string& requestId);

  uint64_t nowNanos() const;

 private:
  trace::Trace m_trace;
  trace::TraceStore& m_store;
  std::chrono::steady_clock::time_point m_steadyStart;
  uint64_t m_wallStartNanos;
};

// Rewrites the span id the upstream request carries (traceparent, and the
// B3 fields when present) in an already serialised head, so that each
// attempt and mirror is the parent of what its backend records.
void patchUpstreamSpanId(std::string& wire, const trace::SpanId& id);

}  // namespace routedeck::core::proxy
