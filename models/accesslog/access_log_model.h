#pragma once

#include <QAbstractTableModel>
#include <QStringList>
#include <deque>

#include "models/engine/metatypes.h"
#include "proxycore/api/engine.h"

namespace routedeck::models {

// The live access log: a bounded ring (oldest rows drop first) that grows
// by whole batches with beginInsertRows/beginRemoveRows, never a reset per
// tick. Paused, it holds arriving records back (bounded by the same
// capacity) and appends them on resume. UI thread only.
class AccessLogModel final : public QAbstractTableModel {
  Q_OBJECT
 public:
  static constexpr int kDefaultCapacity = 100000;
  enum Column { TimeColumn, StatusColumn, FlagsColumn, MethodColumn, HostColumn, PathColumn, RuleColumn,
                BackendColumn, DurationColumn, RequestIdColumn, ColumnCount };
  enum Role { StatusRole = Qt::UserRole + 1, RuleIdRole, FlagsRole, SearchTextRole };

  explicit AccessLogModel(QObject* parent = nullptr, int capacity = kDefaultCapacity);

  void append(const AccessBatchConstPtr& batch);
  void setPaused(bool paused);
  bool isPaused() const { return m_paused; }
  int heldBack() const { return static_cast<int>(m_held.size()); }
  void clear();
  int capacity() const { return m_capacity; }
  quint64 totalSeen() const { return m_totalSeen; }
  QStringList knownRules() const { return m_rules; }  // rule ids seen so far, sorted

  bool hasNoRouteFlag(int row) const;
  // The row as a "Test a request" line: "GET http://host/path" (the port
  // the client dialled is the proxy's, not part of routing).
  QString requestLine(int row) const;

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

 signals:
  void rulesChanged(const QStringList& rules);
  void pausedChanged(bool paused);

 private:
  void insert(std::deque<core::stats::AccessRecord>&& records);

  int m_capacity;
  bool m_paused = false;
  quint64 m_totalSeen = 0;
  std::deque<core::stats::AccessRecord> m_rows;
  std::deque<core::stats::AccessRecord> m_held;
  QStringList m_rules;
};

}  // namespace routedeck::models
