#pragma once

// The immutable stats snapshot the core publishes at a fixed rate (default
// 250 ms) for the GUI, the admin stream and /metrics. Counters are
// cumulative since the core started; consumers derive rates and interval
// percentiles from two snapshots (see delta helpers in snapshot_math.h).
// Qt-free: models/ converts these into chart series.

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace routedeck::core::stats {

// A route rule, stable across reloads as long as the rule keeps its route
// and index ("HTTPRoute/default/shop#1"). Labels in /metrics come from it.
struct RuleKey {
  std::string kind;       // HTTPRoute, VirtualService, GatewayRoute, ...
  std::string ns;
  std::string name;
  int rule = -1;
  std::string ruleName;   // optional `name:` of the rule, may be empty

  std::string id() const;  // "kind/ns/name#rule"
  auto operator<=>(const RuleKey&) const = default;
};

// Log-linear latency histogram: values in microseconds, 2^k ranges each
// split into kSubBuckets linear buckets, so any quantile is within 1/128
// (< 1%) relative error. Fixed bucket layout: two histograms subtract.
struct Histogram {
  static constexpr int kSubBucketBits = 7;  // 128 sub-buckets per power of two
  std::vector<uint64_t> counts;             // sparse-friendly: trailing zeros trimmed
  uint64_t count = 0;
  double sumSeconds = 0;

  double quantileSeconds(double q) const;  // 0 when empty
  Histogram minus(const Histogram& earlier) const;
  // Adds n values of `us` microseconds (tests and merging; the workers'
  // shards record into their own lock-free histograms).
  void recordMicros(uint64_t us, uint64_t n = 1);
  // Values whose bucket starts at or below `seconds`: a Prometheus `le` bucket.
  uint64_t countAtOrBelow(double seconds) const;
};

struct Counters {
  uint64_t requests = 0;
  uint64_t responses1xx = 0, responses2xx = 0, responses3xx = 0, responses4xx = 0,
           responses5xx = 0;
  uint64_t localReplies = 0;
  uint64_t retries = 0;
  uint64_t timeouts = 0;
  uint64_t faultDelays = 0, faultAborts = 0;
  uint64_t mirrors = 0;
  uint64_t rateLimited = 0;
  uint64_t bytesIn = 0, bytesOut = 0;
  uint64_t connectFailures = 0;
  uint64_t ejections = 0;
  int64_t active = 0;  // gauge
};

struct BackendStats {
  std::string service;  // "ns/name:port" or the App Mesh VirtualNode
  int configuredWeight = 0;
  Counters counters;
  Histogram upstreamLatency;
  std::map<int, uint64_t> byStatus;
};

// One gRPC method a rule served: calls by grpc-status (-1: ended without
// one, e.g. a reset) and their total time.
struct GrpcMethodStats {
  std::string method;  // "package.Service/Method", or "other" past the cap
  std::map<int, uint64_t> byCode;
  uint64_t calls = 0;
  double sumSeconds = 0;
};

struct RuleStats {
  RuleKey key;
  std::string gateway;   // ns/name
  std::string listener;
  Counters counters;
  Histogram totalLatency;
  Histogram upstreamLatency;
  std::map<int, uint64_t> byStatus;
  std::map<std::string, uint64_t> byFlag;  // NR, UH, UF, UT, URX, FI, RL, DC ...
  std::vector<BackendStats> backends;      // in the rule's order
  std::vector<GrpcMethodStats> grpcMethods;  // by method name
  const BackendStats* backend(const std::string& service) const;  // null when absent
};

struct ListenerStats {
  std::string bind;  // host:port
  std::string gateway;
  std::string listener;
  Counters counters;
  // Connections are per bound socket: gateway listeners sharing one bind
  // show the same figures.
  uint64_t connectionsAccepted = 0;
  int64_t connectionsActive = 0;
  int serverIndex = -1;  // the server's listener (socket) index
};

// One recent request, for the GUI's "latest requests" and the explainer link.
struct RequestSample {
  std::chrono::system_clock::time_point time;
  std::string method, authority, path;
  int status = 0;
  std::string flags;
  std::string rule;     // RuleKey::id(), empty when no route
  std::string backend;  // BackendStats::service
  double seconds = 0;
};

struct Snapshot {
  std::chrono::steady_clock::time_point taken;
  std::chrono::system_clock::time_point wallTime;
  uint64_t configVersion = 0;
  uint64_t sequence = 0;  // increases by one per published snapshot
  std::vector<ListenerStats> listeners;
  std::vector<RuleStats> rules;
  Counters noRoute;  // requests no rule took (NR)
  std::vector<RequestSample> recent;  // newest last, bounded
  // Access-log records lost because a worker's queue was full (the log
  // never blocks a worker).
  uint64_t accessLogDropped = 0;
  // Downstream connections of the whole server (ListenerStats' per-listener
  // connection fields are not filled yet).
  uint64_t connectionsAccepted = 0;
  int64_t connectionsActive = 0;

  const RuleStats* rule(const RuleKey& key) const;
};

using SnapshotConstSharedPtr = std::shared_ptr<const Snapshot>;

}  // namespace routedeck::core::stats
