#pragma once

// Access-log lines and the redaction every record goes through before it is
// stored or written: query parameters that carry credentials lose their
// values, as does userinfo in an absolute-form target. Headers that carry
// secrets (authorization, proxy-authorization, cookie, set-cookie) are never
// copied into a record; redactHeader() is the rule for any that ever are.

#include <string>
#include <string_view>

#include "proxycore/stats/access_record.h"

namespace routedeck::core::stats {

enum class AccessLogFormat { Json, Text };

inline constexpr std::string_view kRedacted = "[REDACTED]";

// The target with token-like query values (token, access_token, api_key,
// password, ...) replaced by kRedacted.
std::string redactTarget(std::string_view target);
// The value, or kRedacted for headers that carry credentials.
std::string_view redactHeader(std::string_view lowerName, std::string_view value);
void redact(AccessRecord& r);

// One JSON object (no newline). Keys: time, request_id, trace_id, client,
// method, authority, path, protocol, status, response_flags, route_kind,
// route_namespace, route_name, rule, backend, endpoint, attempts,
// bytes_received, bytes_sent, duration_ms, upstream_duration_ms, user_agent.
std::string formatJson(const AccessRecord& r);
// The same line appended to `out` (the sink's buffer: no string per record).
void appendJson(std::string& out, const AccessRecord& r);
// Envoy's default format, extended with the route and backend:
// [time] "METHOD PATH PROTOCOL" STATUS FLAGS RX TX DURATION UPSTREAM
// "UA" "REQUEST-ID" "AUTHORITY" "ENDPOINT" "ROUTE#RULE" "BACKEND"
std::string formatText(const AccessRecord& r);

}  // namespace routedeck::core::stats
