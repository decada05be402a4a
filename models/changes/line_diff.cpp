#include "models/changes/line_diff.h"

#include <algorithm>
#include <vector>

namespace routedeck::models {

namespace {

enum class Op { Equal, Delete, Insert };

// Above this many edits the script stops being minimal: the rest of the
// middle is written as "remove all, add all", which keeps memory bounded
// (the trace is O(D²)) for two unrelated files.
constexpr int kMaxEdits = 4000;

// Myers' greedy forward search over the lines between the common prefix and
// suffix, then a backtrack through the saved frontiers.
std::vector<Op> middleScript(const QStringList& a, int a0, int n, const QStringList& b, int b0, int m) {
  std::vector<Op> ops;
  const int max = std::min(n + m, kMaxEdits);
  // trace[d] holds the frontier V before round d, for k in [-d-1, d+1].
  std::vector<std::vector<int>> trace;
  std::vector<int> v(3, 0);  // round 0: k in [-1, 1], V[1] = 0
  int found = -1;
  for (int d = 0; d <= max && found < 0; ++d) {
    trace.push_back(v);
    std::vector<int> next(static_cast<size_t>(2 * d + 5), 0);
    auto at = [d](const std::vector<int>& vec, int k) { return vec[static_cast<size_t>(k + d + 1)]; };
    for (int k = -d; k <= d; k += 2) {
      int x = (k == -d || (k != d && at(v, k - 1) < at(v, k + 1))) ? at(v, k + 1) : at(v, k - 1) + 1;
      int y = x - k;
      while (x < n && y < m && a[a0 + x] == b[b0 + y]) {
        ++x;
        ++y;
      }
      next[static_cast<size_t>(k + d + 2)] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
    v = std::move(next);
  }
  if (found < 0) {
    ops.insert(ops.end(), static_cast<size_t>(n), Op::Delete);
    ops.insert(ops.end(), static_cast<size_t>(m), Op::Insert);
    return ops;
  }
  int x = n;
  int y = m;
  for (int d = found; d > 0; --d) {
    const auto& vd = trace[static_cast<size_t>(d)];
    auto at = [d](const std::vector<int>& vec, int k) { return vec[static_cast<size_t>(k + d + 1)]; };
    const int k = x - y;
    const int prevK = (k == -d || (k != d && at(vd, k - 1) < at(vd, k + 1))) ? k + 1 : k - 1;
    const int prevX = at(vd, prevK);
    const int prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push_back(Op::Equal);
      --x;
      --y;
    }
    ops.push_back(x == prevX ? Op::Insert : Op::Delete);
    x = prevX;
    y = prevY;
  }
  while (x > 0 && y > 0) {
    ops.push_back(Op::Equal);
    --x;
    --y;
  }
  std::reverse(ops.begin(), ops.end());
  return ops;
}

std::vector<Op> editScript(const QStringList& a, const QStringList& b) {
  int prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) {
    ++prefix;
  }
  int suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
         a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix]) {
    ++suffix;
  }
  std::vector<Op> ops(static_cast<size_t>(prefix), Op::Equal);
  auto middle = middleScript(a, prefix, static_cast<int>(a.size()) - prefix - suffix, b, prefix,
                             static_cast<int>(b.size()) - prefix - suffix);
  // Removed before added inside each run of changes.
  for (auto it = middle.begin(); it != middle.end();) {
    auto end = std::find(it, middle.end(), Op::Equal);
    std::stable_partition(it, end, [](Op o) { return o == Op::Delete; });
    it = end == middle.end() ? end : end + 1;
  }
  ops.insert(ops.end(), middle.begin(), middle.end());
  ops.insert(ops.end(), static_cast<size_t>(suffix), Op::Equal);
  return ops;
}

}  // namespace

QString DiffHunk::header() const {
  auto range = [](int start, int count) {
    return count == 1 ? QString::number(start) : QStringLiteral("%1,%2").arg(start).arg(count);
  };
  return QStringLiteral("@@ -%1 +%2 @@").arg(range(oldStart, oldCount), range(newStart, newCount));
}

QVector<DiffHunk> unifiedDiff(const QStringList& before, const QStringList& after, int context) {
  const auto ops = editScript(before, after);
  // Every line of the script, numbered.
  QVector<DiffLine> all;
  all.reserve(static_cast<qsizetype>(ops.size()));
  int oldLine = 0;
  int newLine = 0;
  for (Op op : ops) {
    switch (op) {
      case Op::Equal:
        ++oldLine;
        ++newLine;
        all.push_back({DiffKind::Context, before[oldLine - 1], oldLine, newLine});
        break;
      case Op::Delete:
        ++oldLine;
        all.push_back({DiffKind::Removed, before[oldLine - 1], oldLine, 0});
        break;
      case Op::Insert:
        ++newLine;
        all.push_back({DiffKind::Added, after[newLine - 1], 0, newLine});
        break;
    }
  }
  QVector<DiffHunk> hunks;
  const qsizetype total = all.size();
  qsizetype i = 0;
  while (i < total) {
    if (all[i].kind == DiffKind::Context) {
      ++i;
      continue;
    }
    // A hunk: from `context` lines before this change to `context` lines
    // after the last change that is at most 2 × context lines further on.
    const qsizetype begin = std::max<qsizetype>(0, i - context);
    qsizetype lastChange = i;
    for (qsizetype j = i + 1; j < total && j - lastChange <= 2 * context + 1; ++j) {
      if (all[j].kind != DiffKind::Context) {
        lastChange = j;
      }
    }
    const qsizetype end = std::min(total, lastChange + 1 + context);
    DiffHunk h;
    // Numbers of the lines before the hunk, in each file.
    int oldBefore = 0;
    int newBefore = 0;
    for (qsizetype j = 0; j < begin; ++j) {
      oldBefore += all[j].kind != DiffKind::Added ? 1 : 0;
      newBefore += all[j].kind != DiffKind::Removed ? 1 : 0;
    }
    for (qsizetype j = begin; j < end; ++j) {
      h.lines.push_back(all[j]);
      h.oldCount += all[j].kind != DiffKind::Added ? 1 : 0;
      h.newCount += all[j].kind != DiffKind::Removed ? 1 : 0;
    }
    // diff -u names the line before an empty range.
    h.oldStart = h.oldCount == 0 ? oldBefore : oldBefore + 1;
    h.newStart = h.newCount == 0 ? newBefore : newBefore + 1;
    hunks.push_back(std::move(h));
    i = end;
  }
  return hunks;
}

QString formatUnified(const QVector<DiffHunk>& hunks) {
  QString out;
  for (const auto& h : hunks) {
    out += h.header() + QLatin1Char('\n');
    for (const auto& l : h.lines) {
      const QChar mark = l.kind == DiffKind::Added ? QLatin1Char('+') : l.kind == DiffKind::Removed ? QLatin1Char('-') : QLatin1Char(' ');
      out += mark + l.text + QLatin1Char('\n');
    }
  }
  return out;
}

}  // namespace routedeck::models
