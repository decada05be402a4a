#pragma once
// Gateway API route status as an implementation writes it: for each
// parentRef to a gateway RouteDeck serves, the Accepted and ResolvedRefs
// conditions with the reasons the spec names. Computed from the compiled
// table, so the status says what the data plane really does.

#include <map>
#include <string>
#include <vector>

#include "proxycore/router/route_table.h"

namespace routedeck::core::cluster {

struct Condition {
  std::string type;    // Accepted, ResolvedRefs
  bool status = true;  // "True" / "False"
  std::string reason;  // Accepted, NotAllowedByListeners, BackendNotFound, ...
  std::string message;
};

struct ParentStatus {
  model::ParentRef parentRef;  // as the route wrote it
  std::vector<Condition> conditions;
};

struct RouteStatus {
  std::string apiVersion;
  std::string kind;  // HTTPRoute, GRPCRoute
  std::string ns;
  std::string name;
  std::vector<ParentStatus> parents;
};

// Every Gateway API route with a parentRef to one of `servedGateways`
// ("ns/name"); parentRefs to other gateways are left to their controllers.
std::vector<RouteStatus> computeRouteStatuses(const router::RouteTable& table,
                                              const std::vector<std::string>& servedGateways);

// The route's new `status` object (JSON): `current` (the status the server
// holds, "" for none) with this controller's parent entries replaced by
// `ours` and other controllers' entries kept. A condition whose status and
// reason are unchanged keeps its lastTransitionTime; the others get `now`
// (RFC 3339). observedGeneration is the route's metadata.generation.
std::string mergedStatusJson(const std::string& current, const RouteStatus& ours,
                             const std::string& controllerName, long long generation, const std::string& now);

// Two status objects (JSON) are equal as JSON values (key order aside).
bool sameJson(const std::string& a, const std::string& b);

}  // namespace routedeck::core::cluster
