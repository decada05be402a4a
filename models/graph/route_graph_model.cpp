#include "models/graph/route_graph_model.h"

#include "models/graph/graph_layout.h"
#include "models/metrics/chart_series_model.h"

namespace routedeck::models {

RouteGraphModel::RouteGraphModel(QObject* parent) : QObject(parent) {}

void RouteGraphModel::setTopology(const Topology& t) {
  QStringList sig;
  for (const auto& n : t.nodes) {
    sig << n.id;
  }
  for (const auto& e : t.edges) {
    sig << e.from + QStringLiteral("->") + e.to;
  }
  if (sig == m_signature && m_edges.size() == t.edges.size()) {
    for (int i = 0; i < m_nodes.size(); ++i) {
      m_nodes[i].node = t.nodes[i];
    }
    for (int i = 0; i < m_edges.size(); ++i) {
      m_edges[i].weight = t.edges[i].weight;
      m_edges[i].percent = t.edges[i].percent;
    }
    emit edgesChanged();
    return;
  }
  m_signature = sig;
  QVector<GraphLayout::Node> layoutNodes;
  for (const auto& n : t.nodes) {
    layoutNodes.push_back({n.id, Topology::layerOf(n.kind), QSizeF(140, 44)});
  }
  m_nodes.clear();
  m_edges.clear();
  QVector<GraphLayout::Edge> layoutEdges;
  for (const auto& e : t.edges) {
    const int from = t.indexOf(e.from), to = t.indexOf(e.to);
    if (from >= 0 && to >= 0) {
      layoutEdges.push_back({from, to});
      m_edges.push_back({from, to, e.weight, e.percent, 0, 0});
    }
  }
  const auto rects = GraphLayout::compute(layoutNodes, layoutEdges);
  for (int i = 0; i < t.nodes.size(); ++i) {
    m_nodes.push_back({t.nodes[i], rects[i]});
  }
  emit structureChanged();
}

int RouteGraphModel::indexOf(const QString& id) const {
  for (int i = 0; i < m_nodes.size(); ++i) {
    if (m_nodes[i].node.id == id) {
      return i;
    }
  }
  return -1;
}

QRectF RouteGraphModel::bounds() const {
  QRectF r;
  for (const auto& n : m_nodes) {
    r = r.united(n.rect);
  }
  return r;
}

QStringList RouteGraphModel::search(const QString& text) const {
  QStringList out;
  if (text.trimmed().isEmpty()) {
    return out;
  }
  for (const auto& n : m_nodes) {
    if (n.node.label.contains(text, Qt::CaseInsensitive) || n.node.detail.contains(text, Qt::CaseInsensitive)) {
      out << n.node.id;
    }
  }
  return out;
}

void RouteGraphModel::updateLive(const ChartSeriesModel& series) {
  // Traffic flows right to left in aggregation: rule edges first, then sums
  // towards the gateway (edges into a node carry what leaves it).
  QVector<double> nodeRps(m_nodes.size(), 0);
  QVector<double> node5xx(m_nodes.size(), 0);
  for (int i = 0; i < m_nodes.size(); ++i) {
    const auto& n = m_nodes[i].node;
    if (n.kind == NodeKind::Rule) {
      const auto live = series.live(n.rule.id());
      nodeRps[i] = live.rps;
      node5xx[i] = live.error5xxPercent;
      int b = 0;
      for (auto& e : m_edges) {
        if (e.from == i) {
          e.rps = b < live.backendRps.size() ? live.backendRps[b] : 0;
          e.error5xxPercent = b < live.backend5xxPercent.size() ? live.backend5xxPercent[b] : 0;
          ++b;
        }
      }
    }
  }
  for (int kind = static_cast<int>(NodeKind::Route); kind >= static_cast<int>(NodeKind::Gateway); --kind) {
    for (int i = 0; i < m_nodes.size(); ++i) {
      if (static_cast<int>(m_nodes[i].node.kind) != kind) {
        continue;
      }
      double rps = 0, errors = 0;
      for (const auto& e : m_edges) {
        if (e.from == i) {
          rps += nodeRps[e.to];
          errors += nodeRps[e.to] * node5xx[e.to] / 100.0;
        }
      }
      nodeRps[i] = rps;
      node5xx[i] = rps > 0 ? 100.0 * errors / rps : 0;
    }
  }
  for (auto& e : m_edges) {
    if (m_nodes[e.to].node.kind != NodeKind::Backend) {
      e.rps = nodeRps[e.to];
      e.error5xxPercent = node5xx[e.to];
    }
  }
  emit edgesChanged();
}

}  // namespace routedeck::models
