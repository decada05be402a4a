#pragma once

#include <QAbstractTableModel>
#include <QDeadlineTimer>
#include <QHash>
#include <QSet>
#include <QTimer>
#include <QVector>

#include "models/graph/topology.h"

namespace routedeck::models {

class WorkspaceDocument;

// What the fault panel edits for one rule.
struct FaultDraft {
  bool delay = false;
  int delayMs = 2000;
  double delayPercent = 10;
  bool abort = false;
  int abortStatus = 503;
  double abortPercent = 10;
  qint64 revertAfterMs = 5 * 60 * 1000;  // mandatory: every fault set here expires
};

// Rules with an active fault and their auto-revert countdown. Edits go
// through the document's undo stack; when a rule's timer fires the fault is
// reverted as an undo step too, so Ctrl+Z can bring it back (re-armed).
// A fault that appears without a timer (undo, redo) gets the last duration
// used; faults written in the loaded file keep running until stopped.
// UI thread only.
class FaultModel final : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column { RuleColumn, FaultColumn, RemainingColumn, ColumnCount };
  enum Role { RuleIdRole = Qt::UserRole + 1, RemainingMsRole };

  explicit FaultModel(WorkspaceDocument* document, QObject* parent = nullptr);

  // Sets the rule's fault (clears it when the draft injects nothing).
  void apply(const RuleRef& rule, const FaultDraft& draft);
  void clear(const RuleRef& rule);
  void stopAll();

  FaultDraft draftFor(const RuleRef& rule) const;  // the configured fault, or defaults
  bool hasFault(const RuleRef& rule) const;
  qint64 remainingMs(const RuleRef& rule) const;  // -1: no timer
  QString describe(const RuleRef& rule) const;    // "delay 2s @10% · abort 503 @100%"
  int activeCount() const { return static_cast<int>(m_rows.size()); }
  static QString formatCountdown(qint64 ms);      // "4:59"

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

 signals:
  void activeChanged(int count);
  void countdownTick();  // once a second while a timer runs

 private:
  void onLoaded();
  void sync();
  void armNearest();
  void revertExpired();
  void tick();

  WorkspaceDocument* m_document;
  QVector<RuleRef> m_rows;
  QHash<QString, QDeadlineTimer> m_deadlines;  // by RuleRef::id()
  QSet<QString> m_fromFile;                    // faults the loaded workspace declares
  qint64 m_lastRevertMs = FaultDraft{}.revertAfterMs;
  QTimer m_revert;
  QTimer m_tick;
};

}  // namespace routedeck::models
