#pragma once

#include <QAbstractTableModel>
#include <QString>
#include <deque>

#include "models/engine/metatypes.h"
#include "models/traces/trace_summary.h"

namespace routedeck::models {

// The recent sampled traces of one rule, newest first. New traces arrive in
// batches from the poller and are inserted at the top in one
// beginInsertRows; the oldest drop off the bottom past the capacity.
// Choosing another rule resets the list and bumps a generation number so
// that batches still in flight for the previous rule are dropped. UI
// thread only.
class TraceListModel final : public QAbstractTableModel {
  Q_OBJECT
 public:
  static constexpr int kDefaultCapacity = 500;
  enum Column { TimeColumn, StatusColumn, DurationColumn, AttemptsColumn, SpansColumn, FlagsColumn,
                TraceIdColumn, ColumnCount };
  enum Role { StatusRole = Qt::UserRole + 1, DurationMsRole, FlagsRole, TraceIdRole };

  explicit TraceListModel(QObject* parent = nullptr, int capacity = kDefaultCapacity);

  QString rule() const { return m_rule; }
  quint64 generation() const { return m_generation; }
  // Starts following `ruleId` (empty: none); emits followRequested.
  void setRule(const QString& ruleId);
  // A batch of new traces, oldest first, for the choice `generation` named.
  void append(quint64 generation, const TraceBatchConstPtr& batch);
  TraceConstPtr trace(int row) const;
  int rowOf(const QString& traceIdHex) const;  // -1 when not listed

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

 signals:
  void followRequested(const QString& ruleId, quint64 generation);

 private:
  struct Row {
    TraceConstPtr trace;
    TraceSummary summary;
    QString traceId;
  };

  int m_capacity;
  QString m_rule;
  quint64 m_generation = 0;
  std::deque<Row> m_rows;  // newest first
};

}  // namespace routedeck::models
