#pragma once

// Bucket arithmetic shared by Histogram (snapshot side) and the worker
// shards' atomic histograms: bucket i covers [lower(i), lower(i) + width(i))
// microseconds. Chunk 0 holds 0..127 µs exactly; chunk c >= 1 covers
// [128·2^(c-1), 128·2^c) in 128 buckets of width 2^(c-1), so a bucket's
// width is at most 1/128 of its lower bound (HDR-style, 2 significant digits).

#include <bit>
#include <cstdint>

namespace routedeck::core::stats::layout {

inline constexpr int kSubBuckets = 128;
// Values are clamped below 2^40 µs (12.7 days): 34 chunks of 128 buckets.
inline constexpr int kChunks = 34;
inline constexpr int kBuckets = kChunks * kSubBuckets;
inline constexpr uint64_t kMaxMicros = (uint64_t{1} << 40) - 1;

inline int bucketIndex(uint64_t us) {
  if (us > kMaxMicros) {
    us = kMaxMicros;
  }
  if (us < kSubBuckets) {
    return static_cast<int>(us);
  }
  const int k = 63 - std::countl_zero(us);  // >= 7
  const int shift = k - 7;
  return (shift + 1) * kSubBuckets + static_cast<int>((us >> shift) - kSubBuckets);
}

inline uint64_t bucketLower(int i) {
  const int chunk = i / kSubBuckets;
  const uint64_t sub = static_cast<uint64_t>(i % kSubBuckets);
  return chunk == 0 ? sub : (kSubBuckets + sub) << (chunk - 1);
}

inline uint64_t bucketWidth(int i) {
  const int chunk = i / kSubBuckets;
  return chunk == 0 ? 1 : uint64_t{1} << (chunk - 1);
}

}  // namespace routedeck::core::stats::layout
