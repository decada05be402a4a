#include "proxycore/cluster/object_cache.h"

#include "proxycore/kube/json_node.h"
#include "proxycore/kube/resource_watch.h"

namespace routedeck::core::cluster {

ClusterObject toClusterObject(const yaml::Node& node) {
  ClusterObject o;
  o.apiVersion = kube::textAt(node, {"apiVersion"});
  o.kind = kube::textAt(node, {"kind"});
  o.ns = kube::textAt(node, {"metadata", "namespace"});
  o.name = kube::textAt(node, {"metadata", "name"});
  o.resourceVersion = kube::textAt(node, {"metadata", "resourceVersion"});
  o.json = kube::toJsonText(node);
  return o;
}

ObjectCache::ObjectCache(size_t resources) : m_listed(resources, false) {}

void ObjectCache::setResourceCount(size_t resources) {
  std::lock_guard lock(m_mutex);
  m_listed.assign(resources, false);
}

bool ObjectCache::apply(size_t index, const std::string& group, const std::string& kind, const kube::WatchEvent& e,
                        std::string* error) {
  std::lock_guard lock(m_mutex);
  switch (e.type) {
    case kube::WatchEvent::Type::Resynced: {
      // A relist replaces everything this watch delivered before.
      const std::string prefix = group + "/" + kind + "/";
      for (auto it = m_objects.lower_bound(prefix); it != m_objects.end() && it->first.rfind(prefix, 0) == 0;) {
        it = m_objects.erase(it);
      }
      for (const auto& item : e.items) {
        ClusterObject o = toClusterObject(item);
        m_objects[key(group, kind, o.ns, o.name)] = std::move(o);
      }
      if (index < m_listed.size()) m_listed[index] = true;
      return true;
    }
    case kube::WatchEvent::Type::Added:
    case kube::WatchEvent::Type::Modified: {
      ClusterObject o = toClusterObject(e.object);
      m_objects[key(group, kind, o.ns, o.name)] = std::move(o);
      return true;
    }
    case kube::WatchEvent::Type::Deleted:
      m_objects.erase(key(group, kind, kube::textAt(e.object, {"metadata", "namespace"}),
                          kube::textAt(e.object, {"metadata", "name"})));
      return true;
    case kube::WatchEvent::Type::Error:
      if (error) *error = e.error.describe();
      return false;
  }
  return false;
}

bool ObjectCache::synced() const {
  std::lock_guard lock(m_mutex);
  for (bool listed : m_listed) {
    if (!listed) return false;
  }
  return true;
}

std::vector<ClusterObject> ObjectCache::objects() const {
  std::lock_guard lock(m_mutex);
  std::vector<ClusterObject> out;
  out.reserve(m_objects.size());
  for (const auto& [k, o] : m_objects) out.push_back(o);
  return out;
}

std::optional<ClusterObject> ObjectCache::find(const std::string& group, const std::string& kind,
                                               const std::string& ns, const std::string& name) const {
  std::lock_guard lock(m_mutex);
  auto it = m_objects.find(key(group, kind, ns, name));
  if (it == m_objects.end()) return std::nullopt;
  return it->second;
}

}  // namespace routedeck::core::cluster
