#pragma once

#include <QString>
#include <QStringList>
#include <QVector>

namespace routedeck::models {

enum class DiffKind { Context, Removed, Added };

struct DiffLine {
  DiffKind kind = DiffKind::Context;
  QString text;
  int oldLine = 0;  // 1-based; 0 for an added line
  int newLine = 0;  // 1-based; 0 for a removed line
  bool operator==(const DiffLine&) const = default;
};

// One unified-diff hunk: the changed lines with their context.
struct DiffHunk {
  int oldStart = 0;  // as in "@@ -oldStart,oldCount +newStart,newCount @@"
  int oldCount = 0;
  int newStart = 0;
  int newCount = 0;
  QVector<DiffLine> lines;
  QString header() const;
};

// The shortest line edit script from `before` to `after` (Myers' O(ND)
// algorithm) as unified-diff hunks with `context` unchanged lines around
// each change; changes at most 2 × context unchanged lines apart share a
// hunk. Within a change, removed lines come before added ones, as `diff -u`
// prints them.
QVector<DiffHunk> unifiedDiff(const QStringList& before, const QStringList& after, int context = 3);

// The hunks as `diff -u` body text (headers and " ", "-", "+" prefixes).
QString formatUnified(const QVector<DiffHunk>& hunks);

}  // namespace routedeck::models
