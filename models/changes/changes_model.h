#pragma once

#include <QAbstractListModel>
#include <QTimer>
#include <QVector>

#include "models/changes/line_diff.h"
#include "models/engine/metatypes.h"

namespace routedeck::models {

class PendingChanges;

// The "Changes" tab: pending edits as a unified diff of the applied config
// against the document, both written in the workspace's own dialects. One
// row per hunk header or line. Recomputed once per event-loop turn after
// any change (a slider drag changes the document many times per second).
class ChangesModel final : public QAbstractListModel {
  Q_OBJECT
 public:
  enum Role { KindRole = Qt::UserRole + 1, OldLineRole, NewLineRole };
  // KindRole values: a DiffKind, or Hunk for a "@@ … @@" row.
  static constexpr int Hunk = 3;
  static constexpr int kContextLines = 3;

  explicit ChangesModel(PendingChanges* changes, QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;

  int hunkCount() const { return static_cast<int>(m_hunks.size()); }
  int addedLines() const { return m_added; }
  int removedLines() const { return m_removed; }
  const QVector<DiffHunk>& hunks() const { return m_hunks; }
  // The diff as `diff -u` text (for copying).
  QString unifiedText() const { return formatUnified(m_hunks); }

 public slots:
  // Recomputes now instead of on the next event-loop turn.
  void refresh();

 signals:
  void countChanged(int hunks);

 private:
  struct Row {
    int hunk = 0;
    int line = -1;  // -1: the hunk's header
  };

  PendingChanges* m_changes;
  QTimer m_defer;
  QVector<DiffHunk> m_hunks;
  QVector<Row> m_rows;
  int m_added = 0;
  int m_removed = 0;
};

// The config's lines as the workspace writes them (each object in its own
// dialect); empty for none.
QStringList dialectLines(const ConfigConstPtr& config);

}  // namespace routedeck::models
