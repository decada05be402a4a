#pragma once

// Builds a stats::Snapshot from what the traffic generator observed (the
// client's view), attributing each request kind to the rule the current
// route table picks for it. This is the embedded engine's stats source until
// the core's own collector (branch `stats`) lands; it then only fills in
// for a core without a collector.

#include "proxycore/api/traffic_profile.h"
#include "proxycore/loadgen/load_generator.h"
#include "proxycore/proxy/runtime.h"
#include "proxycore/stats/snapshot.h"

namespace routedeck::core::api {

stats::Snapshot clientSideSnapshot(const loadgen::Observations& obs, const TrafficProfile& profile,
                                   const proxy::Runtime* runtime, uint64_t sequence);

}  // namespace routedeck::core::api
