#include "models/graph/topology.h"

#include <QSet>

#include "proxycore/api/engine.h"

namespace routedeck::models {

namespace model = core::model;

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

QString matchSummary(const model::RouteRule& rule) {
  if (rule.matches.empty()) {
    return QStringLiteral("any request");
  }
  const auto& m = rule.matches.front();
  QStringList parts;
  if (m.method) {
    parts << q(*m.method);
  }
  if (m.path) {
    static const char* kinds[] = {"=", "prefix ", "prefix ", "~ "};
    parts << QString::fromLatin1(kinds[static_cast<int>(m.path->type)]) + q(m.path->value);
  }
  for (const auto& h : m.headers) {
    parts << q(h.name) + QStringLiteral(": ") + q(h.match.value);
  }
  if (rule.matches.size() > 1) {
    parts << QStringLiteral("(+%1 more)").arg(rule.matches.size() - 1);
  }
  return parts.join(QLatin1Char(' '));
}

QString backendId(const model::BackendRef& b, const model::Route& r) {
  const auto ns = b.ns.empty() ? r.meta.effectiveNamespace() : b.ns;
  QString id = QStringLiteral("be:") + q(ns) + QLatin1Char('/') + q(b.name);
  if (b.subset) {
    id += QLatin1Char('@') + q(*b.subset);
  }
  if (b.port) {
    id += QLatin1Char(':') + QString::number(*b.port);
  }
  return id;
}

bool attaches(const model::Route& r, const model::Gateway& g, const model::Listener& l) {
  for (const auto& p : r.parents) {
    const auto ns = p.ns.empty() ? r.meta.effectiveNamespace() : p.ns;
    if (p.name == g.meta.name && ns == g.meta.effectiveNamespace() &&
        (!p.sectionName || *p.sectionName == l.name)) {
      return true;
    }
  }
  return false;
}

struct Builder {
  Topology t;
  QSet<QString> ids;

  void node(TopoNode n) {
    if (!ids.contains(n.id)) {
      ids.insert(n.id);
      t.nodes.push_back(std::move(n));
    }
  }
  void edge(const QString& from, const QString& to, int weight = -1, int percent = -1) {
    t.edges.push_back({from, to, weight, percent});
  }

  void addRoute(const model::Route& r, const QString& parentId) {
    const QString kind = QString::fromLatin1(model::routeKindName(r.kind));
    const QString ns = q(r.meta.effectiveNamespace());
    const QString routeId = QStringLiteral("rt:") + kind + QLatin1Char('/') + ns + QLatin1Char('/') + q(r.meta.name);
    const bool fresh = !ids.contains(routeId);
    node({routeId, NodeKind::Route, q(r.meta.name),
          r.hostnames.empty() ? QStringLiteral("any host") : q(r.hostnames.front()), {}});
    edge(parentId, routeId);
    if (!fresh) {
      return;
    }
    for (size_t i = 0; i < r.rules.size(); ++i) {
      const auto& rule = r.rules[i];
      RuleRef ref{kind, ns, q(r.meta.name), static_cast<int>(i)};
      const QString label = rule.name ? q(*rule.name) : QStringLiteral("rule %1").arg(i);
      node({ruleNodeId(ref), NodeKind::Rule, label, matchSummary(rule), ref});
      edge(routeId, ruleNodeId(ref));
      int total = 0;
      for (const auto& b : rule.backends) {
        total += b.weight.value_or(1);
      }
      for (const auto& b : rule.backends) {
        const QString bid = backendId(b, r);
        node({bid, NodeKind::Backend, q(b.name) + (b.subset ? QLatin1Char('@') + q(*b.subset) : QString()),
              b.port ? QStringLiteral("port %1").arg(*b.port) : QString(), {}});
        const int w = b.weight.value_or(1);
        edge(ruleNodeId(ref), bid, w, total > 0 ? qRound(100.0 * w / total) : 0);
      }
    }
  }
};

}  // namespace

QString ruleNodeId(const RuleRef& r) { return QStringLiteral("ru:") + r.id(); }

Topology Topology::fromConfig(const model::Config& config) {
  Builder b;
  std::vector<bool> placed(config.routes.size(), false);
  for (const auto& g : config.gateways) {
    const QString gid = QStringLiteral("gw:") + q(g.meta.id());
    b.node({gid, NodeKind::Gateway, q(g.meta.name), q(g.meta.effectiveNamespace()), {}});
    for (const auto& l : g.listeners) {
      const QString lid = QStringLiteral("ls:") + q(g.meta.id()) + QLatin1Char('/') + q(l.name);
      b.node({lid, NodeKind::Listener, q(l.name), QStringLiteral("%1 :%2").arg(q(l.protocol)).arg(l.port), {}});
      b.edge(gid, lid);
      for (size_t i = 0; i < config.routes.size(); ++i) {
        if (attaches(config.routes[i], g, l)) {
          b.addRoute(config.routes[i], lid);
          placed[i] = true;
        }
      }
    }
  }
  // Routes no gateway listener takes directly (App Mesh, mesh-bound Istio).
  bool unattached = false;
  for (size_t i = 0; i < config.routes.size(); ++i) {
    if (!placed[i]) {
      b.node({QStringLiteral("gw:(unattached)"), NodeKind::Gateway, QStringLiteral("(no listener)"),
              QStringLiteral("mesh or selector-bound"), {}});
      b.node({QStringLiteral("ls:(unattached)"), NodeKind::Listener, QStringLiteral("routes"), QString(), {}});
      if (!unattached) {
        b.edge(QStringLiteral("gw:(unattached)"), QStringLiteral("ls:(unattached)"));
        unattached = true;
      }
      b.addRoute(config.routes[i], QStringLiteral("ls:(unattached)"));
    }
  }
  return b.t;
}

int Topology::indexOf(const QString& id) const {
  for (int i = 0; i < nodes.size(); ++i) {
    if (nodes[i].id == id) {
      return i;
    }
  }
  return -1;
}

QStringList Topology::children(const QString& id) const {
  QStringList out;
  for (const auto& e : edges) {
    if (e.from == id) {
      out << e.to;
    }
  }
  return out;
}

}  // namespace routedeck::models
