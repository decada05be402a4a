#pragma once

// Flattens App Mesh's routing chain into dialect-neutral rules for the
// migration writers (appmesh_to_gatewayapi.cc, appmesh_to_istio.cc):
//
//   VirtualGateway listener → GatewayRoute (priority order) → VirtualService
//     → VirtualNode, or VirtualRouter → routes (priority order) → weighted
//       VirtualNodes → Kubernetes Services (from the nodes' DNS hostnames)
//
// A composed rule matches the *downstream* request: the router route's
// conditions are moved in front of the gateway's default rewrite (prefix →
// "/", Host → service name), e.g. gateway prefix /paths + router prefix /red
// becomes request prefix /paths/red, rewritten to /red.

#include <optional>
#include <string>
#include <vector>

#include "proxycore/dialects/fidelity.h"
#include "proxycore/dialects/match_overlap.h"
#include "proxycore/model/config.h"

namespace routedeck::core::dialects::appmesh::detail {

// How the upstream path derives from the request path (App Mesh semantics).
struct PathRewrite {
  enum class Kind { None, Prefix, Full };
  Kind kind = Kind::None;
  // Prefix: the matched prefix (the composed match's path value) becomes
  // `value`. Full: the whole path becomes `value`.
  std::string value;
  // App Mesh's default rewrite: the prefix becomes "/" and one "/" right after
  // it is absorbed (/paths/red → /red, /pathsred → /red, /paths → /).
  bool collapse = false;
  bool operator==(const PathRewrite&) const = default;
};

struct ComposedRule {
  // Path in App Mesh semantics: StringPrefix, Exact or RegularExpression.
  // port is the gateway listener port the GatewayRoute selects.
  model::RouteMatch match;
  std::vector<model::BackendRef> backends;  // Kubernetes Services
  PathRewrite pathRewrite;
  // A second request path App Mesh sends here with the same rewrite: under the
  // default rewrite, gateway prefix /paths + router prefix /red also takes
  // /pathsred (→ /red). Same type as match.path.
  std::optional<model::PathMatch> altPath;
  std::optional<std::string> hostRewrite;
  model::Timeouts timeouts;
  std::optional<model::RetryPolicy> retry;  // App Mesh event names
  std::string routerRoute;                  // empty when the service is a VirtualNode
  // "color-route-red" or the GatewayRoute's name: a readable rule label.
  std::string label;
};

struct ComposedRoute {
  const model::Route* gatewayRoute = nullptr;   // null for in-mesh routes
  const model::MeshService* service = nullptr;  // may be null when unresolved
  std::string object;  // "GatewayRoute ns/name" or "VirtualService ns/name"
  std::string name;
  std::string ns;        // effective namespace
  std::string metaNs;    // as written (may be empty)
  std::string protocol;  // http | http2 | grpc
  model::Labels labels;
  std::vector<const model::Gateway*> gateways;
  std::optional<int> listenerPort;
  std::optional<model::StringMatch> hostname;  // GatewayRoute hostname match
  // In-mesh routes: the Kubernetes Service callers address (the VirtualService name).
  model::BackendRef serviceRef;
  std::vector<ComposedRule> rules;  // App Mesh evaluation order
};

struct Composition {
  std::vector<const model::Gateway*> gateways;  // App Mesh VirtualGateways
  std::vector<ComposedRoute> gatewayRoutes;     // priority order (0 first)
  std::vector<ComposedRoute> meshRoutes;        // VirtualServices backed by a VirtualRouter
};

// Composes every chain of `config`. Dialect-neutral compromises (unresolved
// references, undefined tie order, Cloud Map discovery...) go to `report`.
Composition compose(const model::Config& config, FidelityReport& report);

// --- Building blocks (appmesh_compose_rules.cc) ---------------------------------

struct GatewaySide {
  model::RouteMatch match;
  std::optional<model::Rewrite> rewrite;
  std::optional<int> targetPort;  // GatewayRoute action.target.port
  bool http = true;               // http/http2 (path rewrites apply) or grpc
};

// Combines the gateway side with one router route; nullopt when no request
// can satisfy both (e.g. rewritten prefix /red/ and router prefix /blue).
// Approximations are appended to `notes`.
std::optional<ComposedRule> composeRule(const GatewaySide& g, const model::RouteRule* routerRule,
                                        std::vector<std::string>& notes);
// True when every request `later` matches is matched by `earlier` first.
bool shadows(const model::RouteMatch& earlier, const model::RouteMatch& later);
// True when some request could match both (conservative: unsure = true).
using dialects::mayOverlap;

// The Kubernetes Service behind a VirtualNode: the DNS hostname
// name.ns.svc.cluster.local, else the Cloud Map service name, else the node
// name; port from `port`, else the node's first listener, mapped through the
// Service's targetPort when the Service is loaded.
model::BackendRef serviceForNode(const model::Config& config, const model::VirtualNode* node,
                                 const std::string& nodeName, const std::string& nodeNs,
                                 std::optional<int> port, std::vector<std::string>& notes);
// The Service a VirtualService name resolves to (awsName or name).
model::BackendRef serviceForMeshService(const model::MeshService& s);
using model::splitServiceHost;

}  // namespace routedeck::core::dialects::appmesh::detail
