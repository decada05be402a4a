#pragma once

#include <QGraphicsObject>
#include <QGraphicsPathItem>

#include "models/graph/route_graph_model.h"

namespace routedeck::ui {

// A node box: kind colour strip, label, detail line.
class NodeItem : public QGraphicsObject {
  Q_OBJECT
 public:
  NodeItem(const models::GraphNode& node, QGraphicsItem* parent = nullptr);
  QRectF boundingRect() const override;
  void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;
  const QString& id() const { return m_node.node.id; }
  void setHighlighted(bool on);

 private:
  models::GraphNode m_node;
  bool m_highlighted = false;
};

// A connector with its label (configured weight · live RPS); colour follows
// the 5xx rate and width the traffic.
class EdgeItem : public QGraphicsPathItem {
 public:
  EdgeItem(const QRectF& from, const QRectF& to, QGraphicsItem* parent = nullptr);
  void setLive(const models::GraphEdge& edge, double maxRps);
  QString labelText() const { return m_label; }
  void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;
  QRectF boundingRect() const override;

 private:
  QPointF m_labelCentre;
  QString m_label;
};

QColor errorColour(double error5xxPercent, const QPalette& palette);

}  // namespace routedeck::ui
