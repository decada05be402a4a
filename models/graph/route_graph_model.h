#pragma once

#include <QObject>
#include <QRectF>
#include <QVector>

#include "models/graph/topology.h"

namespace routedeck::models {

class ChartSeriesModel;

struct GraphNode {
  TopoNode node;
  QRectF rect;
};

struct GraphEdge {
  int from = 0;  // node indices
  int to = 0;
  int weight = -1;   // configured weight (rule → backend), else -1
  int percent = -1;  // configured share, 0..100
  double rps = 0;    // live requests/s over this edge
  double error5xxPercent = 0;
};

// What the route graph view draws: laid-out nodes and edges with live
// traffic. Layout is recomputed only when the structure changes.
class RouteGraphModel : public QObject {
  Q_OBJECT
 public:
  explicit RouteGraphModel(QObject* parent = nullptr);

  void setTopology(const Topology& topology);
  const QVector<GraphNode>& nodes() const { return m_nodes; }
  const QVector<GraphEdge>& edges() const { return m_edges; }
  int indexOf(const QString& id) const;
  QRectF bounds() const;
  // Node ids whose label or detail contains `text` (case-insensitive).
  QStringList search(const QString& text) const;

 public slots:
  void updateLive(const routedeck::models::ChartSeriesModel& series);

 signals:
  void structureChanged();  // nodes/edges replaced: rebuild the scene
  void edgesChanged();      // weights or live numbers changed: restyle edges

 private:
  QVector<GraphNode> m_nodes;
  QVector<GraphEdge> m_edges;
  QStringList m_signature;
};

}  // namespace routedeck::models
