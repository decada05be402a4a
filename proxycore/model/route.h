#pragma once

#include <optional>
#include <string>
#include <vector>

#include "proxycore/model/action.h"
#include "proxycore/model/basics.h"
#include "proxycore/model/match.h"
#include "proxycore/model/policy.h"

namespace routedeck::core::model {

// One rule of a route: when any match holds, do the action under the policies.
// Exactly one of backends / redirect / directResponse decides the outcome;
// a rule with none of them answers 500 (Gateway API) or 404-like per dialect.
struct RouteRule {
  std::optional<std::string> name;
  std::vector<RouteMatch> matches;  // empty = match every request
  std::vector<BackendRef> backends;
  std::optional<Redirect> redirect;
  std::optional<Rewrite> rewrite;
  std::optional<DirectResponse> directResponse;
  HeaderModifier requestHeaders;
  HeaderModifier responseHeaders;
  std::vector<Mirror> mirrors;
  Timeouts timeouts;
  std::optional<RetryPolicy> retry;
  std::optional<FaultInjection> fault;
  std::optional<CorsPolicy> cors;
  std::optional<RateLimit> rateLimit;
  std::optional<JwtRequirement> jwt;
  // App Mesh VirtualRouter route priority (0 = highest).
  std::optional<int> priority;
  // App Mesh VirtualRouter route type: http | http2 | grpc | tcp (one router may
  // mix them, so Route::protocol cannot say it); empty in other dialects.
  std::string protocol;
  // Envoy cluster_header: the backend is the cluster named by this request
  // header (no backend when the header is absent).
  std::optional<std::string> clusterHeader;
  Origin origin;
  bool operator==(const RouteRule&) const = default;
};

// Where a route attaches. Gateway API parentRefs; Istio `gateways` entries
// ("ns/name", "name" or "mesh"); App Mesh GatewayRoutes attach by selector and
// carry none.
struct ParentRef {
  std::string group;
  std::string kind;  // empty = Gateway
  std::string name;
  std::string ns;    // empty = the route's namespace
  std::optional<std::string> sectionName;
  std::optional<int> port;
  bool operator==(const ParentRef&) const = default;
};

// VirtualHost: an Envoy virtual host (its domains are the route's hostnames,
// its routes the rules, tried first match in file order).
enum class RouteKind { HTTPRoute, GRPCRoute, VirtualService, GatewayRoute, VirtualRouter, VirtualHost };

const char* routeKindName(RouteKind k);

// Envoy virtual cluster: a named class of requests (for stats); the first
// whose conditions all hold names the request.
struct VirtualCluster {
  std::string name;
  RouteMatch match;
  bool operator==(const VirtualCluster&) const = default;
};

// Envoy virtual host require_tls.
enum class TlsRequirement { None, ExternalOnly, All };

struct Route {
  Dialect dialect = Dialect::GatewayApi;
  RouteKind kind = RouteKind::HTTPRoute;
  ObjectMeta meta;
  // Gateway API hostnames; Istio hosts. Empty = any host.
  std::vector<std::string> hostnames;
  std::vector<ParentRef> parents;
  // App Mesh GatewayRoute priority (0 = highest, absent = lowest).
  std::optional<int> priority;
  // App Mesh route protocol (httpRoute / http2Route / grpcRoute).
  std::string protocol;
  // Istio exportTo.
  std::vector<std::string> exportTo;
  std::vector<RouteRule> rules;
  // Envoy virtual host: plain-HTTP requests get a 301 to https (ExternalOnly:
  // unless x-envoy-internal says the request is internal).
  TlsRequirement requireTls = TlsRequirement::None;
  std::vector<VirtualCluster> virtualClusters;
  bool operator==(const Route&) const = default;
};

}  // namespace routedeck::core::model
