#include "models/canary/canary_model.h"

#include "models/canary/weight_math.h"

namespace routedeck::models {

namespace {
std::vector<int> toStd(const QVector<int>& v) { return {v.begin(), v.end()}; }
QVector<int> toQt(const std::vector<int>& v) { return {v.begin(), v.end()}; }
}  // namespace

CanaryModel::CanaryModel(QObject* parent) : QObject(parent) {}

const QVector<int>& CanaryModel::steps() {
  static const QVector<int> kSteps{0, 5, 25, 50, 100};
  return kSteps;
}

void CanaryModel::setRule(const RuleRef& rule, const QStringList& backends, const QVector<int>& weights) {
  m_rule = rule;
  m_backends = backends;
  m_percent = toQt(weights::toPercentages(toStd(weights)));
  m_locked = QVector<bool>(m_percent.size(), false);
  m_measured.clear();
  emit changed();
  emit measuredChanged();
}

void CanaryModel::clear() { setRule({}, {}, {}); }

void CanaryModel::sync(const QVector<int>& weights) {
  auto fresh = toQt(weights::toPercentages(toStd(weights)));
  if (fresh.size() != m_percent.size()) {
    m_locked = QVector<bool>(fresh.size(), false);
  }
  if (fresh != m_percent) {
    m_percent = fresh;
    emit changed();
  }
}

bool CanaryModel::isAdjustable(int i) const {
  for (int k = 0; k < m_locked.size(); ++k) {
    if (k != i && !m_locked[k]) {
      return true;
    }
  }
  return false;
}

void CanaryModel::setPercent(int index, int value, bool dragging) {
  if (index < 0 || index >= m_percent.size() || m_locked[index]) {
    return;
  }
  const std::vector<bool> locked(m_locked.begin(), m_locked.end());
  auto next = toQt(weights::rebalance(toStd(m_percent), locked, index, value));
  if (next == m_percent) {
    return;
  }
  m_percent = next;
  emit changed();
  emit weightsEdited(m_rule, m_percent, dragging);
}

void CanaryModel::setLocked(int index, bool locked) {
  if (index >= 0 && index < m_locked.size() && m_locked[index] != locked) {
    m_locked[index] = locked;
    emit changed();
  }
}

void CanaryModel::finishDrag() { emit dragFinished(); }

void CanaryModel::setMeasured(const QVector<double>& percent) {
  if (percent != m_measured) {
    m_measured = percent;
    emit measuredChanged();
  }
}

}  // namespace routedeck::models
