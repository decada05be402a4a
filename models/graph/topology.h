#pragma once

#include <QHash>
#include <QString>
#include <QStringList>
#include <QVector>

namespace routedeck::core::model {
struct Config;
}

namespace routedeck::models {

// Identifies a route rule across reloads (same text as stats::RuleKey::id()).
struct RuleRef {
  QString kind;  // HTTPRoute, VirtualService, ...
  QString ns;
  QString name;
  int index = -1;

  bool valid() const { return index >= 0; }
  QString id() const { return kind + QLatin1Char('/') + ns + QLatin1Char('/') + name + QLatin1Char('#') + QString::number(index); }
  bool operator==(const RuleRef&) const = default;
};

enum class NodeKind { Gateway, Listener, Route, Rule, Backend };

struct TopoNode {
  QString id;  // unique: "gw:ns/name", "ls:ns/name/listener", "rt:Kind/ns/name", "ru:<rule id>", "be:ns/name:port"
  NodeKind kind = NodeKind::Gateway;
  QString label;
  QString detail;  // second line: match summary, port, ...
  RuleRef rule;    // Rule nodes only
};

struct TopoEdge {
  QString from;
  QString to;
  int weight = -1;  // configured weight on rule → backend edges; -1 elsewhere
  int percent = -1; // the weight as a share of the rule's total, 0..100
};

// The gateway → listener → route → rule → backend structure of a config,
// shared by the route tree and the route graph. Deterministic order.
struct Topology {
  QVector<TopoNode> nodes;
  QVector<TopoEdge> edges;

  static Topology fromConfig(const core::model::Config& config);
  int indexOf(const QString& id) const;
  static int layerOf(NodeKind kind) { return static_cast<int>(kind); }
  QStringList children(const QString& id) const;
};

QString ruleNodeId(const RuleRef& r);

}  // namespace routedeck::models
