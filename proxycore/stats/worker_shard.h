#pragma once

// One worker thread's stats: only that thread writes its cells, queue and
// caches; the collector reads the cells and drains the queue. Nothing on
// the request path takes a lock or allocates once the caches are warm.

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "proxycore/stats/cells.h"
#include "proxycore/stats/record_queue.h"

namespace routedeck::core::stats {

inline constexpr uint32_t kNoSlot = UINT32_MAX;

// What a finished request contributes to the counters.
struct Finished {
  int listener = -1;  // the server's listener index
  uint32_t rule = kNoSlot;
  uint32_t backend = kNoSlot;
  int status = 0;
  uint32_t flags = 0;  // FlagBit
  bool localReply = false;
  int attempts = 0;
  int connectFailures = 0;
  uint64_t bytesIn = 0, bytesOut = 0;
  uint64_t totalMicros = 0;
  int64_t upstreamMicros = -1;  // < 0: no upstream answer
  // gRPC calls (empty service otherwise): the method's per-status counts.
  std::string_view grpcService, grpcMethod;
  int grpcStatus = -1;  // -1: the call ended without a grpc-status
};

// One rule's gRPC method: calls per grpc-status (index 17: none/other) and
// their total time. Keyed by (rule slot, "service/method").
struct GrpcMethodCell {
  std::array<uint64_t, 18> codes{};
  uint64_t micros = 0;
};
using GrpcMethodKey = std::pair<uint32_t, std::string>;
struct GrpcMethodLess {
  using is_transparent = void;
  template <class A, class B>
  bool operator()(const A& a, const B& b) const {
    return a.first != b.first ? a.first < b.first : std::string_view(a.second) < std::string_view(b.second);
  }
};
using GrpcMethodCells = std::map<GrpcMethodKey, GrpcMethodCell, GrpcMethodLess>;

class WorkerShard {
 public:
  explicit WorkerShard(size_t recordCapacity) : m_records(recordCapacity) {}

  void listenerStarted(int listener);
  void ruleStarted(uint32_t rule);
  // The request goes upstream to `backend` of `rule`, with `mirrors` copies.
  void backendStarted(uint32_t rule, uint32_t backend, uint32_t mirrors);
  void finish(const Finished& f);

  // Distinct (rule, method) pairs a shard keeps; beyond that, calls count
  // under method "other" so a client inventing paths cannot grow memory.
  static constexpr size_t kMaxGrpcMethods = 1024;
  // Copies the gRPC cells under their lock (the collector's side).
  GrpcMethodCells grpcMethods() const;

  RecordQueue& records() { return m_records; }
  // The slot for this request's access record, or null. With an access log
  // every record is wanted (a full queue counts a drop); without one only
  // a sample for the GUI's recent list: at most kSampleBacklog per drain
  // (snapshot) interval, which keeps sampling off the cost of a busy worker.
  AccessRecord* recordSlot() {
    if (m_logAll) return m_records.beginPush();
    return m_records.size() < kSampleBacklog ? m_records.beginPush() : nullptr;
  }
  void setLogAll(bool all) { m_logAll = all; }
  static constexpr size_t kSampleBacklog = 16;

  // Pointer → slot caches for one config version (router decisions point
  // into the route table, which lives exactly as long as its version).
  uint32_t cached(const void* key, bool backend, uint64_t version) {
    if (version != m_cacheVersion) {
      m_ruleCache.clear();
      m_backendCache.clear();
      m_cacheVersion = version;
    }
    auto& cache = backend ? m_backendCache : m_ruleCache;
    auto it = cache.find(key);
    return it == cache.end() ? kNoSlot : it->second;
  }
  void cache(const void* key, bool backend, uint32_t slot) {
    (backend ? m_backendCache : m_ruleCache)[key] = slot;
  }

 private:
  friend class Recorder;
  SlotArray<ListenerCell> m_listeners;
  SlotArray<RuleCell> m_rules;
  SlotArray<BackendCell> m_backends;
  CounterCells m_noRoute;
  RecordQueue m_records;
  bool m_logAll = false;  // set before the workers start
  std::unordered_map<const void*, uint32_t> m_ruleCache, m_backendCache;
  uint64_t m_cacheVersion = UINT64_MAX;
  // Methods are not known when rules are declared (service-only and regex
  // matches), so these cells live in a map; the lock is uncontended except
  // for the collector's copy once per snapshot, and only gRPC calls take it.
  mutable std::mutex m_grpcMutex;
  GrpcMethodCells m_grpc;
  std::string m_grpcScratch;
  void finishGrpc(const Finished& f);
};

}  // namespace routedeck::core::stats
