#pragma once

#include <QAbstractTableModel>
#include <QVector>

#include "models/document/export.h"

namespace routedeck::models {

// The conversion report of an export: what could not be converted exactly,
// lost features first, then approximations, each with the object, the
// feature and what differs. Exact features only count in the summary.
class FidelityModel final : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column { LevelColumn, ObjectColumn, FeatureColumn, DetailColumn, ColumnCount };
  enum Role { LevelRole = Qt::UserRole + 1 };

  explicit FidelityModel(QObject* parent = nullptr);

  void setNotes(const QVector<FidelityRow>& notes);
  int count(FidelityRow::Level level) const;
  // "5 exact, 13 approximate, 0 lost", as routedeckd convert prints it.
  QString summary() const;

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

 private:
  QVector<FidelityRow> m_rows;
  int m_counts[3] = {0, 0, 0};
};

}  // namespace routedeck::models
