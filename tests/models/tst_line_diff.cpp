// The Changes tab's line diff: hunks and numbers as `diff -u` writes them,
// and on random inputs a script that rebuilds the new text with as few
// edits as the longest common subsequence allows.
#include <QRandomGenerator>
#include <QTest>

#include "models/changes/line_diff.h"

using namespace routedeck::models;

namespace {

QStringList split(const QString& s) { return s.isEmpty() ? QStringList{} : s.split(QLatin1Char(',')); }

// Both files back from the hunks: the old one from context and removed
// lines, the new one from context and added lines, and unchanged lines
// outside the hunks taken from `before`.
QStringList rebuildAfter(const QStringList& before, const QVector<DiffHunk>& hunks) {
  QStringList out;
  int next = 1;  // next old line to copy
  for (const auto& h : hunks) {
    const int firstOld = h.oldCount == 0 ? h.oldStart + 1 : h.oldStart;
    while (next < firstOld) {
      out << before[next++ - 1];
    }
    for (const auto& l : h.lines) {
      if (l.kind != DiffKind::Removed) {
        out << l.text;
      }
      if (l.kind != DiffKind::Added) {
        ++next;
      }
    }
  }
  while (next <= before.size()) {
    out << before[next++ - 1];
  }
  return out;
}

int lcs(const QStringList& a, const QStringList& b) {
  QVector<QVector<int>> t(a.size() + 1, QVector<int>(b.size() + 1, 0));
  for (int i = 1; i <= a.size(); ++i) {
    for (int j = 1; j <= b.size(); ++j) {
      t[i][j] = a[i - 1] == b[j - 1] ? t[i - 1][j - 1] + 1 : std::max(t[i - 1][j], t[i][j - 1]);
    }
  }
  return t[a.size()][b.size()];
}

}  // namespace

class TstLineDiff : public QObject {
  Q_OBJECT
 private slots:
  void unified_data() {
    QTest::addColumn<QString>("before");
    QTest::addColumn<QString>("after");
    QTest::addColumn<int>("context");
    QTest::addColumn<QString>("expected");
    QTest::newRow("identical") << "a,b,c" << "a,b,c" << 3 << "";
    QTest::newRow("insert middle") << "a,b,c" << "a,b,x,c" << 1 << "@@ -2,2 +2,3 @@\n b\n+x\n c\n";
    QTest::newRow("insert at start") << "a,b" << "x,a,b" << 3 << "@@ -1,2 +1,3 @@\n+x\n a\n b\n";
    QTest::newRow("append") << "a,b" << "a,b,x" << 1 << "@@ -2 +2,2 @@\n b\n+x\n";
    QTest::newRow("delete") << "a,b,c,d" << "a,c,d" << 1 << "@@ -1,3 +1,2 @@\n a\n-b\n c\n";
    QTest::newRow("modify: removed before added") << "a,b,c" << "a,B,c" << 1 << "@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n";
    QTest::newRow("into empty") << "" << "x,y" << 3 << "@@ -0,0 +1,2 @@\n+x\n+y\n";
    QTest::newRow("to empty") << "x,y" << "" << 3 << "@@ -1,2 +0,0 @@\n-x\n-y\n";
    QTest::newRow("far apart: two hunks")
        << "1,2,3,4,5,6,7,8,9,10" << "1,X,3,4,5,6,7,8,Y,10" << 1
        << "@@ -1,3 +1,3 @@\n 1\n-2\n+X\n 3\n@@ -8,3 +8,3 @@\n 8\n-9\n+Y\n 10\n";
    // Two unchanged lines between the changes = 2 × context: one hunk.
    QTest::newRow("close: one hunk") << "1,2,3,4,5,6" << "1,X,3,4,Y,6" << 1
                                     << "@@ -1,6 +1,6 @@\n 1\n-2\n+X\n 3\n 4\n-5\n+Y\n 6\n";
  }
  void unified() {
    QFETCH(QString, before);
    QFETCH(QString, after);
    QFETCH(int, context);
    QFETCH(QString, expected);
    const auto hunks = unifiedDiff(split(before), split(after), context);
    QCOMPARE(formatUnified(hunks), expected);
    QCOMPARE(rebuildAfter(split(before), hunks), split(after));
  }

  void lineNumbers() {
    const auto hunks = unifiedDiff(split("a,b,c"), split("a,x,c"), 3);
    QCOMPARE(hunks.size(), 1);
    const auto& l = hunks[0].lines;
    QCOMPARE(l[1], (DiffLine{DiffKind::Removed, QStringLiteral("b"), 2, 0}));
    QCOMPARE(l[2], (DiffLine{DiffKind::Added, QStringLiteral("x"), 0, 2}));
    QCOMPARE(l[3], (DiffLine{DiffKind::Context, QStringLiteral("c"), 3, 3}));
  }

  // Random small texts over a tiny alphabet (many repeats, the hard case
  // for a greedy diff): the hunks rebuild the new text and the number of
  // removed plus added lines is the minimum, n + m − 2·LCS.
  void randomScriptsAreMinimal() {
    QRandomGenerator rng(20260514);
    for (int round = 0; round < 400; ++round) {
      auto make = [&] {
        QStringList out;
        const int n = static_cast<int>(rng.bounded(0, 14));
        for (int i = 0; i < n; ++i) {
          out << QString(QChar(u'a' + rng.bounded(0, 4)));
        }
        return out;
      };
      const QStringList a = make();
      const QStringList b = make();
      const auto hunks = unifiedDiff(a, b, static_cast<int>(rng.bounded(0, 3)));
      QCOMPARE(rebuildAfter(a, hunks), b);
      int edits = 0;
      for (const auto& h : hunks) {
        for (const auto& l : h.lines) {
          edits += l.kind != DiffKind::Context ? 1 : 0;
        }
      }
      QCOMPARE(edits, static_cast<int>(a.size() + b.size()) - 2 * lcs(a, b));
    }
  }

  void largeUnrelatedFilesStayBounded() {
    QStringList a;
    QStringList b;
    for (int i = 0; i < 6000; ++i) {
      a << QStringLiteral("old %1").arg(i);
      b << QStringLiteral("new %1").arg(i);
    }
    const auto hunks = unifiedDiff(a, b, 3);
    QCOMPARE(hunks.size(), 1);
    QCOMPARE(rebuildAfter(a, hunks), b);
  }
};

QTEST_GUILESS_MAIN(TstLineDiff)
#include "tst_line_diff.moc"
