#include "tests/kubeapi/store.h"

#include <algorithm>

#include "proxycore/net/wake_signal.h"

namespace routedeck::tests::kubeapi {

Store::Store() = default;

std::string Store::key(const std::string& resource, const std::string& ns,
                       const std::string& name) {
  std::string k = resource;
  k += '\0';
  k += ns;
  k += '\0';
  k += name;
  return k;
}

const Json* Store::get(const std::string& resource, const std::string& ns,
                       const std::string& name) const {
  auto it = m_objects.find(key(resource, ns, name));
  return it == m_objects.end() ? nullptr : &it->second;
}

std::vector<const Json*> Store::list(const std::string& resource, const std::string& ns) const {
  std::string prefix = resource;
  prefix += '\0';
  if (!ns.empty()) {
    prefix += ns;
    prefix += '\0';
  }
  std::vector<const Json*> out;
  for (auto it = m_objects.lower_bound(prefix);
       it != m_objects.end() && it->first.starts_with(prefix); ++it) {
    out.push_back(&it->second);
  }
  return out;
}

const Json& Store::put(const std::string& resource, const std::string& ns, const std::string& name,
                       Json object) {
  const std::string k = key(resource, ns, name);
  const bool created = !m_objects.contains(k);
  object["metadata"]["resourceVersion"] = std::to_string(++m_rv);
  Json& stored = m_objects[k] = std::move(object);
  record(created ? "ADDED" : "MODIFIED", resource, ns, stored);
  return stored;
}

Json Store::erase(const std::string& resource, const std::string& ns, const std::string& name) {
  auto it = m_objects.find(key(resource, ns, name));
  if (it == m_objects.end()) {
    return nullptr;
  }
  Json object = std::move(it->second);
  m_objects.erase(it);
  object["metadata"]["resourceVersion"] = std::to_string(++m_rv);
  record("DELETED", resource, ns, object);
  return object;
}

void Store::record(std::string type, const std::string& resource, const std::string& ns,
                   const Json& object) {
  m_events.push_back(StoredEvent{m_rv, std::move(type), resource, ns, object});
  wakeAll();
}

void Store::compact() {
  m_compacted = m_rv;
  ++m_rv;
  // The log keeps its events: open watches may not have read them all yet,
  // and compaction must not affect them. New watches are refused by
  // compactedResourceVersion() instead.
}

std::vector<StoredEvent> Store::eventsAfter(long long after) const {
  auto it =
      std::upper_bound(m_events.begin(), m_events.end(), after,
                       [](long long rv, const StoredEvent& e) { return rv < e.resourceVersion; });
  return std::vector<StoredEvent>(it, m_events.end());
}

void Store::addWaiter(WatchWaiter* w) { m_waiters.push_back(w); }

void Store::removeWaiter(WatchWaiter* w) { std::erase(m_waiters, w); }

void Store::wakeAll() {
  for (WatchWaiter* w : m_waiters) {
    w->signal->notify();
  }
}

void Store::closeAllWatches(bool abrupt) {
  for (WatchWaiter* w : m_waiters) {
    w->closeRequested = true;
    w->abrupt = abrupt;
  }
  wakeAll();
}

}  // namespace routedeck::tests::kubeapi
