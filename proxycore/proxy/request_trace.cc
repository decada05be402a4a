#include "proxycore/proxy/request_trace.h"

#include <cstring>

#include "proxycore/net/http_message.h"
#include "proxycore/trace/trace_store.h"

namespace routedeck::core::proxy {

namespace {

uint64_t wallNanos(std::chrono::system_clock::time_point t) {
  return static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count());
}

trace::SpanId randomSpanId(std::mt19937_64& rng) {
  trace::SpanId id{};
  uint64_t v = 0;
  while (v == 0) {
    v = rng();
  }
  std::memcpy(id.data(), &v, id.size());
  return id;
}

}  // namespace

RequestTrace::RequestTrace(const TraceContext& tc, std::chrono::steady_clock::time_point start,
                           trace::TraceStore& store)
    : m_store(store), m_steadyStart(start) {
  // One clock reading pair maps steady times (immune to clock steps) to the
  // wall-clock nanoseconds OTLP wants.
  const auto steadyNow = std::chrono::steady_clock::now();
  const auto wallNow = std::chrono::system_clock::now();
  m_wallStartNanos = wallNanos(wallNow) - static_cast<uint64_t>(
                                              std::chrono::duration_cast<std::chrono::nanoseconds>(
                                                  steadyNow - start)
                                                  .count());
  m_trace.traceId = tc.traceId;
  m_trace.startUnixNanos = m_wallStartNanos;
  trace::Span gw;
  gw.spanId = tc.spanId;
  gw.parentSpanId = tc.parentSpanId;
  gw.kind = trace::SpanKind::Server;
  gw.name = "gateway";
  gw.startUnixNanos = m_wallStartNanos;
  m_trace.spans.reserve(6);
  m_trace.spans.push_back(std::move(gw));
}

RequestTrace::~RequestTrace() {
  const uint64_t now = nowNanos();
  for (auto& s : m_trace.spans) {
    if (s.endUnixNanos == 0) {
      s.endUnixNanos = now;  // a request or mirror torn down mid-way
      if (s.status == trace::SpanStatus::Unset) {
        s.status = trace::SpanStatus::Error;
        s.statusMessage = "abandoned";
      }
    }
  }
  m_store.add(std::make_shared<const trace::Trace>(std::move(m_trace)));
}

uint64_t RequestTrace::nowNanos() const {
  return m_wallStartNanos + static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                                      std::chrono::steady_clock::now() - m_steadyStart)
                                                      .count());
}

size_t RequestTrace::begin(std::string name, trace::SpanKind kind, std::mt19937_64& rng, size_t parent) {
  trace::Span s;
  s.spanId = randomSpanId(rng);
  s.parentSpanId = m_trace.spans[parent].spanId;
  s.name = std::move(name);
  s.kind = kind;
  s.startUnixNanos = nowNanos();
  m_trace.spans.push_back(std::move(s));
  return m_trace.spans.size() - 1;
}

void RequestTrace::end(size_t i, trace::SpanStatus status, std::string message) {
  trace::Span& s = m_trace.spans[i];
  s.endUnixNanos = nowNanos();
  if (status != trace::SpanStatus::Unset) {
    s.status = status;
    s.statusMessage = std::move(message);
  }
}

void RequestTrace::event(size_t i, std::string name, std::vector<trace::Attribute> attributes) {
  m_trace.spans[i].events.push_back({nowNanos(), std::move(name), std::move(attributes)});
}

void RequestTrace::finish(int status, const std::string& rule, const std::string& requestId) {
  trace::Span& gw = m_trace.spans[kGateway];
  gw.endUnixNanos = nowNanos();
  attr(kGateway, "http.response.status_code", status);
  if (status >= 500 && gw.status == trace::SpanStatus::Unset) {
    gw.status = trace::SpanStatus::Error;  // OTel: 5xx is a server span error, 4xx is not
  }
  m_trace.status = status;
  m_trace.rule = rule;
  m_trace.requestId = requestId;
  m_trace.durationSeconds = static_cast<double>(gw.endUnixNanos - gw.startUnixNanos) / 1e9;
}

void patchUpstreamSpanId(std::string& wire, const trace::SpanId& id) {
  const std::string hex = trace::toHex(id);
  const size_t headEnd = wire.find("\r\n\r\n");
  // Field names keep the client's spelling: compare without case.
  for (size_t line = wire.find("\r\n"); line != std::string::npos && line < headEnd;
       line = wire.find("\r\n", line + 2)) {
    const size_t nameStart = line + 2;
    const size_t colon = wire.find(':', nameStart);
    if (colon == std::string::npos || colon > headEnd) {
      break;
    }
    const std::string_view name(wire.data() + nameStart, colon - nameStart);
    size_t value = colon + 1;
    while (value < wire.size() && wire[value] == ' ') ++value;
    size_t skip = std::string::npos;
    if (net::iequals(name, "traceparent")) {
      skip = 36;  // "00-" + trace id + '-'
    } else if (net::iequals(name, "x-b3-spanid")) {
      skip = 0;
    } else if (net::iequals(name, "b3")) {
      skip = 33;  // trace id + '-' (RouteDeck writes 128-bit ids)
    }
    if (skip != std::string::npos && value + skip + 16 <= headEnd) {
      wire.replace(value + skip, 16, hex);
    }
  }
}

}  // namespace routedeck::core::proxy
