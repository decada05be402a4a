#pragma once

#include <QPointF>
#include <QRectF>
#include <QSizeF>
#include <QString>
#include <QVector>

namespace routedeck::models {

// Layered (Sugiyama-style) layout: nodes sit in columns by layer, ordered
// within a column by the barycentre of their neighbours (a few down/up
// sweeps), then placed top to bottom as close to their parents as the
// nodes above them allow. Deterministic (ties break by input order) and
// overlap-free by construction. Pure computation: no widgets.
class GraphLayout {
 public:
  struct Node {
    QString id;
    int layer = 0;
    QSizeF size{140, 44};
  };
  struct Edge {
    int from = 0;  // node indices
    int to = 0;
  };
  struct Options {
    double layerGap = 110;  // horizontal space between columns: room for edge labels
    double nodeGap = 18;   // vertical space between nodes of a column
    int sweeps = 4;
  };

  // Node rectangles in input order.
  static QVector<QRectF> compute(const QVector<Node>& nodes, const QVector<Edge>& edges, Options options);
  static QVector<QRectF> compute(const QVector<Node>& nodes, const QVector<Edge>& edges) {
    return compute(nodes, edges, Options{});
  }
};

}  // namespace routedeck::models
