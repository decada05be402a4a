#include "models/metrics/latency_math.h"

#include <algorithm>
#include <cmath>

#include "proxycore/api/latency_buckets.h"

namespace routedeck::models::latency {

core::stats::Histogram minus(const core::stats::Histogram& later, const core::stats::Histogram& earlier) {
  core::stats::Histogram out;
  out.counts = later.counts;
  for (size_t i = 0; i < earlier.counts.size() && i < out.counts.size(); ++i) {
    out.counts[i] = out.counts[i] >= earlier.counts[i] ? out.counts[i] - earlier.counts[i] : 0;
  }
  out.count = later.count >= earlier.count ? later.count - earlier.count : 0;
  out.sumSeconds = std::max(0.0, later.sumSeconds - earlier.sumSeconds);
  return out;
}

double quantileSeconds(const core::stats::Histogram& h, double q) {
  uint64_t total = 0;
  for (auto c : h.counts) {
    total += c;
  }
  if (total == 0) {
    return 0;
  }
  const double rank = std::clamp(q, 0.0, 1.0) * static_cast<double>(total);
  uint64_t seen = 0;
  for (size_t i = 0; i < h.counts.size(); ++i) {
    if (h.counts[i] == 0) {
      continue;
    }
    if (static_cast<double>(seen + h.counts[i]) >= rank) {
      const double lo = static_cast<double>(core::api::latencyBucketLower(static_cast<int>(i)));
      const double hi = static_cast<double>(core::api::latencyBucketUpper(static_cast<int>(i)));
      const double within = (rank - static_cast<double>(seen)) / static_cast<double>(h.counts[i]);
      return (lo + (hi - lo) * within) / 1e6;
    }
    seen += h.counts[i];
  }
  return static_cast<double>(core::api::latencyBucketUpper(static_cast<int>(h.counts.size()) - 1)) / 1e6;
}

}  // namespace routedeck::models::latency
