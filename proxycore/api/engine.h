#pragma once

// The narrow facade the desktop app's models/ layer sees of the core (the
// only proxycore headers models/ may include live in api/). Re-exports the
// value types it hands out: model::Config, Diagnostics, stats::Snapshot.

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

// An embedded proxy core. Every method is thread-safe; apply() blocks the
// caller for the compile (milliseconds), so the GUI calls it off its thread.
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
  // Stops accepting and lets in-flight requests finish (bounded).
  virtual void stop() = 0;

  // Built-in traffic generator against the first bound listener.
  virtual void setTrafficProfile(const TrafficProfile& profile) = 0;
  virtual void startTraffic(double requestsPerSecond) = 0;
  virtual void stopTraffic() = 0;
  virtual bool trafficRunning() const = 0;
  virtual double trafficRate() const = 0;
  virtual TrafficTotals trafficTotals() const = 0;
};

std::unique_ptr<Engine> createEmbeddedEngine(EngineOptions options = {});

}  // namespace routedeck::core::api
