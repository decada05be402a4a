#include "proxycore/api/traffic_profile.h"

namespace routedeck::core::api {

namespace {

// A concrete host for a hostname pattern ("*.example.com" → "www.example.com").
std::string concreteHost(const std::string& pattern) {
  if (pattern.rfind("*.", 0) == 0) {
    return "www" + pattern.substr(1);
  }
  return pattern == "*" || pattern.empty() ? "example.com" : pattern;
}

std::string pathFor(const model::RouteRule& rule) {
  if (rule.matches.empty() || !rule.matches.front().path) {
    return "/";
  }
  const auto& p = *rule.matches.front().path;
  if (p.type == model::PathMatchType::RegularExpression) {
    return "";  // no sample request can be derived safely
  }
  return p.value.empty() ? "/" : p.value;
}

}  // namespace

TrafficProfile trafficFor(const model::Config& config, size_t maxRequests) {
  TrafficProfile out;
  out.host = "example.com";
  for (const auto& route : config.routes) {
    const std::string host = route.hostnames.empty() ? "" : concreteHost(route.hostnames.front());
    for (const auto& rule : route.rules) {
      if (out.requests.size() >= maxRequests) {
        return out;
      }
      TrafficRequest r;
      r.host = host;
      r.path = pathFor(rule);
      if (r.path.empty()) {
        continue;
      }
      if (!rule.matches.empty()) {
        const auto& m = rule.matches.front();
        if (m.method) {
          r.method = *m.method;
        }
        for (const auto& h : m.headers) {
          if (!h.invert && h.match.type == model::StringMatchType::Exact) {
            r.headers.emplace_back(h.name, h.match.value);
          }
        }
      }
      out.requests.push_back(std::move(r));
    }
  }
  return out;
}

}  // namespace routedeck::core::api
