#include <algorithm>
#include <cmath>

#include "proxycore/stats/histogram_layout.h"
#include "proxycore/stats/snapshot.h"

namespace routedeck::core::stats {

static_assert(layout::kSubBuckets == 1 << Histogram::kSubBucketBits);

double Histogram::quantileSeconds(double q) const {
  if (count == 0) {
    return 0;
  }
  q = std::clamp(q, 0.0, 1.0);
  // The rank of the q-quantile among `count` sorted values (nearest rank).
  const uint64_t rank = std::max<uint64_t>(1, static_cast<uint64_t>(std::ceil(q * count)));
  uint64_t seen = 0;
  for (size_t i = 0; i < counts.size(); ++i) {
    seen += counts[i];
    if (seen >= rank) {
      const int b = static_cast<int>(i);
      const uint64_t width = layout::bucketWidth(b);
      // Exact below 128 µs; above, the bucket's midpoint halves the error.
      const double us = static_cast<double>(layout::bucketLower(b)) +
                        (width > 1 ? static_cast<double>(width) / 2.0 : 0.0);
      return us / 1e6;
    }
  }
  return static_cast<double>(layout::bucketLower(static_cast<int>(counts.size()) - 1)) / 1e6;
}

Histogram Histogram::minus(const Histogram& earlier) const {
  Histogram out;
  out.counts = counts;
  for (size_t i = 0; i < earlier.counts.size() && i < out.counts.size(); ++i) {
    // Counters only grow; a smaller later value means a restart: keep it.
    out.counts[i] = out.counts[i] >= earlier.counts[i] ? out.counts[i] - earlier.counts[i]
                                                       : out.counts[i];
  }
  while (!out.counts.empty() && out.counts.back() == 0) {
    out.counts.pop_back();
  }
  out.count = count >= earlier.count ? count - earlier.count : count;
  out.sumSeconds = std::max(0.0, sumSeconds - earlier.sumSeconds);
  return out;
}

void Histogram::recordMicros(uint64_t us, uint64_t n) {
  const size_t i = static_cast<size_t>(layout::bucketIndex(us));
  if (counts.size() <= i) {
    counts.resize(i + 1, 0);
  }
  counts[i] += n;
  count += n;
  sumSeconds += static_cast<double>(us) * static_cast<double>(n) / 1e6;
}

uint64_t Histogram::countAtOrBelow(double seconds) const {
  // A bucket counts as "at or below" when its lower bound is: values just
  // above `le` within one bucket (< 1/128 of it) count as below.
  const double leMicros = std::round(seconds * 1e6);
  uint64_t n = 0;
  for (size_t i = 0; i < counts.size(); ++i) {
    if (static_cast<double>(layout::bucketLower(static_cast<int>(i))) > leMicros) {
      break;
    }
    n += counts[i];
  }
  return n;
}

}  // namespace routedeck::core::stats
