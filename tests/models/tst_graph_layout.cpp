#include <QTest>

#include "models/graph/graph_layout.h"

using namespace routedeck::models;

namespace {

// gateways → listeners → routes → rules → backends, fan-out like a real config.
void buildTree(int gateways, QVector<GraphLayout::Node>& nodes, QVector<GraphLayout::Edge>& edges) {
  int backendBase = -1;
  QVector<int> backends;
  for (int b = 0; b < 12; ++b) {
    backends << static_cast<int>(nodes.size());
    nodes.push_back({QStringLiteral("be%1").arg(b), 4, QSizeF(160, 46)});
  }
  Q_UNUSED(backendBase);
  for (int g = 0; g < gateways; ++g) {
    const int gi = static_cast<int>(nodes.size());
    nodes.push_back({QStringLiteral("gw%1").arg(g), 0, QSizeF(160, 46)});
    for (int l = 0; l < 2; ++l) {
      const int li = static_cast<int>(nodes.size());
      nodes.push_back({QStringLiteral("ls%1.%2").arg(g).arg(l), 1, QSizeF(160, 46)});
      edges.push_back({gi, li});
      for (int r = 0; r < 3; ++r) {
        const int ri = static_cast<int>(nodes.size());
        nodes.push_back({QStringLiteral("rt%1.%2.%3").arg(g).arg(l).arg(r), 2, QSizeF(160, 46)});
        edges.push_back({li, ri});
        for (int u = 0; u < 2; ++u) {
          const int ui = static_cast<int>(nodes.size());
          nodes.push_back({QStringLiteral("ru%1.%2.%3.%4").arg(g).arg(l).arg(r).arg(u), 3, QSizeF(160, 46)});
          edges.push_back({ri, ui});
          edges.push_back({ui, backends[(g * 7 + r * 3 + u) % backends.size()]});
          edges.push_back({ui, backends[(g + l + r + u + 5) % backends.size()]});
        }
      }
    }
  }
}

}  // namespace

class TstGraphLayout : public QObject {
  Q_OBJECT
 private slots:
  void noOverlapsWith150PlusNodes() {
    QVector<GraphLayout::Node> nodes;
    QVector<GraphLayout::Edge> edges;
    buildTree(8, nodes, edges);
    QVERIFY2(nodes.size() >= 150, qPrintable(QString::number(nodes.size())));
    const auto rects = GraphLayout::compute(nodes, edges);
    QCOMPARE(rects.size(), nodes.size());
    for (int i = 0; i < rects.size(); ++i) {
      QCOMPARE(rects[i].size(), nodes[i].size);
      for (int j = i + 1; j < rects.size(); ++j) {
        QVERIFY2(!rects[i].intersects(rects[j]),
                 qPrintable(nodes[i].id + QStringLiteral(" overlaps ") + nodes[j].id));
      }
    }
  }

  void layersAreColumnsLeftToRight() {
    QVector<GraphLayout::Node> nodes;
    QVector<GraphLayout::Edge> edges;
    buildTree(3, nodes, edges);
    const auto rects = GraphLayout::compute(nodes, edges);
    for (const auto& e : edges) {
      QVERIFY(rects[e.from].right() < rects[e.to].left());
    }
  }

  void deterministic() {
    QVector<GraphLayout::Node> nodes;
    QVector<GraphLayout::Edge> edges;
    buildTree(5, nodes, edges);
    QCOMPARE(GraphLayout::compute(nodes, edges), GraphLayout::compute(nodes, edges));
  }

  void childrenNearTheirParent() {
    // One parent with two children: they sit around the parent, not at the top of the column.
    QVector<GraphLayout::Node> nodes{{QStringLiteral("a"), 0, QSizeF(100, 40)}, {QStringLiteral("b"), 0, QSizeF(100, 40)},
                                     {QStringLiteral("c"), 0, QSizeF(100, 40)}, {QStringLiteral("x"), 1, QSizeF(100, 40)}};
    QVector<GraphLayout::Edge> edges{{2, 3}};
    const auto rects = GraphLayout::compute(nodes, edges);
    QCOMPARE(rects[3].center().y(), rects[2].center().y());
  }

  void empty() { QVERIFY(GraphLayout::compute({}, {}).isEmpty()); }
};

QTEST_GUILESS_MAIN(TstGraphLayout)
#include "tst_graph_layout.moc"
