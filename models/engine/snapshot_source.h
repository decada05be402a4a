#pragma once

#include "models/engine/metatypes.h"

namespace routedeck::core::api {
class Engine;
}

namespace routedeck::models {

// The one place the GUI obtains a stats snapshot from the core: the
// collector's latest (ProxyService::latestSnapshot through the engine
// facade). A remote routedeckd will answer here too. Thread-safe; called
// from the poller thread every 250 ms.
SnapshotConstPtr obtainSnapshot(const core::api::Engine& engine);

}  // namespace routedeck::models
