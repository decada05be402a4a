#pragma once

#include <QAbstractTableModel>
#include <QVector>

namespace routedeck::core {
class Diagnostics;
}

namespace routedeck::models {

struct Problem {
  enum class Severity { Error, Warning, Note };
  Severity severity = Severity::Error;
  QString file;
  int line = 0;
  int column = 0;
  QString message;
  QString field;
  QString location() const;  // "file:line:column"
};

QVector<Problem> toProblems(const core::Diagnostics& diags);

// The Problems tab: validation findings of the workspace, errors first.
class ProblemsModel final : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column { SeverityColumn, LocationColumn, MessageColumn, FieldColumn, ColumnCount };
  explicit ProblemsModel(QObject* parent = nullptr);

  void setProblems(QVector<Problem> problems);
  const QVector<Problem>& problems() const { return m_items; }
  int errorCount() const;

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

 signals:
  void countChanged(int count);

 private:
  QVector<Problem> m_items;
};

}  // namespace routedeck::models
