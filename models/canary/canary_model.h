#pragma once

#include <QObject>
#include <QStringList>
#include <QVector>

#include "models/graph/topology.h"

namespace routedeck::models {

// State of the canary panel for one rule: one integer percentage per
// backend, always summing to 100, with per-backend locks. Edits come from
// the panel and leave as weightsEdited(); config changes (undo, reload)
// come back through sync() without re-emitting an edit.
class CanaryModel : public QObject {
  Q_OBJECT
 public:
  explicit CanaryModel(QObject* parent = nullptr);

  // A new rule: labels and configured weights (any scale).
  void setRule(const RuleRef& rule, const QStringList& backends, const QVector<int>& weights);
  void clear();
  // The rule's weights changed elsewhere (undo, apply): keep locks.
  void sync(const QVector<int>& weights);

  const RuleRef& rule() const { return m_rule; }
  int count() const { return static_cast<int>(m_percent.size()); }
  QString backend(int i) const { return m_backends.value(i); }
  int percent(int i) const { return m_percent.value(i); }
  QVector<int> percentages() const { return m_percent; }
  bool isLocked(int i) const { return m_locked.value(i); }
  // Can entry i move at all? (some other entry is unlocked)
  bool isAdjustable(int i) const;
  // Measured share of traffic per backend, 0..100, or empty when unknown.
  QVector<double> measured() const { return m_measured; }

  static const QVector<int>& steps();  // 0, 5, 25, 50, 100

 public slots:
  // `dragging`: part of a continuous gesture (merged into one undo step).
  void setPercent(int index, int value, bool dragging = false);
  void setLocked(int index, bool locked);
  void finishDrag();
  void setMeasured(const QVector<double>& percent);

 signals:
  void changed();
  void measuredChanged();
  void weightsEdited(const routedeck::models::RuleRef& rule, const QVector<int>& percent, bool dragging);
  void dragFinished();

 private:
  RuleRef m_rule;
  QStringList m_backends;
  QVector<int> m_percent;
  QVector<bool> m_locked;
  QVector<double> m_measured;
};

}  // namespace routedeck::models
