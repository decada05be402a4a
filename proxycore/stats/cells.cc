#include "proxycore/stats/cells.h"

#include <cstring>

namespace routedeck::core::stats {

uint32_t parseFlags(const char* s, size_t n) {
  uint32_t bits = 0;
  size_t start = 0;
  for (size_t i = 0; i <= n; ++i) {
    if (i == n || s[i] == ',') {
      const size_t len = i - start;
      for (size_t f = 0; f < kFlagNames.size(); ++f) {
        if (std::strlen(kFlagNames[f]) == len && std::memcmp(kFlagNames[f], s + start, len) == 0) {
          bits |= 1u << f;
        }
      }
      start = i + 1;
    }
  }
  return bits;
}

void CounterCells::addTo(Counters& c) const {
  auto r = [](const std::atomic<uint64_t>& a) { return a.load(std::memory_order_relaxed); };
  const uint64_t req = r(requests), fin = r(finished);
  c.requests += req;
  c.active += static_cast<int64_t>(req) - static_cast<int64_t>(fin);
  c.responses1xx += r(classes[0]);
  c.responses2xx += r(classes[1]);
  c.responses3xx += r(classes[2]);
  c.responses4xx += r(classes[3]);
  c.responses5xx += r(classes[4]);
  c.localReplies += r(localReplies);
  c.retries += r(retries);
  c.timeouts += r(timeouts);
  c.faultDelays += r(faultDelays);
  c.faultAborts += r(faultAborts);
  c.mirrors += r(mirrors);
  c.rateLimited += r(rateLimited);
  c.bytesIn += r(bytesIn);
  c.bytesOut += r(bytesOut);
  c.connectFailures += r(connectFailures);
}

void AtomicHistogram::addTo(Histogram& h) const {
  for (int chunk = 0; chunk < layout::kChunks; ++chunk) {
    const auto* block = m_chunks.readable(chunk);
    if (!block) continue;
    for (int i = 0; i < layout::kSubBuckets; ++i) {
      const uint64_t n = block[i].load(std::memory_order_relaxed);
      if (n == 0) continue;
      const size_t idx = static_cast<size_t>(chunk * layout::kSubBuckets + i);
      if (h.counts.size() <= idx) h.counts.resize(idx + 1, 0);
      h.counts[idx] += n;
    }
  }
  h.count += m_count.load(std::memory_order_relaxed);
  h.sumSeconds += static_cast<double>(m_sumMicros.load(std::memory_order_relaxed)) / 1e6;
}

void StatusCells::addTo(std::map<int, uint64_t>& byStatus) const {
  for (int cls = 1; cls <= 5; ++cls) {
    const auto* block = m_blocks.readable(cls);
    if (!block) continue;
    for (int i = 0; i < 100; ++i) {
      if (const uint64_t n = block[i].load(std::memory_order_relaxed)) byStatus[cls * 100 + i] += n;
    }
  }
}

void FlagCells::addTo(std::map<std::string, uint64_t>& byFlag) const {
  for (size_t i = 0; i < counts.size(); ++i) {
    if (const uint64_t n = counts[i].load(std::memory_order_relaxed)) byFlag[kFlagNames[i]] += n;
  }
}

}  // namespace routedeck::core::stats
