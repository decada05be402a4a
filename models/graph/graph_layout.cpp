#include "models/graph/graph_layout.h"

#include <algorithm>
#include <map>

namespace routedeck::models {

namespace {

using Columns = std::map<int, std::vector<int>>;  // layer → node indices in order

// Re-orders each column by the mean position of its neighbours in `ref`
// direction; nodes without neighbours keep their relative place.
void sweep(Columns& cols, const std::vector<std::vector<int>>& neighbours, std::vector<double>& pos,
           bool down) {
  std::vector<int> layers;
  for (const auto& [l, _] : cols) {
    layers.push_back(l);
  }
  if (!down) {
    std::reverse(layers.begin(), layers.end());
  }
  for (size_t li = 1; li < layers.size(); ++li) {
    auto& col = cols[layers[li]];
    std::vector<std::pair<double, int>> keyed;
    for (size_t i = 0; i < col.size(); ++i) {
      const int n = col[i];
      double sum = 0;
      int count = 0;
      for (int m : neighbours[static_cast<size_t>(n)]) {
        sum += pos[static_cast<size_t>(m)];
        ++count;
      }
      keyed.emplace_back(count ? sum / count : pos[static_cast<size_t>(n)], n);
    }
    std::stable_sort(keyed.begin(), keyed.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (size_t i = 0; i < keyed.size(); ++i) {
      col[i] = keyed[i].second;
      pos[static_cast<size_t>(col[i])] = static_cast<double>(i);
    }
  }
}

}  // namespace

QVector<QRectF> GraphLayout::compute(const QVector<Node>& nodes, const QVector<Edge>& edges, Options o) {
  const size_t n = static_cast<size_t>(nodes.size());
  QVector<QRectF> out(nodes.size());
  if (n == 0) {
    return out;
  }
  Columns cols;
  std::vector<double> pos(n, 0);
  for (size_t i = 0; i < n; ++i) {
    auto& col = cols[nodes[static_cast<qsizetype>(i)].layer];
    pos[i] = static_cast<double>(col.size());
    col.push_back(static_cast<int>(i));
  }
  std::vector<std::vector<int>> parents(n), children(n);
  for (const auto& e : edges) {
    if (e.from < 0 || e.to < 0 || static_cast<size_t>(e.from) >= n || static_cast<size_t>(e.to) >= n) {
      continue;
    }
    children[static_cast<size_t>(e.from)].push_back(e.to);
    parents[static_cast<size_t>(e.to)].push_back(e.from);
  }
  for (int s = 0; s < o.sweeps; ++s) {
    sweep(cols, parents, pos, true);
    sweep(cols, children, pos, false);
  }
  sweep(cols, parents, pos, true);

  // Columns left to right; within a column, each node wants the centre of
  // its parents but never overlaps the node above it.
  double x = 0;
  std::vector<double> centreY(n, 0);
  for (const auto& [layer, col] : cols) {
    double width = 0;
    for (int i : col) {
      width = std::max(width, nodes[i].size.width());
    }
    double nextTop = 0;
    for (int i : col) {
      const auto& size = nodes[i].size;
      double want = nextTop + size.height() / 2;
      const auto& ps = parents[static_cast<size_t>(i)];
      double sum = 0;
      int placed = 0;
      for (int p : ps) {
        if (nodes[p].layer < layer) {  // only columns already placed
          sum += centreY[static_cast<size_t>(p)];
          ++placed;
        }
      }
      if (placed > 0) {
        want = std::max(want, sum / placed);
      }
      centreY[static_cast<size_t>(i)] = want;
      out[i] = QRectF(x + (width - size.width()) / 2, want - size.height() / 2, size.width(), size.height());
      nextTop = want + size.height() / 2 + o.nodeGap;
    }
    x += width + o.layerGap;
  }
  return out;
}

}  // namespace routedeck::models
