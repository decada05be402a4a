#pragma once

// Snapshot → Prometheus metric families. The log-linear histograms are
// exported as Prometheus histograms over a fixed `le` set (kBucketBounds).

#include <array>
#include <vector>

#include "proxycore/stats/snapshot.h"

namespace prometheus {
struct MetricFamily;
}

namespace routedeck::core::stats {

inline constexpr std::array<double, 22> kBucketBounds = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.125, 0.15,
    0.2,    0.25,  0.3,    0.4,   0.5,  0.75,  1.0,  2.5,   5.0, 10.0,  30.0};

std::vector<prometheus::MetricFamily> toMetricFamilies(const Snapshot& s);

}  // namespace routedeck::core::stats
