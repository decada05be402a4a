#pragma once

#include <string>
#include <vector>

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

// The newest `n` access-log records (redacted), newest last; same seam.
std::vector<core::stats::AccessRecord> obtainAccessLog(const core::api::Engine& engine, size_t n);

// The records of `latest` that come after `previousNewestId` (the request id
// of the newest record handed out before); all of them when it has been
// evicted or is empty, so a burst larger than `n` loses records, never
// repeats them.
std::vector<core::stats::AccessRecord> newAccessRecords(std::vector<core::stats::AccessRecord>&& latest,
                                                        const std::string& previousNewestId);

// The newest `n` sampled traces of one rule (stats::RuleKey::id()), newest
// last; same seam.
std::vector<TraceConstPtr> obtainTraces(const core::api::Engine& engine, const std::string& rule, size_t n);

// The traces of `latest` after `previousNewest`, by pointer identity (a
// recorded trace is immutable and shared, never copied); all of them when
// it is null or has been evicted.
std::vector<TraceConstPtr> newTraces(std::vector<TraceConstPtr>&& latest, const TraceConstPtr& previousNewest);

}  // namespace routedeck::models
