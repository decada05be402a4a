#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "proxycore/kube/api_status.h"

namespace routedeck::core::kube {

class RestClient;

// One resource type the server serves, at the version RouteDeck should use.
struct ApiResource {
  std::string group;  // "" for the core group
  std::string version;
  std::string kind;
  std::string plural;
  std::string singular;
  bool namespaced = true;
  std::vector<std::string> verbs;
  // Every version the server serves this kind at, preferred first.
  std::vector<std::string> versions;

  std::string apiVersion() const { return group.empty() ? version : group + "/" + version; }
  // "httproutes.gateway.networking.k8s.io", as the server names it in messages.
  std::string qualifiedName() const { return group.empty() ? plural : plural + "." + group; }
  bool hasVerb(std::string_view verb) const;
};

// The route dialects RouteDeck speaks, by the API group that carries them.
enum class Dialect { GatewayApi, Istio, AppMesh };
const char* dialectGroup(Dialect d);

// The kinds RouteDeck reads from a cluster (group, kind).
struct GroupKind {
  const char* group;
  const char* kind;
};
extern const std::vector<GroupKind> kRouteDeckKinds;

struct Discovery {
  // True when the server answered aggregated discovery (apidiscovery.k8s.io v2 or v2beta1).
  bool aggregated = false;
  std::vector<ApiResource> resources;
  // Group versions that could not be read (e.g. an aggregated API that is down).
  std::vector<std::string> warnings;

  // By group and kind (kinds repeat across groups: Gateway is Gateway API's and Istio's).
  const ApiResource* find(std::string_view group, std::string_view kind) const;
  // For an object's apiVersion and kind: its own version when the server serves it,
  // so that the object is read and written in the version it was written in.
  ApiResult<ApiResource> resolve(std::string_view apiVersion, std::string_view kind) const;
  bool serves(Dialect d) const;
  // Those of kRouteDeckKinds the server serves, in that order, at their preferred versions.
  std::vector<ApiResource> routeDeckResources() const;
};

struct DiscoveryOptions {
  // Groups read in the legacy fallback (one request per group version); empty = every
  // group. Aggregated discovery always yields everything in two requests.
  std::vector<std::string> legacyGroups = {"gateway.networking.k8s.io", "networking.istio.io",
                                           "appmesh.k8s.aws", "discovery.k8s.io"};
  // Tests use it to check the fallback against a server that also answers aggregated.
  bool preferAggregated = true;
};

// Aggregated discovery v2 (v2beta1 accepted) on /api and /apis, checked by the response's
// Content-Type, with the legacy /api, /api/v1, /apis, /apis/<g>/<v> walk as fallback.
ApiResult<Discovery> discover(RestClient& client, const DiscoveryOptions& options = {});

}  // namespace routedeck::core::kube
