#pragma once

#include <QGraphicsView>
#include <QHash>
#include <QPen>
#include <QVector>

#include "models/graph/route_graph_model.h"

namespace routedeck::ui {

class NodeItem;
class EdgeItem;

// The route graph: renders RouteGraphModel; wheel or Ctrl +/- zooms, drag
// pans, F fits, a click selects a node (nodeActivated).
class RouteGraphView : public QGraphicsView {
  Q_OBJECT
 public:
  explicit RouteGraphView(models::RouteGraphModel* model, QWidget* parent = nullptr);

  double zoom() const { return transform().m11(); }
  int nodeCount() const { return static_cast<int>(m_nodes.size()); }
  QString edgeLabel(const QString& fromId, const QString& toId) const;
  // The pen an edge is drawn with (colour: 5xx share, width: traffic);
  // Qt::NoPen when there is no such edge.
  QPen edgePen(const QString& fromId, const QString& toId) const;

 public slots:
  void selectNode(const QString& id);
  void fit();
  void zoomBy(double factor);
  // Highlights matches and centres the first; returns how many matched.
  int search(const QString& text);

 signals:
  void nodeActivated(const QString& id);

 protected:
  void wheelEvent(QWheelEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;

 private:
  EdgeItem* findEdge(const QString& fromId, const QString& toId) const;
  void rebuild();
  void restyle();

  models::RouteGraphModel* m_model;
  QGraphicsScene m_scene;
  QHash<QString, NodeItem*> m_nodes;
  QVector<EdgeItem*> m_edges;
  bool m_syncing = false;
};

}  // namespace routedeck::ui
