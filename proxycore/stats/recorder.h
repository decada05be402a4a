#pragma once

// The stats registry: which rules, backends and listeners exist (declared
// by the control thread on every apply), their slot numbers, and one shard
// per worker. A rule keeps its slot, and so its counters, across reloads for
// as long as its RuleKey is the same.

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "proxycore/stats/snapshot.h"
#include "proxycore/stats/worker_shard.h"

namespace routedeck::core::stats {

struct BackendDecl {
  std::string service;
  int weight = 0;
  // Ejections of the backend's endpoints so far (outlier detection); may be empty.
  std::function<uint64_t()> ejections;
};

struct RuleDecl {
  RuleKey key;
  std::string gateway;
  std::string listener;
  std::vector<BackendDecl> backends;
};

struct ListenerDecl {
  int index = -1;  // the server's listener index
  std::string bind, gateway, listener;
};

// The rules, backends and listeners of one applied configuration.
struct Declaration {
  uint64_t configVersion = 0;
  std::vector<ListenerDecl> listeners;
  std::vector<RuleDecl> rules;
};

class Recorder {
 public:
  // recordCapacity: per-worker access record queue (a power of two).
  Recorder(int workers, size_t recordCapacity);
  ~Recorder();

  WorkerShard& shard(int worker) { return *m_shards[static_cast<size_t>(worker)]; }
  int shardCount() const { return static_cast<int>(m_shards.size()); }

  // Control thread, before the configuration is published to workers.
  void declare(const Declaration& d);
  // Any thread (a worker's cache miss): the slot of a rule or backend,
  // registered on first sight when the declaration did not list it (App
  // Mesh chains, Envoy cluster_header). Locks; never on a warm path.
  uint32_t ruleSlot(const RuleKey& key);
  uint32_t backendSlot(uint32_t rule, const std::string& service, int weight);

  // Collector: cumulative counters of the current rules and listeners.
  void merge(Snapshot& out) const;

 private:
  struct CurrentBackend {
    uint32_t slot;
    std::string service;
    int weight;
    std::function<uint64_t()> ejections;
  };
  struct CurrentRule {
    uint32_t slot;
    RuleKey key;
    std::string gateway, listener;
    std::vector<CurrentBackend> backends;
  };
  uint32_t ruleSlotLocked(const RuleKey& key);
  uint32_t backendSlotLocked(uint32_t rule, const std::string& service);
  CurrentRule* currentLocked(uint32_t slot);

  mutable std::mutex m_mutex;
  std::vector<std::unique_ptr<WorkerShard>> m_shards;
  std::map<std::string, uint32_t> m_ruleSlots;  // by RuleKey::id()
  std::map<std::pair<uint32_t, std::string>, uint32_t> m_backendSlots;
  std::vector<CurrentRule> m_current;
  std::vector<ListenerDecl> m_listeners;
  uint64_t m_configVersion = 0;
};

}  // namespace routedeck::core::stats
