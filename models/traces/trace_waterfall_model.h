#pragma once

#include <QAbstractTableModel>
#include <vector>

#include "models/engine/metatypes.h"
#include "models/traces/waterfall_rows.h"

namespace routedeck::models {

// One trace as a waterfall: a row per span in tree order (see
// waterfallRows), with its depth, start offset and duration relative to the
// gateway span, and its attributes and events as text for a details pane.
// Changing the trace resets the model (a selection, not a tick). UI thread.
class TraceWaterfallModel final : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column { SpanColumn, TimelineColumn, DurationColumn, KindColumn, StatusColumn, ColumnCount };
  enum Role { DepthRole = Qt::UserRole + 1, OffsetMsRole, DurationMsRole, TotalMsRole, ErrorRole, DetailsRole };

  explicit TraceWaterfallModel(QObject* parent = nullptr);

  void setTrace(const TraceConstPtr& trace);
  TraceConstPtr trace() const { return m_trace; }
  // Offset of the last span end from the gateway span's start: the timeline's width.
  double totalMs() const { return m_totalMs; }
  // "name · kind · status", timing, then attributes and events, one per line.
  QString details(int row) const;
  int rowOfName(const QString& spanName) const;  // first row; -1 when none

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

 private:
  TraceConstPtr m_trace;  // keeps the spans m_rows point into alive
  std::vector<WaterfallRow> m_rows;
  double m_totalMs = 0;
};

}  // namespace routedeck::models
