#include "models/document/fidelity_model.h"

#include <QColor>
#include <algorithm>

namespace routedeck::models {

FidelityModel::FidelityModel(QObject* parent) : QAbstractTableModel(parent) {}

void FidelityModel::setNotes(const QVector<FidelityRow>& notes) {
  beginResetModel();
  m_rows.clear();
  std::fill(std::begin(m_counts), std::end(m_counts), 0);
  for (const auto& n : notes) {
    ++m_counts[static_cast<int>(n.level)];
    if (n.level != FidelityRow::Level::Exact) {
      m_rows << n;
    }
  }
  std::stable_sort(m_rows.begin(), m_rows.end(),
                   [](const FidelityRow& a, const FidelityRow& b) { return a.level > b.level; });
  endResetModel();
}

int FidelityModel::count(FidelityRow::Level level) const { return m_counts[static_cast<int>(level)]; }

QString FidelityModel::summary() const {
  return tr("%1 exact, %2 approximate, %3 lost")
      .arg(count(FidelityRow::Level::Exact))
      .arg(count(FidelityRow::Level::Approximate))
      .arg(count(FidelityRow::Level::Lost));
}

int FidelityModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int FidelityModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant FidelityModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
    return {};
  }
  const FidelityRow& r = m_rows[index.row()];
  const bool lost = r.level == FidelityRow::Level::Lost;
  switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
      switch (index.column()) {
        case LevelColumn:
          return lost ? tr("lost") : tr("approximate");
        case ObjectColumn:
          return r.object;
        case FeatureColumn:
          return r.feature;
        case DetailColumn:
          return r.detail;
        default:
          return {};
      }
    case LevelRole:
      return static_cast<int>(r.level);
    case Qt::ForegroundRole:
      // Semantic: red for a dropped feature, amber for a changed one.
      if (index.column() == LevelColumn) {
        return lost ? QColor(217, 59, 59) : QColor(224, 155, 34);
      }
      return {};
    default:
      return {};
  }
}

QVariant FidelityModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
    return {};
  }
  switch (section) {
    case LevelColumn:
      return tr("Fidelity");
    case ObjectColumn:
      return tr("Object");
    case FeatureColumn:
      return tr("Feature");
    case DetailColumn:
      return tr("What differs");
    default:
      return {};
  }
}

}  // namespace routedeck::models
