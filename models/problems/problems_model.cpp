#include "models/problems/problems_model.h"

#include <QFileInfo>
#include <algorithm>

#include "proxycore/api/engine.h"

namespace routedeck::models {

QString Problem::location() const {
  if (file.isEmpty()) {
    return {};
  }
  return line > 0 ? QStringLiteral("%1:%2:%3").arg(file).arg(line).arg(column) : file;
}

QVector<Problem> toProblems(const core::Diagnostics& diags) {
  QVector<Problem> out;
  for (const auto& d : diags.items()) {
    Problem p;
    p.severity = d.severity == core::Severity::Error     ? Problem::Severity::Error
                 : d.severity == core::Severity::Warning ? Problem::Severity::Warning
                                                         : Problem::Severity::Note;
    p.file = QString::fromStdString(d.location.file);
    p.line = d.location.line;
    p.column = d.location.column;
    p.message = QString::fromStdString(d.message);
    p.field = QString::fromStdString(d.fieldPath);
    out.push_back(p);
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Problem& a, const Problem& b) { return a.severity < b.severity; });
  return out;
}

ProblemsModel::ProblemsModel(QObject* parent) : QAbstractTableModel(parent) {}

void ProblemsModel::setProblems(QVector<Problem> problems) {
  beginResetModel();
  m_items = std::move(problems);
  endResetModel();
  emit countChanged(static_cast<int>(m_items.size()));
}

int ProblemsModel::errorCount() const {
  return static_cast<int>(std::count_if(m_items.begin(), m_items.end(),
                                        [](const Problem& p) { return p.severity == Problem::Severity::Error; }));
}

int ProblemsModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(m_items.size());
}

int ProblemsModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant ProblemsModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= m_items.size()) {
    return {};
  }
  const auto& p = m_items[index.row()];
  if (role == Qt::DisplayRole) {
    switch (index.column()) {
      case SeverityColumn:
        return p.severity == Problem::Severity::Error     ? tr("error")
               : p.severity == Problem::Severity::Warning ? tr("warning")
                                                          : tr("note");
      case LocationColumn: return p.location();
      case MessageColumn: return p.message;
      case FieldColumn: return p.field;
      default: return {};
    }
  }
  if (role == Qt::ToolTipRole && index.column() == LocationColumn) {
    return p.file;
  }
  return {};
}

QVariant ProblemsModel::headerData(int section, Qt::Orientation o, int role) const {
  if (o != Qt::Horizontal || role != Qt::DisplayRole) {
    return {};
  }
  static const char* names[] = {"Severity", "Location", "Message", "Field"};
  return section < ColumnCount ? tr(names[section]) : QVariant();
}

}  // namespace routedeck::models
