#pragma once

// Deltas between two cumulative snapshots: what the GUI's rate columns and
// interval percentiles are computed from. A counter that went down (the core
// restarted) counts from zero, as Prometheus' rate() does.

#include <chrono>

#include "proxycore/stats/snapshot.h"

namespace routedeck::core::stats {

inline uint64_t counterDelta(uint64_t later, uint64_t earlier) {
  return later >= earlier ? later - earlier : later;
}

// Seconds between two snapshots (0 when `later` is not later).
inline double secondsBetween(const Snapshot& later, const Snapshot& earlier) {
  const double s = std::chrono::duration<double>(later.taken - earlier.taken).count();
  return s > 0 ? s : 0;
}

// Per-second rate of a counter; 0 when no time passed.
inline double ratePerSecond(uint64_t later, uint64_t earlier, double seconds) {
  return seconds > 0 ? static_cast<double>(counterDelta(later, earlier)) / seconds : 0;
}

// Counters of the interval (the `active` gauge is taken from `later`).
inline Counters minus(const Counters& later, const Counters& earlier) {
  Counters d;
  d.requests = counterDelta(later.requests, earlier.requests);
  d.responses1xx = counterDelta(later.responses1xx, earlier.responses1xx);
  d.responses2xx = counterDelta(later.responses2xx, earlier.responses2xx);
  d.responses3xx = counterDelta(later.responses3xx, earlier.responses3xx);
  d.responses4xx = counterDelta(later.responses4xx, earlier.responses4xx);
  d.responses5xx = counterDelta(later.responses5xx, earlier.responses5xx);
  d.localReplies = counterDelta(later.localReplies, earlier.localReplies);
  d.retries = counterDelta(later.retries, earlier.retries);
  d.timeouts = counterDelta(later.timeouts, earlier.timeouts);
  d.faultDelays = counterDelta(later.faultDelays, earlier.faultDelays);
  d.faultAborts = counterDelta(later.faultAborts, earlier.faultAborts);
  d.mirrors = counterDelta(later.mirrors, earlier.mirrors);
  d.rateLimited = counterDelta(later.rateLimited, earlier.rateLimited);
  d.bytesIn = counterDelta(later.bytesIn, earlier.bytesIn);
  d.bytesOut = counterDelta(later.bytesOut, earlier.bytesOut);
  d.connectFailures = counterDelta(later.connectFailures, earlier.connectFailures);
  d.ejections = counterDelta(later.ejections, earlier.ejections);
  d.active = later.active;
  return d;
}

}  // namespace routedeck::core::stats
