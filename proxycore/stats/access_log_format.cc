#include "proxycore/stats/access_log_format.h"

#include <arpa/inet.h>

#include <array>
#include <cctype>
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

void appendEscaped(std::string& out, std::string_view s) {
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else if (c >= 0x80) {
          // Request bytes are not guaranteed UTF-8: escape them so every
          // line is valid JSON.
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += ch;
        }
    }
  }
}

std::string isoTime(std::chrono::system_clock::time_point t) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  const std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
  return buf;
}

std::string millis(double seconds) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", seconds * 1000.0);
  return buf;
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

std::string formatJson(const AccessRecord& r) {
  std::string o;
  o.reserve(512);
  auto str = [&](const char* key, std::string_view v, bool comma = true) {
    o += '"';
    o += key;
    o += "\":\"";
    appendEscaped(o, v);
    o += comma ? "\"," : "\"";
  };
  auto num = [&](const char* key, const std::string& v) {
    o += '"';
    o += key;
    o += "\":";
    o += v;
    o += ',';
  };
  o += '{';
  str("time", isoTime(r.time));
  str("request_id", r.requestId);
  str("trace_id", r.traceId);
  str("client", r.client);
  str("method", r.method);
  str("authority", r.authority);
  str("path", r.path);
  str("protocol", r.protocol);
  num("status", std::to_string(r.status));
  str("response_flags", r.flags);
  str("route_kind", r.routeKind);
  str("route_namespace", r.routeNamespace);
  str("route_name", r.routeName);
  num("rule", std::to_string(r.rule));
  str("backend", r.backend);
  str("endpoint", r.endpoint);
  num("attempts", std::to_string(r.attempts));
  num("bytes_received", std::to_string(r.bytesIn));
  num("bytes_sent", std::to_string(r.bytesOut));
  num("duration_ms", millis(r.totalSeconds));
  num("upstream_duration_ms", r.upstreamSeconds < 0 ? std::string("null") : millis(r.upstreamSeconds));
  str("user_agent", r.userAgent, false);
  o += '}';
  return o;
}

std::string formatText(const AccessRecord& r) {
  auto dash = [](const std::string& s) { return s.empty() ? std::string("-") : s; };
  std::string o;
  o.reserve(384);
  o += '[' + isoTime(r.time) + "] \"";
  appendEscaped(o, r.method);
  o += ' ';
  appendEscaped(o, r.path);
  o += ' ' + dash(r.protocol) + "\" " + std::to_string(r.status) + ' ' + dash(r.flags) + ' ' +
       std::to_string(r.bytesIn) + ' ' + std::to_string(r.bytesOut) + ' ' +
       std::to_string(static_cast<long long>(r.totalSeconds * 1000.0)) + ' ' +
       (r.upstreamSeconds < 0 ? std::string("-")
                              : std::to_string(static_cast<long long>(r.upstreamSeconds * 1000.0)));
  auto quoted = [&](const std::string& s) {
    o += " \"";
    appendEscaped(o, dash(s));
    o += '"';
  };
  quoted(r.userAgent);
  quoted(r.requestId);
  quoted(r.authority);
  quoted(r.endpoint);
  quoted(r.ruleId());
  quoted(r.backend);
  return o;
}

void AccessRecord::formatClient() {
  char buf[INET6_ADDRSTRLEN] = {};
  inet_ntop(clientAddress.v6 ? AF_INET6 : AF_INET, clientAddress.bytes.data(), buf, sizeof buf);
  client = clientAddress.v6 ? "[" + std::string(buf) + "]" : std::string(buf);
  client += ':';
  client += std::to_string(clientAddress.port);
}

std::string AccessRecord::ruleId() const {
  if (routeKind.empty()) return {};
  return routeKind + "/" + routeNamespace + "/" + routeName + "#" + std::to_string(rule);
}

}  // namespace routedeck::core::stats
