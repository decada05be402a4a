#pragma once
// The objects that the list+watch of several resource types delivered,
// kept by group/Kind/namespace/name: what routedeckd's controller and the
// desktop app's cluster connection both hold. Thread-safe (watch threads
// write, readers copy).

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "proxycore/cluster/cluster_sources.h"

namespace routedeck::core::kube {
struct WatchEvent;
}

namespace routedeck::core::cluster {

class ObjectCache {
 public:
  // `resources` watches feed it; synced() once each has listed.
  explicit ObjectCache(size_t resources = 0);
  void setResourceCount(size_t resources);

  // One event of watch `index` over `group`/`kind`. True when the set of
  // objects changed; a watch error changes nothing and is returned in `error`.
  bool apply(size_t index, const std::string& group, const std::string& kind, const kube::WatchEvent& event,
             std::string* error);
  bool synced() const;
  std::vector<ClusterObject> objects() const;
  std::optional<ClusterObject> find(const std::string& group, const std::string& kind, const std::string& ns,
                                    const std::string& name) const;

  static std::string key(const std::string& group, const std::string& kind, const std::string& ns,
                         const std::string& name) {
    return group + "/" + kind + "/" + ns + "/" + name;
  }

 private:
  mutable std::mutex m_mutex;
  std::map<std::string, ClusterObject> m_objects;
  std::vector<bool> m_listed;
};

// The object as the API server sent it (apiVersion, kind, names,
// resourceVersion, whole JSON).
ClusterObject toClusterObject(const yaml::Node& node);

}  // namespace routedeck::core::cluster
