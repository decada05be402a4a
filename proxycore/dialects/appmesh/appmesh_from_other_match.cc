#include <re2/re2.h>

#include <algorithm>

#include "proxycore/dialects/appmesh/appmesh_from_other.h"

namespace routedeck::core::dialects::appmesh::detail {

namespace {

using model::PathMatchType;
using model::StringMatchType;

void addRetryEvent(std::vector<std::string>& events, const std::string& e) {
  if (std::find(events.begin(), events.end(), e) == events.end()) {
    events.push_back(e);
  }
}

model::PathMatch meshPath(const std::optional<model::PathMatch>& p, bool keepPrefix,
                          const std::string& object, const std::string& feature,
                          FidelityReport& report) {
  if (!p || ((p->type == PathMatchType::PathPrefix || p->type == PathMatchType::StringPrefix) &&
             p->value == "/")) {
    return {PathMatchType::StringPrefix, "/"};
  }
  if (p->type != PathMatchType::PathPrefix) {
    return *p;
  }
  if (keepPrefix) {
    report.approximate(object, feature + " path",
                       "kept as App Mesh prefix " + p->value +
                           " (its prefix rewrite needs one), "
                           "which also matches " +
                           p->value + "x…");
    return {PathMatchType::StringPrefix, p->value};
  }
  // Segment semantics, exactly: /v, /v/ and /v/... but not /vx.
  std::string v = p->value;
  if (v.size() > 1 && v.ends_with('/')) {
    v.pop_back();
  }
  return {PathMatchType::RegularExpression, RE2::QuoteMeta(v) + "(/.*)?"};
}

}  // namespace

std::optional<model::RouteMatch> gatewayRouteMatch(const model::Route& source,
                                                   const model::RouteMatch& match, bool keepPrefix,
                                                   const std::string& object,
                                                   const std::string& feature,
                                                   FidelityReport& report) {
  model::RouteMatch m;
  const bool grpc = source.kind == model::RouteKind::GRPCRoute;
  if (grpc) {
    if (match.grpc && match.grpc->type == StringMatchType::RegularExpression) {
      report.lost(object, feature + " method",
                  "App Mesh matches gRPC services exactly; the "
                  "regular expression match is dropped");
    } else if (match.grpc) {
      m.grpc = model::GrpcMethodMatch{StringMatchType::Exact, match.grpc->service, ""};
      if (!match.grpc->method.empty()) {
        report.approximate(object, feature + " method",
                           "GatewayRoute grpcRoute matches the service only; method " +
                               match.grpc->method + " is dropped");
      }
    }
  } else {
    m.path = meshPath(match.path, keepPrefix, object, feature, report);
    m.headers = match.headers;
    for (const auto& q : match.queryParams) {
      if (q.match.type == StringMatchType::Exact || q.match.type == StringMatchType::Present) {
        m.queryParams.push_back(q);
      } else {
        report.lost(object, feature + " query " + q.name,
                    "App Mesh matches query parameters exactly or by presence only");
      }
    }
    m.method = match.method;
    if (match.scheme) {
      report.lost(object, feature + " scheme", "GatewayRoutes cannot match on the scheme");
    }
    if (match.ignoreUriCase) {
      report.lost(object, feature + " ignoreUriCase", "App Mesh path matches are case-sensitive");
    }
  }
  if (grpc) {
    m.headers = match.headers;
  }
  if (match.authority) {
    if (match.authority->type == StringMatchType::Exact ||
        match.authority->type == StringMatchType::Suffix) {
      m.authority = match.authority;
    } else {
      report.lost(object, feature + " authority",
                  "App Mesh matches hostnames exactly or by suffix only");
    }
  }
  m.port = match.port;
  return m;
}

model::Rewrite gatewayRouteRewrite(const model::RouteRule& rule, const model::RouteMatch& converted,
                                   bool grpc, const std::string& object, const std::string& feature,
                                   FidelityReport& report) {
  model::Rewrite rw;
  rw.appMeshDefaultHostname = false;
  if (!grpc) {
    rw.appMeshDefaultPrefix = false;
  }
  if (!rule.rewrite) {
    return rw;
  }
  const model::Rewrite& src = *rule.rewrite;
  if (src.hostname) {
    report.lost(object, feature + " rewrite.hostname",
                "App Mesh rewrites Host only to the target VirtualService name");
  }
  if (src.regexPattern) {
    report.lost(object, feature + " rewrite.uriRegexRewrite",
                "App Mesh has no regular expression rewrite");
  }
  if (src.path && !grpc) {
    rw.path = src.path;
    const bool prefixMatch = converted.path && converted.path->type == PathMatchType::StringPrefix;
    if (src.path->type == model::PathModifierType::ReplacePrefixMatch) {
      rw.appMeshDefaultPrefix.reset();
      report.approximate(object, feature + " rewrite",
                         "App Mesh replaces the prefix literally; Gateway API joins the rest of "
                         "the path at a segment boundary");
    } else if (prefixMatch && converted.path->value != "/") {
      report.approximate(object, feature + " rewrite",
                         "App Mesh accepts a whole-path rewrite with path matches; check it "
                         "with the prefix match");
    }
  }
  return rw;
}

std::optional<model::RetryPolicy> meshRetryPolicy(const model::RouteRule& rule,
                                                  const std::string& object,
                                                  const std::string& feature,
                                                  FidelityReport& report) {
  if (!rule.retry) {
    return std::nullopt;
  }
  const model::RetryPolicy& src = *rule.retry;
  model::RetryPolicy out;
  out.attempts = src.attempts.value_or(1);
  out.perTryTimeout = src.perTryTimeout ? src.perTryTimeout : rule.timeouts.backendRequest;
  if (!out.perTryTimeout) {
    // App Mesh requires one; 15 s is Envoy's route timeout default.
    out.perTryTimeout = model::Duration{15000, "15s"};
    report.approximate(object, feature + " retry", "App Mesh requires perRetryTimeout; set 15s");
  }
  std::vector<std::string> events;
  for (const auto& on : src.retryOn) {
    if (on == "5xx") {
      addRetryEvent(events, "server-error");
    } else if (on == "gateway-error") {
      addRetryEvent(events, "gateway-error");
    } else if (on == "connect-failure" || on == "reset") {
      addRetryEvent(events, "connection-error");
    } else if (on == "refused-stream") {
      addRetryEvent(events, "stream-error");
    } else if (on == "retriable-4xx") {
      addRetryEvent(events, "client-error");
    } else if (on == "cancelled" || on == "deadline-exceeded" || on == "internal" ||
               on == "resource-exhausted" || on == "unavailable") {
      addRetryEvent(events, on);
    } else if (on != "retriable-status-codes") {
      report.lost(object, feature + " retry " + on, "no App Mesh retry event for it");
    }
  }
  for (int code : src.statusCodes) {
    if (code == 502 || code == 503 || code == 504) {
      addRetryEvent(events, "gateway-error");
    } else if (code == 409) {
      addRetryEvent(events, "client-error");
    } else if (code >= 500 && code <= 511) {
      addRetryEvent(events, "server-error");
      report.approximate(object, feature + " retry " + std::to_string(code),
                         "App Mesh retries server-error as a class (500-511)");
    } else {
      report.lost(object, feature + " retry " + std::to_string(code),
                  "App Mesh cannot retry on this status code");
    }
  }
  if (events.empty()) {
    events = {"gateway-error", "connection-error"};
    report.approximate(object, feature + " retry",
                       "App Mesh requires retry events; used gateway-error and connection-error");
  }
  out.retryOn = events;
  if (src.backoff) {
    report.lost(object, feature + " retry.backoff", "App Mesh has no retry backoff setting");
  }
  return out;
}

void reportUnsupportedActions(const model::RouteRule& rule, const std::string& object,
                              const std::string& feature, FidelityReport& report) {
  auto lost = [&](bool present, const char* what, const char* why) {
    if (present) {
      report.lost(object, feature + " " + what, why);
    }
  };
  lost(rule.redirect.has_value(), "redirect", "GatewayRoutes cannot redirect");
  lost(rule.directResponse.has_value(), "directResponse", "GatewayRoutes cannot answer directly");
  lost(!rule.requestHeaders.empty() || !rule.responseHeaders.empty(), "headers",
       "GatewayRoutes cannot modify headers");
  lost(!rule.mirrors.empty(), "mirror", "App Mesh cannot mirror traffic");
  lost(rule.fault.has_value(), "fault", "App Mesh has no fault injection");
  lost(rule.cors.has_value(), "cors", "App Mesh has no CORS policy");
  lost(rule.rateLimit.has_value(), "rateLimit", "App Mesh gateways have no route rate limit");
  lost(rule.jwt.has_value(), "jwt", "App Mesh has no JWT authentication");
  for (const auto& b : rule.backends) {
    lost(!b.requestHeaders.empty() || !b.responseHeaders.empty(), "backend headers",
         "App Mesh cannot modify headers per backend");
    lost(b.subset.has_value(), "backend subset",
         "Istio subsets have no App Mesh equivalent; traffic goes to the whole Service");
  }
}

std::optional<model::StringMatch> hostnameMatch(const std::string& host) {
  if (host.empty() || host == "*") {
    return std::nullopt;
  }
  if (host.starts_with("*.")) {
    // App Mesh suffix ".example.com" matches any host ending so, like the wildcard.
    return model::StringMatch{StringMatchType::Suffix, host.substr(1)};
  }
  return model::StringMatch{StringMatchType::Exact, host};
}

}  // namespace routedeck::core::dialects::appmesh::detail
