#include "proxycore/stats/access_log_format.h"

#include <arpa/inet.h>

#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <ctime>

namespace routedeck::core::stats {

namespace {

constexpr std::array<std::string_view, 18> kSecretParams = {
    "token",        "access_token", "id_token",   "refresh_token", "api_key",   "apikey",
    "api-key",      "key",          "password",   "passwd",        "secret",    "client_secret",
    "auth",         "authorization", "signature", "sig",           "session",   "x-amz-signature"};

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

bool secretParam(std::string_view name) {
  for (auto s : kSecretParams) {
    if (equalsIgnoreCase(name, s)) return true;
  }
  return false;
}

constexpr std::array<bool, 256> kNeedsEscape = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 256; ++c) t[static_cast<size_t>(c)] = c < 0x20 || c == '"' || c == '\\' || c >= 0x7f;
  return t;
}();

bool needsEscape(unsigned char c) { return kNeedsEscape[c]; }

void appendEscaped(std::string& out, std::string_view s) {
  size_t plain = 0;
  while (plain < s.size() && !needsEscape(static_cast<unsigned char>(s[plain]))) ++plain;
  out.append(s.substr(0, plain));  // the common case: nothing to escape
  for (size_t i = plain; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (needsEscape(c)) {
          // Control bytes, DEL and bytes >= 0x80 (request bytes need not be
          // UTF-8) are escaped so every line is valid JSON.
          static constexpr char kHex[] = "0123456789abcdef";
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 15];
        } else {
          out += static_cast<char>(c);
        }
    }
  }
}

void appendNumber(std::string& out, long long v) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, end);
}

// "2026-11-26T10:57:42.215Z". gmtime and printf cost more than the rest of
// a log line, so the part up to the second is cached per thread.
void appendIsoTime(std::string& out, std::chrono::system_clock::time_point t) {
  thread_local long long cachedSecond = -1;
  thread_local char prefix[64];
  const long long ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  const long long secs = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
  if (secs != cachedSecond) {
    const std::time_t tt = static_cast<std::time_t>(secs);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    std::snprintf(prefix, sizeof prefix, "%04d-%02d-%02dT%02d:%02d:%02d.", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    cachedSecond = secs;
  }
  out += prefix;
  const int frac = static_cast<int>(ms - secs * 1000);
  out += static_cast<char>('0' + frac / 100);
  out += static_cast<char>('0' + frac / 10 % 10);
  out += static_cast<char>('0' + frac % 10);
  out += 'Z';
}

// Milliseconds with three decimals, from seconds.
void appendMillis(std::string& out, double seconds) {
  const long long us = std::llround(seconds * 1e6);
  appendNumber(out, us / 1000);
  const int frac = static_cast<int>(us % 1000);
  out += '.';
  out += static_cast<char>('0' + frac / 100);
  out += static_cast<char>('0' + frac / 10 % 10);
  out += static_cast<char>('0' + frac % 10);
}

}  // namespace

std::string redactTarget(std::string_view target) {
  std::string out;
  size_t start = 0;
  // Absolute form: drop userinfo (scheme://user:pass@host/...).
  if (auto scheme = target.find("://"); scheme != std::string_view::npos && scheme < target.find('/')) {
    const size_t hostStart = scheme + 3;
    const size_t hostEnd = target.find_first_of("/?#", hostStart);
    const size_t at = target.substr(hostStart, hostEnd - hostStart).rfind('@');
    if (at != std::string_view::npos) {
      out.append(target.substr(0, hostStart));
      out.append(kRedacted);
      out += '@';
      start = hostStart + at + 1;
    }
  }
  const size_t q = target.find('?', start);
  if (q == std::string_view::npos) {
    out.append(target.substr(start));
    return out;
  }
  out.append(target.substr(start, q + 1 - start));
  std::string_view query = target.substr(q + 1);
  const size_t hash = query.find('#');
  std::string_view fragment = hash == std::string_view::npos ? std::string_view{} : query.substr(hash);
  query = query.substr(0, hash);
  bool first = true;
  while (!query.empty() || first) {
    const size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    if (!first) out += '&';
    first = false;
    const size_t eq = pair.find('=');
    std::string_view name = pair.substr(0, eq);
    if (eq != std::string_view::npos && secretParam(name)) {
      out.append(name);
      out += '=';
      out.append(kRedacted);
    } else {
      out.append(pair);
    }
    if (amp == std::string_view::npos) break;
    query = query.substr(amp + 1);
  }
  out.append(fragment);
  return out;
}

std::string_view redactHeader(std::string_view lowerName, std::string_view value) {
  if (lowerName == "authorization" || lowerName == "proxy-authorization" || lowerName == "cookie" ||
      lowerName == "set-cookie" || lowerName == "x-api-key" || lowerName == "x-auth-token") {
    return kRedacted;
  }
  return value;
}

