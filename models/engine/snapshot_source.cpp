#include "models/engine/snapshot_source.h"

#include "proxycore/api/engine.h"

namespace routedeck::models {

SnapshotConstPtr obtainSnapshot(const core::api::Engine& engine) { return engine.latestSnapshot(); }

}  // namespace routedeck::models
