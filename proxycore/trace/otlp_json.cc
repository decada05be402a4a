#include "proxycore/trace/otlp_json.h"

#include <nlohmann/json.hpp>

namespace routedeck::core::trace {

namespace {

using nlohmann::json;

json anyValue(const Attribute& a) {
  return std::visit(
      [](const auto& v) -> json {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::string>) {
          return {{"stringValue", v}};
        } else if constexpr (std::is_same_v<T, bool>) {
          return {{"boolValue", v}};
        } else if constexpr (std::is_same_v<T, int64_t>) {
          return {{"intValue", std::to_string(v)}};
        } else {
          return {{"doubleValue", v}};
        }
      },
      a.value);
}

json attributes(const std::vector<Attribute>& attrs) {
  json out = json::array();
  for (const auto& a : attrs) {
    out.push_back({{"key", a.key}, {"value", anyValue(a)}});
  }
  return out;
}

json span(const Trace& t, const Span& s) {
  json j = {{"traceId", toHex(t.traceId)},
            {"spanId", toHex(s.spanId)},
            {"name", s.name},
            {"kind", static_cast<int>(s.kind)},
            {"startTimeUnixNano", std::to_string(s.startUnixNanos)},
            {"endTimeUnixNano", std::to_string(s.endUnixNanos)},
            {"attributes", attributes(s.attributes)}};
  if (!s.isRoot()) {
    j["parentSpanId"] = toHex(s.parentSpanId);
  }
  if (!s.events.empty()) {
    json events = json::array();
    for (const auto& e : s.events) {
      events.push_back({{"timeUnixNano", std::to_string(e.timeUnixNanos)},
                        {"name", e.name},
                        {"attributes", attributes(e.attributes)}});
    }
    j["events"] = std::move(events);
  }
  if (s.status != SpanStatus::Unset) {
    json st = {{"code", static_cast<int>(s.status)}};
    if (!s.statusMessage.empty()) st["message"] = s.statusMessage;
    j["status"] = std::move(st);
  }
  return j;
}

}  // namespace

std::string encodeOtlpJson(const std::vector<TraceConstSharedPtr>& traces, const Resource& resource) {
  json spans = json::array();
  for (const auto& t : traces) {
    for (const auto& s : t->spans) {
      spans.push_back(span(*t, s));
    }
  }
  std::vector<Attribute> res = {{"service.name", resource.serviceName}};
  if (!resource.serviceVersion.empty()) {
    res.push_back({"service.version", resource.serviceVersion});
  }
  json body = {{"resourceSpans",
                json::array({{{"resource", {{"attributes", attributes(res)}}},
                              {"scopeSpans", json::array({{{"scope", {{"name", "routedeck.gateway"}}},
                                                           {"spans", std::move(spans)}}})}}})}};
  // Attribute values come from requests: replace invalid UTF-8 rather than throw.
  return body.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace routedeck::core::trace
