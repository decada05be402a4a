#pragma once

#include "models/engine/metatypes.h"

namespace routedeck::core::api {
class Engine;
}

namespace routedeck::models {

// THE seam for live stats: the one place the GUI obtains a stats snapshot
// from the core. Today the embedded engine answers with the traffic
// generator's client-side view (proxycore/api/client_stats.h); once the
// core's collector lands on main this returns ProxyService::latestSnapshot()
// (through Engine::latestSnapshot) and nothing above it changes.
// Thread-safe; called from the poller thread every 250 ms.
SnapshotConstPtr obtainSnapshot(const core::api::Engine& engine);

}  // namespace routedeck::models
