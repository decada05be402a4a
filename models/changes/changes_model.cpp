#include "models/changes/changes_model.h"

#include <QColor>

#include "models/changes/pending_changes.h"
#include "models/document/export.h"

namespace routedeck::models {

QStringList dialectLines(const ConfigConstPtr& config) {
  if (!config) {
    return {};
  }
  QStringList lines = exportConfig(config, ExportTarget::Native).yaml.split(QLatin1Char('\n'));
  if (!lines.isEmpty() && lines.last().isEmpty()) {
    lines.removeLast();  // the final newline ends a line, it does not start one
  }
  return lines;
}

ChangesModel::ChangesModel(PendingChanges* changes, QObject* parent) : QAbstractListModel(parent), m_changes(changes) {
  m_defer.setSingleShot(true);
  m_defer.setInterval(0);
  connect(&m_defer, &QTimer::timeout, this, &ChangesModel::refresh);
  connect(changes, &PendingChanges::changed, &m_defer, qOverload<>(&QTimer::start));
}

void ChangesModel::refresh() {
  m_defer.stop();
  QVector<DiffHunk> hunks;
  if (m_changes->isPending()) {
    hunks = unifiedDiff(dialectLines(m_changes->applied()), dialectLines(m_changes->document()), kContextLines);
  }
  const int before = hunkCount();
  beginResetModel();
  m_hunks = std::move(hunks);
  m_rows.clear();
  m_added = 0;
  m_removed = 0;
  for (int h = 0; h < m_hunks.size(); ++h) {
    m_rows.push_back({h, -1});
    for (int l = 0; l < m_hunks[h].lines.size(); ++l) {
      m_rows.push_back({h, l});
      m_added += m_hunks[h].lines[l].kind == DiffKind::Added ? 1 : 0;
      m_removed += m_hunks[h].lines[l].kind == DiffKind::Removed ? 1 : 0;
    }
  }
  endResetModel();
  if (before != hunkCount() || hunkCount() > 0) {
    emit countChanged(hunkCount());  // also when only the lines changed: the tab re-reads the totals
  }
}

int ChangesModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant ChangesModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
    return {};
  }
  const Row& row = m_rows[index.row()];
  const DiffHunk& hunk = m_hunks[row.hunk];
  if (row.line < 0) {
    switch (role) {
      case Qt::DisplayRole:
        return hunk.header();
      case KindRole:
        return Hunk;
      case Qt::BackgroundRole:
        return QColor(80, 130, 220, 50);  // translucent: readable on light and dark bases
      default:
        return {};
    }
  }
  const DiffLine& line = hunk.lines[row.line];
  switch (role) {
    case Qt::DisplayRole: {
      const QChar mark = line.kind == DiffKind::Added ? QLatin1Char('+') : line.kind == DiffKind::Removed ? QLatin1Char('-') : QLatin1Char(' ');
      return QString(mark) + QLatin1Char(' ') + line.text;
    }
    case KindRole:
      return static_cast<int>(line.kind);
    case OldLineRole:
      return line.oldLine;
    case NewLineRole:
      return line.newLine;
    case Qt::BackgroundRole:
      // Semantic green/red, translucent so the palette's base shows through
      // in light and dark themes alike.
      if (line.kind == DiffKind::Added) {
        return QColor(58, 166, 92, 60);
      }
      if (line.kind == DiffKind::Removed) {
        return QColor(217, 59, 59, 60);
      }
      return {};
    default:
      return {};
  }
}

}  // namespace routedeck::models
