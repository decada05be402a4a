#include "proxycore/router/cors.h"

#include <algorithm>

#include "proxycore/common/strings.h"

namespace routedeck::core::router {

namespace {

bool wildcardMatch(const std::string& pattern, const std::string& value) {
  size_t star = pattern.find('*');
  if (star == std::string::npos) {
    return pattern == value;
  }
  const std::string head = pattern.substr(0, star);
  const std::string tail = pattern.substr(star + 1);
  return value.size() > head.size() + tail.size() && strings::startsWith(value, head) &&
         strings::endsWith(value, tail);
}

bool contains(const std::vector<std::string>& list, const std::string& v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

}  // namespace

bool originAllowed(const model::CorsPolicy& cors, const std::string& origin) {
  for (const auto& o : cors.allowOrigins) {
    if (o.value == "*" || wildcardMatch(o.value, origin)) {
      return true;
    }
  }
  return false;
}

void applyCors(const model::CorsPolicy& cors, const Request& req, Decision& d) {
  const auto origin = req.header("origin");
  const auto requestedMethod = req.header("access-control-request-method");
  const bool preflight = req.method == "OPTIONS" && requestedMethod.has_value();
  if (preflight) {
    d.status = 200;
    d.notes.push_back("CORS preflight answered at the edge");
  }
  if (!origin || !originAllowed(cors, *origin)) {
    return;
  }
  const bool credentials = cors.allowCredentials.value_or(false);
  bool anyOrigin = false;
  for (const auto& o : cors.allowOrigins) {
    anyOrigin = anyOrigin || o.value == "*";
  }
  auto& out = d.ownResponseHeaders().set;
  // With credentials a browser rejects "*", so the origin is echoed.
  out.push_back({"access-control-allow-origin", anyOrigin && !credentials ? "*" : *origin});
  if (credentials) {
    out.push_back({"access-control-allow-credentials", "true"});
  }
  if (!cors.exposeHeaders.empty()) {
    out.push_back({"access-control-expose-headers", strings::join(cors.exposeHeaders, ", ")});
  }
  if (!preflight) {
    return;
  }
  if (!cors.allowMethods.empty()) {
    std::string methods = contains(cors.allowMethods, "*")
                              ? (credentials ? *requestedMethod : "*")
                              : strings::join(cors.allowMethods, ", ");
    out.push_back({"access-control-allow-methods", methods});
  }
  if (!cors.allowHeaders.empty()) {
    const auto requestedHeaders = req.header("access-control-request-headers");
    std::string headers = contains(cors.allowHeaders, "*")
                              ? (credentials ? requestedHeaders.value_or("") : "*")
                              : strings::join(cors.allowHeaders, ", ");
    if (!headers.empty()) {
      out.push_back({"access-control-allow-headers", headers});
    }
  }
  if (cors.maxAge) {
    out.push_back({"access-control-max-age", std::to_string(cors.maxAge->millis / 1000)});
  }
}

}  // namespace routedeck::core::router
