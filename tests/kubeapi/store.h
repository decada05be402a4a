#pragma once
// The in-memory object store: one storage per resource (every served
// version shares it), a cluster-wide monotonic resourceVersion and the
// event log that watches read. Single-threaded: it lives on the server's
// one event loop.

#include <map>
#include <string>
#include <vector>

#include "tests/kubeapi/json_support.h"

namespace routedeck::core::net {
class WakeSignal;
}

namespace routedeck::tests::kubeapi {

struct StoredEvent {
  long long resourceVersion = 0;
  std::string type;      // ADDED, MODIFIED, DELETED
  std::string resource;  // ResourceType::groupResource()
  std::string ns;
  Json object;  // as stored (or as last stored, for DELETED)
};

// A watch stream waiting for events; woken by every change, and asked to
// end by closeAll() (a dropped stream) or at shutdown.
struct WatchWaiter {
  core::net::WakeSignal* signal = nullptr;
  bool closeRequested = false;
  bool abrupt = false;  // end without the terminating chunk (a dropped stream)
};

class Store {
 public:
  Store();

  long long currentResourceVersion() const { return m_rv; }
  // Resource versions at or below this are too old for a watch or list.
  long long compactedResourceVersion() const { return m_compacted; }

  const Json* get(const std::string& resource, const std::string& ns,
                  const std::string& name) const;
  // Ordered by namespace, then name. An empty `ns` lists every namespace.
  std::vector<const Json*> list(const std::string& resource, const std::string& ns) const;
  // Stores `object` under the next resourceVersion (written into its
  // metadata) and records an ADDED or MODIFIED event.
  const Json& put(const std::string& resource, const std::string& ns, const std::string& name,
                  Json object);
  // Removes the object; returns it as deleted (with the deletion's
  // resourceVersion) and records a DELETED event.
  Json erase(const std::string& resource, const std::string& ns, const std::string& name);

  // Every resourceVersion up to now becomes too old. The counter moves past
  // the compaction point so that a fresh list can be watched from.
  void compact();

  // Copies of the events with resourceVersion > `after`, oldest first
  // (copies: a watch writes them out while the log grows).
  std::vector<StoredEvent> eventsAfter(long long after) const;

  void addWaiter(WatchWaiter* w);
  void removeWaiter(WatchWaiter* w);
  // Asks every open watch to end at once: `abrupt` drops the connection
  // (a dropped stream), otherwise the stream ends cleanly (shutdown).
  void closeAllWatches(bool abrupt);

 private:
  static std::string key(const std::string& resource, const std::string& ns,
                         const std::string& name);
  void record(std::string type, const std::string& resource, const std::string& ns,
              const Json& object);
  void wakeAll();

  long long m_rv = 1;
  long long m_compacted = 0;
  std::map<std::string, Json> m_objects;
  std::vector<StoredEvent> m_events;
  std::vector<WatchWaiter*> m_waiters;
};

}  // namespace routedeck::tests::kubeapi
