#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "proxycore/model/action.h"
#include "proxycore/model/basics.h"
#include "proxycore/model/route.h"

namespace routedeck::core::router {

// What the proxy speaks to a backend's endpoints.
enum class BackendProtocol {
  Http1,  // HTTP/1.1 (the default)
  H2c,    // HTTP/2 over cleartext TCP with prior knowledge
};
const char* backendProtocolName(BackendProtocol p);  // "HTTP/1.1" | "h2c"

// One backend a request may go to, with the share the rule gives it.
struct BackendChoice {
  std::string kind;  // Service, VirtualNode, ...
  std::string name;
  std::string ns;
  std::optional<int> port;
  int weight = 0;
  std::optional<std::string> subset;
  // False when the reference cannot be used (unknown kind, missing Service,
  // cross-namespace without ReferenceGrant, undefined subset); its share of
  // traffic gets a 500 (Gateway API) or 503 (Istio).
  bool valid = true;
  std::string invalidReason;
  // Workspace endpoints that serve this backend (Istio subsets select them
  // by labels); empty when the workspace names none.
  std::vector<std::string> endpoints;
  // The reference this choice came from (its per-backend filters apply when
  // the data plane picks it); null for App Mesh chain targets.
  const model::BackendRef* ref = nullptr;
  // Decided at compile time from the Service port's appProtocol or name, the
  // VirtualNode listener's protocol, or the route kind (GRPCRoute).
  BackendProtocol protocol = BackendProtocol::Http1;
};

struct RouteRefView {
  std::string kind;
  std::string ns;
  std::string name;
  int rule = -1;
  std::optional<std::string> ruleName;
};

// Why a candidate rule did or did not take the request, in precedence order.
struct Considered {
  RouteRefView route;
  int match = -1;  // index in the rule's matches; -1 = the rule has none
  std::string hostname;
  std::string outcome;  // "selected" | "no match" | "shadowed" | "not reached"
  std::string reason;
};

// A step of an App Mesh chain (GatewayRoute → VirtualService → VirtualRouter
// route → VirtualNode).
struct ChainStep {
  std::string kind;
  std::string ns;
  std::string name;
  std::string detail;
};

inline const model::HeaderModifier kNoHeaderChanges{};

// The routing outcome for one request. `explain` prints it as JSON.
//
// What the configuration decides (route, backends, mirrors, header changes)
// is computed once by RouteTable::compile() and only viewed here, so routing
// a request copies no strings or vectors. These views, like the pointers
// below, stay valid while the RouteTable lives; keep the table (its
// shared_ptr) as long as the decision. What the request decides (status,
// rewrites, redirect, CORS headers) is owned.
struct Decision {
  // False: skip the per-candidate `considered` trace (the data plane's path).
  bool trace = true;
  bool matched = false;
  // Local reply when there is one: 404 no route, 500 no usable backend,
  // 3xx redirect, the direct-response status; 0 when forwarded.
  int status = 0;
  std::string error;  // input problem (unknown gateway, no listener on port)
  model::Dialect dialect = model::Dialect::GatewayApi;
  std::string gateway;
  std::string listener;
  const RouteRefView* route = nullptr;
  std::span<const BackendChoice> backends;
  std::optional<std::string> rewriteHost;
  std::optional<std::string> rewritePath;
  std::optional<std::string> redirectLocation;
  // Envoy: the matched virtual cluster ("other" when the virtual host has
  // some and none matches); unset when the virtual host has none.
  std::optional<std::string> virtualCluster;
  // Never null: the rule's changes plus the per-backend filters' when one
  // backend takes all traffic.
  const model::HeaderModifier* requestHeaders = &kNoHeaderChanges;
  const model::HeaderModifier* responseHeaders = &kNoHeaderChanges;
  // Set when the request adds response headers of its own (CORS);
  // responseHeaders then points here.
  std::shared_ptr<model::HeaderModifier> ownedResponseHeaders;
  // Storage for decisions whose route or backends depend on the request
  // (Envoy cluster_header, require_tls); the views above point here.
  std::shared_ptr<const RouteRefView> ownedRoute;
  std::shared_ptr<const std::vector<BackendChoice>> ownedBackends;
  std::shared_ptr<const std::vector<BackendChoice>> ownedMirrors;
  std::span<const BackendChoice> mirrors;
  std::vector<Considered> considered;
  std::vector<ChainStep> chain;
  std::vector<std::string> notes;
  // Non-owning views into the table's config: the selected rule (policies:
  // timeouts, retries, faults, rate limit) and, for App Mesh, the
  // VirtualRouter route the chain reached.
  const model::Route* routeSpec = nullptr;
  const model::RouteRule* rule = nullptr;
  const model::RouteRule* innerRule = nullptr;
  const model::RouteMatch* match = nullptr;

  // Backends that receive traffic (valid, weight > 0).
  std::vector<const BackendChoice*> live() const;
  size_t liveCount() const;  // live().size() without building the list
  bool anyLive() const;
  // A private copy of the response header changes to add to.
  model::HeaderModifier& ownResponseHeaders();
};

std::string toJson(const Decision& d, int indent = 2);

}  // namespace routedeck::core::router
