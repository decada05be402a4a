#pragma once

#include <QAbstractTableModel>
#include <QVector>

#include "models/engine/metatypes.h"
#include "models/graph/topology.h"

namespace routedeck::models {

// The match-rule editor's table: one row per (rule, match) of the selected
// route, in the effective precedence order of its virtual host, with the
// position among every route's candidates there. Resets when the config or
// the route changes (edits, not ticks). UI thread only.
class RuleTableModel final : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column { OrderColumn, RuleColumn, PathColumn, HeadersColumn, QueryColumn, MethodColumn, BackendsColumn, WarningColumn, ColumnCount };
  enum Role { RuleIndexRole = Qt::UserRole + 1, MatchIndexRole };

  explicit RuleTableModel(QObject* parent = nullptr);

  // `route` names the route (its index is ignored); invalid clears.
  void setRoute(const RuleRef& route, const ConfigConstPtr& config);
  void setConfig(const ConfigConstPtr& config);
  RuleRef route() const { return m_route; }
  QString hostname() const { return m_hostname; }
  int rowOfRule(int ruleIndex) const;  // first row of the rule, -1 if none
  int ruleAt(int row) const;

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

 private:
  struct Row {
    int position = 0;
    int rule = -1;
    int match = -1;
    QString ruleName, path, headers, query, method, backends, warning;
  };
  QVector<Row> build(const ConfigConstPtr& config, QString* hostname) const;

  RuleRef m_route;
  QString m_hostname;
  QVector<Row> m_rows;
};

}  // namespace routedeck::models
