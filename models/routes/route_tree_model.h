#pragma once

#include <QAbstractItemModel>
#include <QSet>
#include <memory>
#include <vector>

#include "models/graph/topology.h"

namespace routedeck::models {

// gateway → listener → route → rule, from a Topology. A route attached to
// two listeners appears under both, with the same node id. The model
// resets only when the structure changes (a different set of nodes), not
// when weights or matches change.
class RouteTreeModel final : public QAbstractItemModel {
  Q_OBJECT
 public:
  enum Role { NodeIdRole = Qt::UserRole + 1, KindRole, RuleIdRole, DetailRole };
  enum Column { NameColumn, DetailColumn, ColumnCount };

  explicit RouteTreeModel(QObject* parent = nullptr);
  ~RouteTreeModel() override;

  void setTopology(const Topology& topology);
  // The first index showing node `id` (invalid when none).
  QModelIndex indexForId(const QString& id) const;

  QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
  QModelIndex parent(const QModelIndex& child) const override;
  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

 private:
  struct Item;
  static void buildChildren(const Topology& t, Item* item, QStringList& sig, QSet<QString>& path);
  Item* itemOf(const QModelIndex& index) const;
  QModelIndex indexOf(Item* item, int column = 0) const;

  std::unique_ptr<Item> m_root;
  QStringList m_signature;  // node ids in tree order: decides reset vs update
};

}  // namespace routedeck::models
