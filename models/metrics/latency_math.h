#pragma once

#include "proxycore/api/stats.h"

namespace routedeck::models::latency {

// Interval histogram `later - earlier` and its quantiles. Computed here from
// the bucket counts until stats::Histogram::minus/quantileSeconds are
// implemented on main (they belong to the core's collector).
// TODO(gui): call the Histogram members once the collector has landed.
core::stats::Histogram minus(const core::stats::Histogram& later, const core::stats::Histogram& earlier);
// Linear interpolation inside the bucket holding the q-th value; 0 when empty.
double quantileSeconds(const core::stats::Histogram& h, double q);

}  // namespace routedeck::models::latency