void redact(AccessRecord& r) {
  if (r.path.find_first_of("?@") != std::string::npos) {
    r.path = redactTarget(r.path);
  }
}

void appendJson(std::string& o, const AccessRecord& r) {
  o.reserve(o.size() + 512 + r.path.size() + r.userAgent.size());
  // Each field's prefix is one literal (closing the previous value, key,
  // opening quote): the line is written in a single pass, no strlen.
  auto str = [&](std::string_view prefix, std::string_view v) {
    o += prefix;
    appendEscaped(o, v);
  };
  auto num = [&](std::string_view prefix, long long v) {
    o += prefix;
    appendNumber(o, v);
  };
  o += "{\"time\":\"";
  appendIsoTime(o, r.time);
  str("\",\"request_id\":\"", r.requestId);
  str("\",\"trace_id\":\"", r.traceId);
  str("\",\"client\":\"", r.client);
  str("\",\"method\":\"", r.method);
  str("\",\"authority\":\"", r.authority);
  str("\",\"path\":\"", r.path);
  str("\",\"protocol\":\"", r.protocol);
  num("\",\"status\":", r.status);
  str(",\"response_flags\":\"", r.flags);
  str("\",\"route_kind\":\"", r.routeKind);
  str("\",\"route_namespace\":\"", r.routeNamespace);
  str("\",\"route_name\":\"", r.routeName);
  num("\",\"rule\":", r.rule);
  str(",\"backend\":\"", r.backend);
  str("\",\"endpoint\":\"", r.endpoint);
  num("\",\"attempts\":", r.attempts);
  num(",\"bytes_received\":", static_cast<long long>(r.bytesIn));
  num(",\"bytes_sent\":", static_cast<long long>(r.bytesOut));
  o += ",\"duration_ms\":";
  appendMillis(o, r.totalSeconds);
  o += ",\"upstream_duration_ms\":";
  if (r.upstreamSeconds < 0) {
    o += "null";
  } else {
    appendMillis(o, r.upstreamSeconds);
  }
  str(",\"user_agent\":\"", r.userAgent);
  o += '"';
  if (!r.grpcService.empty()) {  // gRPC calls only: other records keep their shape
    str(",\"grpc_service\":\"", r.grpcService);
    str("\",\"grpc_method\":\"", r.grpcMethod);
    o += '"';
    if (r.grpcStatus >= 0) {
      num(",\"grpc_status\":", r.grpcStatus);
    }
  }
  o += "}";
}

std::string formatJson(const AccessRecord& r) {
  std::string o;
  appendJson(o, r);
  return o;
}

std::string formatText(const AccessRecord& r) {
  auto dash = [](const std::string& s) { return s.empty() ? std::string_view("-") : std::string_view(s); };
  std::string o;
  o.reserve(384 + r.path.size() + r.userAgent.size());
  o += '[';
  appendIsoTime(o, r.time);
  o += "] \"";
  appendEscaped(o, r.method);
  o += ' ';
  appendEscaped(o, r.path);
  o += ' ';
  o += dash(r.protocol);
  o += "\" ";
  appendNumber(o, r.status);
  o += ' ';
  o += dash(r.flags);
  o += ' ';
  appendNumber(o, static_cast<long long>(r.bytesIn));
  o += ' ';
  appendNumber(o, static_cast<long long>(r.bytesOut));
  o += ' ';
  appendNumber(o, static_cast<long long>(r.totalSeconds * 1000.0));
  o += ' ';
  if (r.upstreamSeconds < 0) {
    o += '-';
  } else {
    appendNumber(o, static_cast<long long>(r.upstreamSeconds * 1000.0));
  }
  const std::string rule = r.ruleId();
  for (const std::string* s : {&r.userAgent, &r.requestId, &r.authority, &r.endpoint, &rule, &r.backend}) {
    o += " \"";
    appendEscaped(o, dash(*s));
    o += '"';
  }
  return o;
}

void AccessRecord::formatClient() {
  client.clear();
  if (clientAddress.v6) {
    char buf[INET6_ADDRSTRLEN] = {};
    inet_ntop(AF_INET6, clientAddress.bytes.data(), buf, sizeof buf);
    client += '[';
    client += buf;
    client += ']';
  } else {
    // inet_ntop formats through sprintf: four small numbers are cheaper by hand.
    for (int i = 0; i < 4; ++i) {
      if (i) client += '.';
      appendNumber(client, clientAddress.bytes[static_cast<size_t>(i)]);
    }
  }
  client += ':';
  appendNumber(client, clientAddress.port);
}

std::string AccessRecord::ruleId() const {
  if (routeKind.empty()) return {};
  return routeKind + "/" + routeNamespace + "/" + routeName + "#" + std::to_string(rule);
}

}  // namespace routedeck::core::stats
