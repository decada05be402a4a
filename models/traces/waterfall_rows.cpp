#include "models/traces/waterfall_rows.h"

#include <algorithm>
#include <functional>

namespace routedeck::models {

std::vector<WaterfallRow> waterfallRows(const core::trace::Trace& trace) {
  const auto& spans = trace.spans;
  std::vector<WaterfallRow> rows;
  if (spans.empty()) {
    return rows;
  }
  const uint64_t origin = spans.front().startUnixNanos;
  auto byStart = [&spans](size_t a, size_t b) {
    return spans[a].startUnixNanos != spans[b].startUnixNanos ? spans[a].startUnixNanos < spans[b].startUnixNanos : a < b;
  };
  std::vector<size_t> roots;
  std::vector<std::vector<size_t>> children(spans.size());
  for (size_t i = 0; i < spans.size(); ++i) {
    const auto parent = std::find_if(spans.begin(), spans.end(), [&](const auto& s) {
      return s.spanId == spans[i].parentSpanId && &s != &spans[i];
    });
    if (i == 0 || parent == spans.end()) {
      roots.push_back(i);
    } else {
      children[static_cast<size_t>(parent - spans.begin())].push_back(i);
    }
  }
  std::stable_sort(roots.begin() + 1, roots.end(), byStart);
  std::vector<bool> seen(spans.size(), false);  // a malformed trace may hold a cycle
  std::function<void(size_t, int)> visit = [&](size_t i, int depth) {
    if (seen[i]) {
      return;
    }
    seen[i] = true;
    const auto& s = spans[i];
    rows.push_back({&s, depth, static_cast<int64_t>(s.startUnixNanos - origin),
                    s.endUnixNanos > s.startUnixNanos ? s.endUnixNanos - s.startUnixNanos : 0});
    std::stable_sort(children[i].begin(), children[i].end(), byStart);
    for (size_t c : children[i]) {
      visit(c, depth + 1);
    }
  };
  for (size_t r : roots) {
    visit(r, 0);
  }
  for (size_t i = 0; i < spans.size(); ++i) {
    visit(i, 0);  // only members of a parent cycle are left
  }
  return rows;
}

}  // namespace routedeck::models
