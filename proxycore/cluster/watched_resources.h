#pragma once
// The resources `routedeckd serve --kubernetes` lists and watches, and the
// status subresources it writes: the single list the controller, the RBAC
// manifest (packaging/kubernetes/rbac.yaml, checked by a test) and the docs
// follow.

#include <string>
#include <vector>

namespace routedeck::core::cluster {

struct WatchedResource {
  std::string group;  // "" for core
  std::string version;
  std::string kind;
  std::string plural;
  bool namespaced = true;
  // Optional: watched only when the cluster serves it (Istio, App Mesh).
  bool optional = false;
};

const std::vector<WatchedResource>& watchedResources();

// "group/plural/status" entries routedeckd patches.
struct StatusResource {
  std::string group;
  std::string plural;  // e.g. httproutes (the subresource is plural + "/status")
};
const std::vector<StatusResource>& writtenStatuses();

}  // namespace routedeck::core::cluster
