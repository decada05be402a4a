#pragma once
// routedeckd serve --kubernetes: one list+watch per resource of
// watchedResources() the cluster serves, an object cache, and the two
// things serve's loop asks of it: "what should I serve now?" (workspace
// sources, only when they changed) and "write the route status of what I
// applied". Watches run on their own threads; everything here is safe to
// call from serve's main thread.

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "proxycore/cluster/cluster_sources.h"
#include "proxycore/cluster/object_cache.h"
#include "proxycore/cluster/route_status.h"
#include "proxycore/common/result.h"

namespace routedeck::core::kube {
class RestClient;
class ResourceWatch;
struct WatchEvent;
}  // namespace routedeck::core::kube

namespace routedeck::core::cluster {

struct ControllerOptions {
  ClusterScope scope;
  // Watch one namespace only; empty: all (the ClusterRole's reach).
  std::string watchNamespace;
  std::string controllerName = "routedeck.dev/gateway-controller";
  // Changes closer together than this are applied as one.
  std::chrono::milliseconds settle{100};
  // Reconnect backoff of the watches (tests shorten it).
  std::chrono::milliseconds initialBackoff{500};
  std::chrono::milliseconds maxBackoff{30000};
};

class ClusterController {
 public:
  // Discovers what the cluster serves and starts the watches. Fails when
  // discovery fails or a required resource (Gateway API Gateway/HTTPRoute,
  // Services, EndpointSlices) is missing.
  static Result<std::unique_ptr<ClusterController>> start(kube::RestClient& client, ControllerOptions options);
  ~ClusterController();

  // True once every watch delivered its first list.
  bool synced() const;
  // New sources when the objects changed since the last call (in a way
  // that matters to routing: status-only changes do not) and `settle` has
  // passed since the last change; otherwise nothing.
  std::optional<ClusterSources> takeChanges();
  // Writes the Gateway API route status for `table` (what was applied):
  // only entries that change, as a merge patch of /status carrying the
  // object's resourceVersion (a stale one is retried on the next change).
  // Returns how many routes were written.
  int writeStatuses(const router::RouteTable& table, const std::vector<std::string>& servedGateways);
  // Watch errors and status-write failures since the last call, for the log.
  std::vector<std::string> takeMessages();

 private:
  struct Watched;
  ClusterController(kube::RestClient& client, ControllerOptions options);
  void onEvent(size_t index, const kube::WatchEvent& event);

  kube::RestClient& m_client;
  ControllerOptions m_options;
  std::vector<std::unique_ptr<Watched>> m_watched;
  mutable std::mutex m_mutex;
  ObjectCache m_cache;
  bool m_dirty = false;  // under m_mutex, as the two below
  std::chrono::steady_clock::time_point m_lastChange{};
  std::string m_lastSources;  // what takeChanges() returned last, to skip no-op applies
  std::vector<std::string> m_messages;
};

}  // namespace routedeck::core::cluster
