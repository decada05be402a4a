#include "ui/graph/route_graph_view.h"

#include <QKeyEvent>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>

#include "ui/graph/graph_items.h"

namespace routedeck::ui {

RouteGraphView::RouteGraphView(models::RouteGraphModel* model, QWidget* parent)
    : QGraphicsView(parent), m_model(model) {
  setScene(&m_scene);
  setRenderHint(QPainter::Antialiasing);
  setDragMode(ScrollHandDrag);
  setTransformationAnchor(AnchorUnderMouse);
  setResizeAnchor(AnchorViewCenter);
  setViewportUpdateMode(BoundingRectViewportUpdate);
  setFocusPolicy(Qt::StrongFocus);
  setAccessibleName(tr("Route graph"));
  connect(m_model, &models::RouteGraphModel::structureChanged, this, &RouteGraphView::rebuild);
  connect(m_model, &models::RouteGraphModel::edgesChanged, this, &RouteGraphView::restyle);
  connect(&m_scene, &QGraphicsScene::selectionChanged, this, [this] {
    if (m_syncing) {
      return;
    }
    const auto items = m_scene.selectedItems();
    if (!items.isEmpty()) {
      if (auto* n = dynamic_cast<NodeItem*>(items.first())) {
        emit nodeActivated(n->id());
      }
    }
  });
  rebuild();
}

void RouteGraphView::rebuild() {
  m_scene.clear();
  m_nodes.clear();
  m_edges.clear();
  const auto& nodes = m_model->nodes();
  for (const auto& n : nodes) {
    auto* item = new NodeItem(n);
    m_scene.addItem(item);
    m_nodes.insert(n.node.id, item);
  }
  for (const auto& e : m_model->edges()) {
    auto* item = new EdgeItem(nodes[e.from].rect, nodes[e.to].rect);
    m_scene.addItem(item);
    m_edges.push_back(item);
  }
  m_scene.setSceneRect(m_model->bounds().adjusted(-40, -40, 120, 40));
  restyle();
  fit();
}

void RouteGraphView::restyle() {
  const auto& edges = m_model->edges();
  double maxRps = 0;
  for (const auto& e : edges) {
    maxRps = std::max(maxRps, e.rps);
  }
  for (int i = 0; i < edges.size() && i < m_edges.size(); ++i) {
    m_edges[i]->setLive(edges[i], maxRps);
  }
}

EdgeItem* RouteGraphView::findEdge(const QString& fromId, const QString& toId) const {
  const int from = m_model->indexOf(fromId), to = m_model->indexOf(toId);
  const auto& edges = m_model->edges();
  for (int i = 0; i < edges.size() && i < m_edges.size(); ++i) {
    if (edges[i].from == from && edges[i].to == to) {
      return m_edges[i];
    }
  }
  return nullptr;
}

QString RouteGraphView::edgeLabel(const QString& fromId, const QString& toId) const {
  const auto* e = findEdge(fromId, toId);
  return e ? e->labelText() : QString();
}

QPen RouteGraphView::edgePen(const QString& fromId, const QString& toId) const {
  const auto* e = findEdge(fromId, toId);
  return e ? e->pen() : QPen(Qt::NoPen);
}

void RouteGraphView::selectNode(const QString& id) {
  m_syncing = true;
  m_scene.clearSelection();
  if (auto* n = m_nodes.value(id)) {
    n->setSelected(true);
    ensureVisible(n, 40, 40);
  }
  m_syncing = false;
}

void RouteGraphView::fit() {
  if (!m_scene.sceneRect().isEmpty()) {
    fitInView(m_scene.sceneRect(), Qt::KeepAspectRatio);
    if (zoom() > 1.0) {
      resetTransform();  // never blow small graphs up beyond 100 %
      centerOn(m_scene.sceneRect().center());
    }
  }
}

void RouteGraphView::zoomBy(double factor) {
  const double next = std::clamp(zoom() * factor, 0.05, 4.0);
  scale(next / zoom(), next / zoom());
}

int RouteGraphView::search(const QString& text) {
  const auto hits = m_model->search(text);
  for (auto* n : std::as_const(m_nodes)) {
    n->setHighlighted(hits.contains(n->id()));
  }
  if (!hits.isEmpty()) {
    if (auto* n = m_nodes.value(hits.first())) {
      centerOn(n);
    }
  }
  return static_cast<int>(hits.size());
}

void RouteGraphView::wheelEvent(QWheelEvent* event) {
  zoomBy(std::pow(1.0015, event->angleDelta().y()));
  event->accept();
}

void RouteGraphView::keyPressEvent(QKeyEvent* event) {
  if (event->key() == Qt::Key_F && event->modifiers() == Qt::NoModifier) {
    fit();
  } else if (event->matches(QKeySequence::ZoomIn) || event->key() == Qt::Key_Plus) {
    zoomBy(1.2);
  } else if (event->matches(QKeySequence::ZoomOut) || event->key() == Qt::Key_Minus) {
    zoomBy(1 / 1.2);
  } else {
    QGraphicsView::keyPressEvent(event);
  }
}

}  // namespace routedeck::ui
