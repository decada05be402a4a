#pragma once

#include <QAbstractItemModel>
#include <QVector>
#include <memory>

#include "models/cluster/cluster_session.h"

namespace routedeck::models {

// The cluster's objects as a tree: dialect → kind → "namespace/name", with
// the resourceVersion and a "changed in the cluster" mark. Rows update in
// place by key (inserted, removed, changed), never by a reset, so a
// selection survives another writer's edits. UI thread only.
class ClusterObjectsModel : public QAbstractItemModel {
  Q_OBJECT
 public:
  enum Column { NameColumn, VersionColumn, ColumnCount };
  enum Role { KeyRole = Qt::UserRole + 1, KindRole, NamespaceRole, NameRole, JsonRole, ChangedByOthersRole };

  explicit ClusterObjectsModel(QObject* parent = nullptr);

  void setRows(const QVector<ClusterObjectRow>& rows);
  int objectCount() const;
  // The index of an object by kind/ns/name (column 0), invalid when absent.
  QModelIndex find(const QString& kind, const QString& ns, const QString& name) const;

  QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
  QModelIndex parent(const QModelIndex& child) const override;
  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

 private:
  // Tree nodes live at stable addresses: an index's internal pointer is its
  // parent node, which must stay valid while rows move around it.
  struct Node {
    QString name;
    Node* parent = nullptr;                     // null for dialects
    QVector<std::shared_ptr<Node>> kinds;       // a dialect's kinds, sorted
    QVector<ClusterObjectRow> objects;          // a kind's objects, sorted by ns/name
  };
  int rowOf(const Node* n) const;
  QVector<std::shared_ptr<Node>> m_dialects;  // sorted by name
};

}  // namespace routedeck::models
