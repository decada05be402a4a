#pragma once

// Cumulative stats snapshots of the demo's canary rule for the chart
// series models' tests.

#include <chrono>
#include <memory>

#include "proxycore/stats/histogram_layout.h"
#include "proxycore/stats/snapshot.h"

namespace routedeck::tests::series {

namespace stats = core::stats;

inline void addLatency(stats::Histogram& h, double ms, uint64_t n) {
  const int i = stats::layout::bucketIndex(static_cast<uint64_t>(ms * 1000));
  if (h.counts.size() <= static_cast<size_t>(i)) h.counts.resize(static_cast<size_t>(i) + 1);
  h.counts[static_cast<size_t>(i)] += n;
  h.count += n;
  h.sumSeconds += ms / 1000 * static_cast<double>(n);
}

// The canary rule after `seconds`, having served `v1`/`v2` requests in total.
inline std::shared_ptr<const stats::Snapshot> snapshot(double seconds, uint64_t v1, uint64_t v2, uint64_t errors5xx,
                                                uint64_t seq) {
  static const auto t0 = std::chrono::steady_clock::now();
  static const auto w0 = std::chrono::system_clock::now();
  auto s = std::make_shared<stats::Snapshot>();
  const auto d = std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(seconds));
  s->taken = t0 + d;
  s->wallTime = w0 + std::chrono::duration_cast<std::chrono::system_clock::duration>(d);
  s->sequence = seq;
  stats::RuleStats r;
  r.key = {"HTTPRoute", "demo", "shop", 1, "canary"};
  r.counters.requests = v1 + v2;
  r.counters.responses2xx = v1 + v2 - errors5xx;
  r.counters.responses5xx = errors5xx;
  // Half at 10 ms, 40 % at 20 ms, 10 % at 100 ms.
  addLatency(r.totalLatency, 10, (v1 + v2) / 2);
  addLatency(r.totalLatency, 20, (v1 + v2) * 4 / 10);
  addLatency(r.totalLatency, 100, (v1 + v2) / 10);
  stats::BackendStats b1, b2;
  b1.service = "demo/shop-v1:8080";
  b1.configuredWeight = 90;
  b1.counters.requests = v1;
  b2.service = "demo/shop-v2:8080";
  b2.configuredWeight = 10;
  b2.counters.requests = v2;
  b2.counters.responses5xx = errors5xx;
  r.backends = {b1, b2};
  s->rules.push_back(r);
  return s;
}

inline const char* const kRuleId = "HTTPRoute/demo/shop#1";

}  // namespace routedeck::tests::series
