#include "models/cluster/cluster_objects_model.h"

#include <algorithm>

namespace routedeck::models {

namespace {

QString objectLabel(const ClusterObjectRow& r) { return r.ns.isEmpty() ? r.name : r.ns + QLatin1Char('/') + r.name; }

template <typename T, typename Less>
int lowerBound(const QVector<T>& v, Less less) {
  return static_cast<int>(std::partition_point(v.begin(), v.end(), less) - v.begin());
}

struct WantKind {
  QString name;
  QVector<ClusterObjectRow> objects;
};
struct WantDialect {
  QString name;
  QVector<WantKind> kinds;
};

}  // namespace

ClusterObjectsModel::ClusterObjectsModel(QObject* parent) : QAbstractItemModel(parent) {}

int ClusterObjectsModel::objectCount() const {
  int n = 0;
  for (const auto& d : m_dialects) {
    for (const auto& k : d->kinds) n += k->objects.size();
  }
  return n;
}

void ClusterObjectsModel::setRows(const QVector<ClusterObjectRow>& rows) {
  // The wanted tree, then a walk that inserts, removes and updates rows
  // against the current one.
  QVector<WantDialect> want;
  for (const auto& r : rows) {
    int d = lowerBound(want, [&](const WantDialect& x) { return x.name < r.dialect; });
    if (d == want.size() || want[d].name != r.dialect) want.insert(d, WantDialect{r.dialect, {}});
    auto& kinds = want[d].kinds;
    int k = lowerBound(kinds, [&](const WantKind& x) { return x.name < r.kind; });
    if (k == kinds.size() || kinds[k].name != r.kind) kinds.insert(k, WantKind{r.kind, {}});
    auto& objs = kinds[k].objects;
    const QString label = objectLabel(r);
    objs.insert(lowerBound(objs, [&](const ClusterObjectRow& x) { return objectLabel(x) < label; }), r);
  }
  for (int d = 0, w = 0; d < m_dialects.size() || w < want.size();) {
    if (w < want.size() && (d == m_dialects.size() || want[w].name < m_dialects[d]->name)) {
      beginInsertRows({}, d, d);
      auto node = std::make_shared<Node>();
      node->name = want[w].name;
      m_dialects.insert(d, node);
      endInsertRows();
    } else if (w == want.size() || m_dialects[d]->name < want[w].name) {
      beginRemoveRows({}, d, d);
      m_dialects.remove(d);
      endRemoveRows();
      continue;
    }
    Node* dialect = m_dialects[d].get();
    const QModelIndex dIdx = index(d, 0);
    auto& kinds = dialect->kinds;
    const auto& wantKinds = want[w].kinds;
    for (int k = 0, wk = 0; k < kinds.size() || wk < wantKinds.size();) {
      if (wk < wantKinds.size() && (k == kinds.size() || wantKinds[wk].name < kinds[k]->name)) {
        beginInsertRows(dIdx, k, k);
        auto node = std::make_shared<Node>();
        node->name = wantKinds[wk].name;
        node->parent = dialect;
        kinds.insert(k, node);
        endInsertRows();
      } else if (wk == wantKinds.size() || kinds[k]->name < wantKinds[wk].name) {
        beginRemoveRows(dIdx, k, k);
        kinds.remove(k);
        endRemoveRows();
        continue;
      }
      const QModelIndex kIdx = index(k, 0, dIdx);
      auto& objs = kinds[k]->objects;
      const auto& wantObjs = wantKinds[wk].objects;
      bool countChanged = false;
      for (int o = 0, wo = 0; o < objs.size() || wo < wantObjs.size();) {
        const bool insert =
            wo < wantObjs.size() && (o == objs.size() || objectLabel(wantObjs[wo]) < objectLabel(objs[o]));
        const bool remove = !insert && (wo == wantObjs.size() || objectLabel(objs[o]) < objectLabel(wantObjs[wo]));
        if (insert) {
          beginInsertRows(kIdx, o, o);
          objs.insert(o, wantObjs[wo]);
          endInsertRows();
          countChanged = true;
        } else if (remove) {
          beginRemoveRows(kIdx, o, o);
          objs.remove(o);
          endRemoveRows();
          countChanged = true;
          continue;
        } else if (!(objs[o] == wantObjs[wo])) {
          objs[o] = wantObjs[wo];
          emit dataChanged(index(o, 0, kIdx), index(o, ColumnCount - 1, kIdx));
        }
        ++o;
        ++wo;
      }
      if (countChanged) emit dataChanged(kIdx, kIdx);  // "HTTPRoute (3)"
      ++k;
      ++wk;
    }
    ++d;
    ++w;
  }
}

int ClusterObjectsModel::rowOf(const Node* n) const {
  const auto& list = n->parent ? n->parent->kinds : m_dialects;
  for (int i = 0; i < list.size(); ++i) {
    if (list[i].get() == n) return i;
  }
  return -1;
}

QModelIndex ClusterObjectsModel::find(const QString& kind, const QString& ns, const QString& name) const {
  for (int d = 0; d < m_dialects.size(); ++d) {
    for (int k = 0; k < m_dialects[d]->kinds.size(); ++k) {
      const auto& objs = m_dialects[d]->kinds[k]->objects;
      for (int o = 0; o < objs.size(); ++o) {
        if (objs[o].kind == kind && objs[o].ns == ns && objs[o].name == name) {
          return index(o, 0, index(k, 0, index(d, 0)));
        }
      }
    }
  }
  return {};
}

QModelIndex ClusterObjectsModel::index(int row, int column, const QModelIndex& parent) const {
  if (row < 0 || column < 0 || column >= ColumnCount) return {};
  if (!parent.isValid()) return row < m_dialects.size() ? createIndex(row, column, nullptr) : QModelIndex();
  if (parent.column() != 0) return {};
  auto* pnode = static_cast<Node*>(parent.internalPointer());
  if (!pnode) {  // parent is a dialect row: children are kinds
    Node* dialect = m_dialects.value(parent.row()).get();
    return dialect && row < dialect->kinds.size() ? createIndex(row, column, dialect) : QModelIndex();
  }
  if (!pnode->parent) {  // parent is a kind row (its pointer is its dialect): children are objects
    Node* kind = pnode->kinds.value(parent.row()).get();
    return kind && row < kind->objects.size() ? createIndex(row, column, kind) : QModelIndex();
  }
  return {};
}

QModelIndex ClusterObjectsModel::parent(const QModelIndex& child) const {
  if (!child.isValid()) return {};
  auto* p = static_cast<Node*>(child.internalPointer());
  if (!p) return {};
  return createIndex(rowOf(p), 0, p->parent);
}

int ClusterObjectsModel::rowCount(const QModelIndex& parent) const {
  if (!parent.isValid()) return m_dialects.size();
  if (parent.column() != 0) return 0;
  auto* pnode = static_cast<Node*>(parent.internalPointer());
  if (!pnode) return m_dialects.value(parent.row()) ? m_dialects[parent.row()]->kinds.size() : 0;
  if (!pnode->parent) return pnode->kinds.value(parent.row()) ? pnode->kinds[parent.row()]->objects.size() : 0;
  return 0;
}

int ClusterObjectsModel::columnCount(const QModelIndex&) const { return ColumnCount; }

QVariant ClusterObjectsModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid()) return {};
  auto* p = static_cast<Node*>(index.internalPointer());
  if (!p) {
    if (role == Qt::DisplayRole && index.column() == NameColumn) return m_dialects[index.row()]->name;
    return {};
  }
  if (!p->parent) {
    const Node& kind = *p->kinds[index.row()];
    if (role == Qt::DisplayRole && index.column() == NameColumn) {
      return QStringLiteral("%1 (%2)").arg(kind.name).arg(kind.objects.size());
    }
    if (role == KindRole) return kind.name;
    return {};
  }
  const ClusterObjectRow& r = p->objects[index.row()];
  switch (role) {
    case Qt::DisplayRole:
      if (index.column() == NameColumn) return objectLabel(r) + (r.changedByOthers ? QStringLiteral(" ●") : QString());
      return r.resourceVersion;
    case Qt::ToolTipRole:
      return r.changedByOthers ? tr("%1 %2 changed in the cluster since you opened it (version %3)")
                                     .arg(r.kind, objectLabel(r), r.resourceVersion)
                               : tr("%1 %2, version %3").arg(r.kind, objectLabel(r), r.resourceVersion);
    case KeyRole:
      return r.key;
    case KindRole:
      return r.kind;
    case NamespaceRole:
      return r.ns;
    case NameRole:
      return r.name;
    case JsonRole:
      return r.json;
    case ChangedByOthersRole:
      return r.changedByOthers;
    default:
      return {};
  }
}

QVariant ClusterObjectsModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  return section == NameColumn ? tr("Object") : tr("Version");
}

}  // namespace routedeck::models
