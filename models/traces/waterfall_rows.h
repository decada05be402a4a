#pragma once

#include <cstdint>
#include <vector>

#include "proxycore/api/engine.h"

namespace routedeck::models {

// One span of a trace as the waterfall draws it.
struct WaterfallRow {
  const core::trace::Span* span = nullptr;  // into the trace the rows were built from
  int depth = 0;
  int64_t offsetNanos = 0;  // start relative to the gateway span's
  uint64_t durationNanos = 0;
};

// The spans in tree order: the gateway span (spans[0]) first, each span's
// children after it ordered by start time. The gateway span's parent is the
// caller's span, outside the trace, so "root" means "parent not in this
// trace"; such orphans other than the gateway follow it at depth 0.
std::vector<WaterfallRow> waterfallRows(const core::trace::Trace& trace);

}  // namespace routedeck::models
