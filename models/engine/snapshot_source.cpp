#include "models/engine/snapshot_source.h"

#include "proxycore/api/engine.h"

namespace routedeck::models {

SnapshotConstPtr obtainSnapshot(const core::api::Engine& engine) { return engine.latestSnapshot(); }

std::vector<core::stats::AccessRecord> obtainAccessLog(const core::api::Engine& engine, size_t n) {
  return engine.recentAccessLog(n);
}

std::vector<core::stats::AccessRecord> newAccessRecords(std::vector<core::stats::AccessRecord>&& latest,
                                                        const std::string& previousNewestId) {
  if (previousNewestId.empty()) {
    return std::move(latest);
  }
  for (size_t i = latest.size(); i-- > 0;) {
    if (latest[i].requestId == previousNewestId) {
      latest.erase(latest.begin(), latest.begin() + static_cast<std::ptrdiff_t>(i) + 1);
      return std::move(latest);
    }
  }
  return std::move(latest);
}

std::vector<TraceConstPtr> obtainTraces(const core::api::Engine& engine, const std::string& rule, size_t n) {
  return engine.recentTraces(rule, n);
}

std::vector<TraceConstPtr> newTraces(std::vector<TraceConstPtr>&& latest, const TraceConstPtr& previousNewest) {
  if (!previousNewest) {
    return std::move(latest);
  }
  for (size_t i = latest.size(); i-- > 0;) {
    if (latest[i] == previousNewest) {
      latest.erase(latest.begin(), latest.begin() + static_cast<std::ptrdiff_t>(i) + 1);
      return std::move(latest);
    }
  }
  return std::move(latest);
}

}  // namespace routedeck::models
