#include "models/routes/route_tree_model.h"

#include <QSet>
#include <functional>

namespace routedeck::models {

struct RouteTreeModel::Item {
  TopoNode node;
  Item* parent = nullptr;
  int row = 0;
  std::vector<std::unique_ptr<Item>> children;

  Item* add(const TopoNode& n) {
    auto child = std::make_unique<Item>();
    child->node = n;
    child->parent = this;
    child->row = static_cast<int>(children.size());
    children.push_back(std::move(child));
    return children.back().get();
  }
};

RouteTreeModel::RouteTreeModel(QObject* parent) : QAbstractItemModel(parent), m_root(std::make_unique<Item>()) {}
RouteTreeModel::~RouteTreeModel() = default;

void RouteTreeModel::buildChildren(const Topology& t, Item* item, QStringList& sig, QSet<QString>& path) {
  for (const auto& childId : t.children(item->node.id)) {
    const int i = t.indexOf(childId);
    if (i < 0 || t.nodes[i].kind == NodeKind::Backend || path.contains(childId)) {
      continue;  // backends are graph-only; `path` guards against cycles
    }
    sig << childId;
    Item* child = item->add(t.nodes[i]);
    path.insert(childId);
    buildChildren(t, child, sig, path);
    path.remove(childId);
  }
}

void RouteTreeModel::setTopology(const Topology& t) {
  auto root = std::make_unique<Item>();
  QStringList sig;
  QSet<QString> path;
  for (const auto& n : t.nodes) {
    if (n.kind == NodeKind::Gateway) {
      sig << n.id;
      Item* gw = root->add(n);
      path.insert(n.id);
      buildChildren(t, gw, sig, path);
      path.remove(n.id);
    }
  }
  if (sig == m_signature) {
    // Same structure: refresh texts in place.
    std::function<void(Item*, Item*)> copy = [&](Item* dst, Item* src) {
      for (size_t i = 0; i < dst->children.size(); ++i) {
        dst->children[i]->node = src->children[i]->node;
        copy(dst->children[i].get(), src->children[i].get());
      }
    };
    copy(m_root.get(), root.get());
    std::function<void(Item*)> notify = [&](Item* parentItem) {
      if (!parentItem->children.empty()) {
        const QModelIndex p = parentItem == m_root.get() ? QModelIndex() : indexOf(parentItem);
        emit dataChanged(index(0, 0, p), index(static_cast<int>(parentItem->children.size()) - 1, ColumnCount - 1, p));
        for (auto& c : parentItem->children) {
          notify(c.get());
        }
      }
    };
    notify(m_root.get());
    return;
  }
  beginResetModel();
  m_root = std::move(root);
  m_signature = sig;
  endResetModel();
}

RouteTreeModel::Item* RouteTreeModel::itemOf(const QModelIndex& index) const {
  return index.isValid() ? static_cast<Item*>(index.internalPointer()) : m_root.get();
}

QModelIndex RouteTreeModel::indexOf(Item* item, int column) const {
  if (item == nullptr || item == m_root.get()) {
    return {};
  }
  return createIndex(item->row, column, item);
}

QModelIndex RouteTreeModel::indexForId(const QString& id) const {
  std::function<Item*(Item*)> find = [&](Item* it) -> Item* {
    for (auto& c : it->children) {
      if (c->node.id == id) {
        return c.get();
      }
      if (auto* f = find(c.get())) {
        return f;
      }
    }
    return nullptr;
  };
  return indexOf(find(m_root.get()));
}

QModelIndex RouteTreeModel::index(int row, int column, const QModelIndex& parent) const {
  if (!hasIndex(row, column, parent)) {
    return {};
  }
  return createIndex(row, column, itemOf(parent)->children[static_cast<size_t>(row)].get());
}

QModelIndex RouteTreeModel::parent(const QModelIndex& child) const {
  if (!child.isValid()) {
    return {};
  }
  return indexOf(itemOf(child)->parent);
}

int RouteTreeModel::rowCount(const QModelIndex& parent) const {
  if (parent.isValid() && parent.column() != 0) {
    return 0;
  }
  return static_cast<int>(itemOf(parent)->children.size());
}

int RouteTreeModel::columnCount(const QModelIndex&) const { return ColumnCount; }

QVariant RouteTreeModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid()) {
    return {};
  }
  const auto& n = itemOf(index)->node;
  switch (role) {
    case Qt::DisplayRole:
      return index.column() == NameColumn ? n.label : n.detail;
    case Qt::ToolTipRole:
    case DetailRole:
      return n.detail;
    case NodeIdRole:
      return n.id;
    case KindRole:
      return static_cast<int>(n.kind);
    case RuleIdRole:
      return n.rule.valid() ? n.rule.id() : QString();
    default:
      return {};
  }
}

QVariant RouteTreeModel::headerData(int section, Qt::Orientation o, int role) const {
  if (o != Qt::Horizontal || role != Qt::DisplayRole) {
    return {};
  }
  return section == NameColumn ? tr("Name") : tr("Match / detail");
}

}  // namespace routedeck::models
