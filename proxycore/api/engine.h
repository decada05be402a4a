#pragma once

// The narrow facade the desktop app's models/ layer sees of the core (the
// only proxycore headers models/ may include live in api/). Re-exports the
// value types it hands out: model::Config, Diagnostics, stats::Snapshot.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "proxycore/common/diagnostics.h"
#include "proxycore/common/result.h"
#include "proxycore/model/config.h"
#include "proxycore/stats/access_record.h"
#include "proxycore/stats/snapshot.h"
#include "proxycore/trace/trace.h"

namespace routedeck::core::api {

struct EngineOptions {
  int workers = 1;  // event-loop threads of the embedded proxy
};

struct BoundListener {
  std::string bind;  // host:port as configured
  int port = 0;      // the port actually bound
};

// Totals of the built-in traffic generator since it started.
struct TrafficTotals {
  uint64_t sent = 0;
  uint64_t responses = 0;
  uint64_t transportErrors = 0;  // connection refused/reset, truncated response
  uint64_t responses5xx = 0;
};

struct TrafficProfile;

// A proxy core: embedded in this process (createEmbeddedEngine) or a
// routedeckd reached over the admin API (createRemoteEngine). Every method
// is thread-safe; apply() and the edits block the caller for the compile
// (milliseconds; plus a round trip when remote), so the GUI calls them off
// its thread.
class Engine {
 public:
  virtual ~Engine() = default;

  // Validates, compiles and swaps the config atomically (in-flight requests
  // finish on the old table; none is dropped). On error nothing changes and
  // `diags` says why. Returns the new config version.
  virtual Result<uint64_t> apply(std::shared_ptr<const model::Config> config, Diagnostics& diags) = 0;
  // The config last applied successfully (null before the first apply).
  virtual std::shared_ptr<const model::Config> config() const = 0;
  virtual uint64_t version() const = 0;
  virtual std::vector<BoundListener> bound() const = 0;
  // The newest stats snapshot of the core's collector (null before the
  // first one; published every 250 ms).
  virtual stats::SnapshotConstSharedPtr latestSnapshot() const = 0;
  // The newest n access-log records (redacted), newest last.
  virtual std::vector<stats::AccessRecord> recentAccessLog(size_t n) const = 0;
  // Sampled traces of one rule (stats::RuleKey::id()), newest last.
  virtual std::vector<trace::TraceConstSharedPtr> recentTraces(const std::string& rule,
                                                               size_t n) const = 0;
  // A recent trace by its hex id; null when unknown or evicted.
  virtual trace::TraceConstSharedPtr findTrace(const std::string& traceIdHex) const = 0;
  // Stops accepting and lets in-flight requests finish (bounded). A remote
  // engine only closes its streams; the daemon keeps running.
  virtual void stop() = 0;

  // Runtime edits of the running config, each one apply() of an edited copy
  // (rules are named as stats::RuleKey::id(), "Kind/ns/name#index").
  // New backend weights of one rule, in the rule's backend order; NotFound
  // for an unknown rule, Invalid for a wrong count or a negative weight.
  virtual Result<uint64_t> setWeights(const std::string& rule, const std::vector<int>& weights) = 0;
  // A fault on one rule until `revertAfter` (> 0) passes; the core then
  // restores the rule's previous fault unless something changed it since.
  virtual Result<uint64_t> setFault(const std::string& rule, const model::FaultInjection& fault,
                                    std::chrono::milliseconds revertAfter) = 0;
  // Reverts every pending setFault now (with `configured`, also the faults
  // the applied files declare).
  virtual Result<uint64_t> clearFaults(bool configured) = 0;

  // Built-in traffic generator against the first bound listener. Embedded
  // only: on a remote engine these do nothing and trafficRunning() is false
  // (the generator is not available on a remote core).
  virtual void setTrafficProfile(const TrafficProfile& profile) = 0;
  virtual void startTraffic(double requestsPerSecond) = 0;
  virtual void stopTraffic() = 0;
  virtual bool trafficRunning() const = 0;
  virtual double trafficRate() const = 0;
  virtual TrafficTotals trafficTotals() const = 0;
};

std::unique_ptr<Engine> createEmbeddedEngine(EngineOptions options = {});

// A routedeckd started with `serve --admin ADDRESS` ("host:port"); `token`
// is sent as the bearer token when not empty. Connects lazily: calls fail
// with ErrorCode::Io while the daemon is unreachable, and the stats,
// access-log and trace streams reconnect on their own. latestSnapshot() is
// the newest snapshot the stream delivered; recentAccessLog() and
// recentTraces() cover what arrived since the engine was created (plus the
// daemon's backlog at connect).
std::unique_ptr<Engine> createRemoteEngine(const std::string& address,
                                           const std::string& token = {});
// createRemoteEngine after one GetConfig round trip, so a wrong address, a
// refused token or a daemon without a config is reported (with the daemon's
// message) before any stream starts.
Result<std::unique_ptr<Engine>> connectRemoteEngine(const std::string& address,
                                                    const std::string& token = {});

}  // namespace routedeck::core::api
