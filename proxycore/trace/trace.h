#pragma once

// Recorded traces: what the gateway did with one sampled request, as spans
// in OpenTelemetry's shape (kinds, status codes and attribute value types
// map one to one onto OTLP, see otlp_json.h). Immutable once recorded.

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace routedeck::core::trace {

using TraceId = std::array<uint8_t, 16>;
using SpanId = std::array<uint8_t, 8>;

enum class SpanKind { Internal = 1, Server = 2, Client = 3 };  // OTLP's numbers
enum class SpanStatus { Unset = 0, Ok = 1, Error = 2 };

struct Attribute {
  std::string key;
  std::variant<std::string, int64_t, double, bool> value;
};

struct SpanEvent {
  uint64_t timeUnixNanos = 0;
  std::string name;
  std::vector<Attribute> attributes;
};

struct Span {
  SpanId spanId{};
  SpanId parentSpanId{};  // all zero for a root span
  std::string name;
  SpanKind kind = SpanKind::Internal;
  uint64_t startUnixNanos = 0;
  uint64_t endUnixNanos = 0;
  SpanStatus status = SpanStatus::Unset;
  std::string statusMessage;
  std::vector<Attribute> attributes;
  std::vector<SpanEvent> events;

  bool isRoot() const;
  const Attribute* attribute(const std::string& key) const;  // null when absent
};

struct Trace {
  TraceId traceId{};
  std::string rule;       // stats::RuleKey::id(); empty when no rule took the request
  std::string requestId;  // x-request-id
  int status = 0;         // HTTP status sent downstream
  uint64_t startUnixNanos = 0;
  double durationSeconds = 0;
  std::vector<Span> spans;  // the gateway span first, then in start order

  std::string traceIdHex() const;
  const Span* span(const SpanId& id) const;
};

using TraceConstSharedPtr = std::shared_ptr<const Trace>;

std::string toHex(const uint8_t* bytes, size_t n);
inline std::string toHex(const TraceId& id) { return toHex(id.data(), id.size()); }
inline std::string toHex(const SpanId& id) { return toHex(id.data(), id.size()); }
// Lower- or upper-case hex of exactly 2*N digits.
bool fromHex(const std::string& hex, uint8_t* out, size_t n);

}  // namespace routedeck::core::trace
