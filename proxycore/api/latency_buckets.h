#pragma once

// The bucket layout of stats::Histogram (log-linear, 2^kSubBucketBits
// linear buckets per power of two, values in microseconds): the first 128
// buckets are 1 µs wide, then each power of two [2^k, 2^(k+1)) for k >= 7
// is split into 128 equal buckets. Shared by the traffic generator's
// client-side snapshot and the GUI's quantile math until the core's
// collector (branch `stats`) provides Histogram::quantileSeconds/minus.
// TODO(gui): drop once Histogram's member functions land on main.

#include <bit>
#include <cstdint>

#include "proxycore/stats/snapshot.h"

namespace routedeck::core::api {

inline constexpr int kSubBuckets = 1 << stats::Histogram::kSubBucketBits;

inline int latencyBucketIndex(uint64_t micros) {
  if (micros < static_cast<uint64_t>(kSubBuckets)) {
    return static_cast<int>(micros);
  }
  const int msb = 63 - std::countl_zero(micros);
  const int shift = msb - stats::Histogram::kSubBucketBits;
  const int sub = static_cast<int>(micros >> shift) - kSubBuckets;
  return kSubBuckets + shift * kSubBuckets + sub;
}

// Lower and upper bound (exclusive) of a bucket, in microseconds.
inline uint64_t latencyBucketLower(int index) {
  if (index < kSubBuckets) {
    return static_cast<uint64_t>(index);
  }
  const int shift = (index - kSubBuckets) / kSubBuckets;
  const int sub = (index - kSubBuckets) % kSubBuckets;
  return static_cast<uint64_t>(kSubBuckets + sub) << shift;
}

inline uint64_t latencyBucketUpper(int index) {
  if (index < kSubBuckets) {
    return static_cast<uint64_t>(index) + 1;
  }
  const int shift = (index - kSubBuckets) / kSubBuckets;
  return latencyBucketLower(index) + (uint64_t{1} << shift);
}

}  // namespace routedeck::core::api
