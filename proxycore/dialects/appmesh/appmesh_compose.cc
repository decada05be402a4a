#include "proxycore/dialects/appmesh/appmesh_compose.h"

#include <algorithm>

namespace routedeck::core::dialects::appmesh::detail {

namespace {

// App Mesh priorities run 0..1000; an unset priority sorts after all of them.
constexpr int kLowestPriority = 1001;

int priorityOf(const std::optional<int>& p) { return p.value_or(kLowestPriority); }

const model::MeshService* findMeshService(const model::Config& c, const std::string& ns,
                                          const std::string& name) {
  for (const auto& s : c.meshServices) {
    if (s.meta.name == name && s.meta.effectiveNamespace() == ns) {
      return &s;
    }
  }
  return nullptr;
}

const model::VirtualNode* findNode(const model::Config& c, const std::string& ns,
                                   const std::string& name) {
  for (const auto& n : c.virtualNodes) {
    if (n.meta.name == name && n.meta.effectiveNamespace() == ns) {
      return &n;
    }
  }
  return nullptr;
}

const model::Route* findRouter(const model::Config& c, const std::string& ns,
                               const std::string& name) {
  for (const auto& r : c.routes) {
    if (r.dialect == model::Dialect::AppMesh && r.kind == model::RouteKind::VirtualRouter &&
        r.meta.name == name && r.meta.effectiveNamespace() == ns) {
      return &r;
    }
  }
  return nullptr;
}

// The App Mesh controller attaches a GatewayRoute to a VirtualGateway whose
// namespaceSelector matches the route's namespace labels and whose
// gatewayRouteSelector (if any) matches the route's labels.
bool attaches(const model::Gateway& g, const model::Route& route, const model::Config& config,
              const std::string& object, FidelityReport& report) {
  if (g.gatewayRouteSelector && !g.gatewayRouteSelector->matches(route.meta.labels)) {
    return false;
  }
  const std::string ns = route.meta.effectiveNamespace();
  if (const model::Namespace* n = config.findNamespace(ns)) {
    return g.namespaceSelector && g.namespaceSelector->matches(n->meta.labels);
  }
  if (ns != g.meta.effectiveNamespace()) {
    return false;
  }
  if (g.namespaceSelector && !g.namespaceSelector->matchLabels.empty()) {
    report.approximate(object, "attachment",
                       "namespace " + ns + " is not loaded, so VirtualGateway " + g.meta.id() +
                           "'s namespaceSelector cannot be checked; attached because both are in "
                           "that namespace");
  }
  return true;
}

void reportNotes(FidelityReport& report, const std::string& object, const std::string& feature,
                 std::vector<std::string>& notes) {
  for (auto& n : notes) {
    report.approximate(object, feature, std::move(n));
  }
  notes.clear();
}

// A router route's weighted VirtualNodes as Kubernetes Service backends.
std::vector<model::BackendRef> routerBackends(const model::Config& config,
                                              const model::Route& router,
                                              const model::RouteRule& rr, const std::string& object,
                                              std::vector<std::string>& notes,
                                              FidelityReport& report) {
  std::vector<model::BackendRef> out;
  for (const auto& t : rr.backends) {
    if (t.kind == "VirtualNodeARN") {
      report.lost(object, "route " + rr.name.value_or("route"),
                  "weighted target " + t.name + " is an ARN outside this configuration");
      continue;
    }
    const std::string ns = t.ns.empty() ? router.meta.effectiveNamespace() : t.ns;
    model::BackendRef b =
        serviceForNode(config, findNode(config, ns, t.name), t.name, ns, t.port, notes);
    b.weight = t.weight;
    // Nodes behind one Service (e.g. two versions in one Cloud Map service)
    // are one backend carrying their summed weight.
    auto same = std::find_if(out.begin(), out.end(), [&](const model::BackendRef& o) {
      return o.name == b.name && o.ns == b.ns && o.port == b.port;
    });
    if (same != out.end()) {
      same->weight = same->weight.value_or(1) + b.weight.value_or(1);
    } else {
      out.push_back(std::move(b));
    }
  }
  return out;
}

// The routes of a VirtualRouter composed behind one gateway side, in App Mesh
// order (priority, then document order).
void composeRouterRules(const model::Config& config, const GatewaySide& g,
                        const model::Route& router, const std::string& protocol,
                        const std::optional<std::string>& hostRewrite, ComposedRoute& out,
                        FidelityReport& report) {
  std::vector<const model::RouteRule*> rules;
  for (const auto& r : router.rules) {
    rules.push_back(&r);
  }
  std::stable_sort(rules.begin(), rules.end(), [](const auto* a, const auto* b) {
    return priorityOf(a->priority) < priorityOf(b->priority);
  });
  const bool grpc = protocol == "grpc";
  const std::string routerId = "VirtualRouter " + router.meta.id();
  std::vector<const model::RouteRule*> kept;
  for (const auto* rr : rules) {
    const std::string label = rr->name.value_or("route");
    const std::string type = rr->protocol.empty() ? "http" : rr->protocol;
    if (type == "tcp" || (type == "grpc") != grpc) {
      report.lost(out.object, "route " + label,
                  "a " + type + "Route of " + routerId + " cannot serve " + protocol +
                      " traffic from this route; skipped");
      continue;
    }
    std::vector<std::string> notes;
    auto c = composeRule(g, rr, notes);
    if (!c) {
      report.exact(out.object, "route " + label,
                   "unreachable through this route (conditions cannot both hold); omitted");
      continue;
    }
    const ComposedRule* shadow = nullptr;
    for (const auto& earlier : out.rules) {
      if (shadows(earlier.match, c->match)) {
        shadow = &earlier;
        break;
      }
    }
    if (shadow) {
      report.exact(out.object, "route " + label,
                   "never reached in App Mesh (" + shadow->label + " matches first); omitted");
      continue;
    }
    for (size_t k = 0; k < kept.size(); ++k) {
      const model::RouteRule* other = kept[k];
      if (other->priority == rr->priority && mayOverlap(out.rules[k].match, c->match)) {
        notes.push_back("same priority as route " + other->name.value_or("?") + " in " + routerId +
                        "; App Mesh leaves their order undefined, kept document order");
      }
    }
    c->backends = routerBackends(config, router, *rr, out.object, notes, report);
    c->hostRewrite = hostRewrite;
    c->label = label;
    reportNotes(report, out.object, "route " + label, notes);
    kept.push_back(rr);
    out.rules.push_back(std::move(*c));
  }
}

// The VirtualService a GatewayRoute targets, composed with its provider.
void composeTarget(const model::Config& config, const GatewaySide& g,
                   const model::BackendRef& target, const std::optional<model::Rewrite>& rewrite,
                   ComposedRoute& cr, FidelityReport& report) {
  const std::string vsNs = target.ns.empty() ? cr.ns : target.ns;
  const model::MeshService* vs = findMeshService(config, vsNs, target.name);
  cr.service = vs;
  std::optional<std::string> hostRewrite;
  if (!(rewrite && rewrite->appMeshDefaultHostname == false)) {
    hostRewrite = vs ? vs->awsName.value_or(vs->meta.name) : target.name;
  }
  std::vector<std::string> notes;
  auto direct = [&](model::BackendRef backend) {
    if (auto c = composeRule(g, nullptr, notes)) {
      c->backends.push_back(std::move(backend));
      c->hostRewrite = hostRewrite;
      c->label = cr.name;
      cr.rules.push_back(std::move(*c));
    }
    reportNotes(report, cr.object, "action.target", notes);
  };
  const std::string providerNs =
      vs && !vs->providerNamespace.empty() ? vs->providerNamespace : vsNs;
  if (!vs) {
    report.approximate(cr.object, "action.target",
                       "VirtualService " + vsNs + "/" + target.name +
                           " is not loaded; assumed a Kubernetes Service of that name");
    model::BackendRef b;
    b.name = target.name;
    b.ns = vsNs;
    b.port = target.port;
    direct(std::move(b));
  } else if (vs->providerKind == "VirtualNode") {
    direct(serviceForNode(config, findNode(config, providerNs, vs->providerName), vs->providerName,
                          providerNs, target.port, notes));
  } else if (vs->providerKind == "VirtualRouter") {
    if (const model::Route* router = findRouter(config, providerNs, vs->providerName)) {
      composeRouterRules(config, g, *router, cr.protocol, hostRewrite, cr, report);
    } else {
      report.lost(cr.object, "action.target",
                  "VirtualRouter " + providerNs + "/" + vs->providerName +
                      " is not loaded; the route is dropped");
    }
  } else {
    report.lost(
        cr.object, "action.target",
        "VirtualService " + vs->meta.id() +
            (vs->providerKind.empty() ? " has no provider"
                                      : " has a provider outside this configuration (ARN)") +
            "; the route is dropped");
  }
}

ComposedRoute composeGatewayRoute(const model::Config& config, const model::Route& gr,
                                  const std::vector<const model::Gateway*>& gateways,
                                  FidelityReport& report) {
  ComposedRoute cr;
  cr.gatewayRoute = &gr;
  cr.object = "GatewayRoute " + gr.meta.id();
  cr.name = gr.meta.name;
  cr.ns = gr.meta.effectiveNamespace();
  cr.metaNs = gr.meta.ns;
  cr.protocol = gr.protocol.empty() ? "http" : gr.protocol;
  cr.labels = gr.meta.labels;
  for (const auto* g : gateways) {
    if (attaches(*g, gr, config, cr.object, report)) {
      cr.gateways.push_back(g);
    }
  }
  if (cr.gateways.empty()) {
    report.approximate(cr.object, "attachment",
                       "no loaded VirtualGateway selects this route; written without a parent");
  }
  if (gr.rules.empty() || gr.rules.front().backends.empty()) {
    report.lost(cr.object, "spec", "the route has no target to translate");
    return cr;
  }
  const model::RouteRule& rule = gr.rules.front();
  GatewaySide g;
  g.match = rule.matches.empty() ? model::RouteMatch{} : rule.matches.front();
  g.rewrite = rule.rewrite;
  g.http = cr.protocol != "grpc";
  cr.listenerPort = g.match.port;
  cr.hostname = g.match.authority;
  const model::BackendRef& target = rule.backends.front();
  g.targetPort = target.port;
  if (target.kind == "VirtualServiceARN") {
    report.lost(cr.object, "action.target.virtualService.virtualServiceARN",
                "an ARN names a service outside this configuration; the route is dropped");
    return cr;
  }
  composeTarget(config, g, target, rule.rewrite, cr, report);
  return cr;
}

// GatewayRoutes with the same priority on the same gateway: App Mesh does not
// document their order.
void reportGatewayTies(const std::vector<ComposedRoute>& routes, FidelityReport& report) {
  for (size_t j = 0; j < routes.size(); ++j) {
    for (size_t i = 0; i < j; ++i) {
      const auto& a = routes[i];
      const auto& b = routes[j];
      if (a.gatewayRoute->priority != b.gatewayRoute->priority || a.rules.empty() ||
          b.rules.empty() || std::none_of(a.gateways.begin(), a.gateways.end(), [&](const auto* g) {
            return std::find(b.gateways.begin(), b.gateways.end(), g) != b.gateways.end();
          })) {
        continue;
      }
      if (mayOverlap(a.rules.front().match, b.rules.front().match)) {
        report.approximate(b.object, "spec.priority",
                           "same priority as " + a.object +
                               " and overlapping matches; App Mesh leaves their order undefined, "
                               "kept load order");
      }
    }
  }
}

ComposedRoute composeMeshRoute(const model::Config& config, const model::MeshService& vs,
                               const model::Route& router, FidelityReport& report) {
  ComposedRoute cr;
  cr.service = &vs;
  cr.object = "VirtualService " + vs.meta.id();
  cr.name = vs.meta.name;
  cr.ns = vs.meta.effectiveNamespace();
  cr.metaNs = vs.meta.ns;
  cr.labels = vs.meta.labels;
  cr.serviceRef = serviceForMeshService(vs);
  std::string name;
  std::string ns;
  if (vs.awsName && !splitServiceHost(*vs.awsName, name, ns)) {
    report.approximate(cr.object, "spec.awsName",
                       *vs.awsName +
                           " is not a cluster Service name; callers are assumed to "
                           "use Service " +
                           cr.serviceRef.ns + "/" + cr.serviceRef.name);
  }
  const bool allGrpc =
      !router.rules.empty() && std::all_of(router.rules.begin(), router.rules.end(),
                                           [](const auto& r) { return r.protocol == "grpc"; });
  cr.protocol = allGrpc ? "grpc" : "http";
  GatewaySide g;
  g.http = !allGrpc;
  composeRouterRules(config, g, router, cr.protocol, std::nullopt, cr, report);
  return cr;
}

// A VirtualService served by one VirtualNode needs no route: its callers
// reach the node's Service, which keeps the name only if both agree.
void reportNodeService(const model::Config& config, const model::MeshService& vs,
                       FidelityReport& report) {
  const std::string object = "VirtualService " + vs.meta.id();
  const std::string ns =
      vs.providerNamespace.empty() ? vs.meta.effectiveNamespace() : vs.providerNamespace;
  std::vector<std::string> notes;
  const model::BackendRef node = serviceForNode(config, findNode(config, ns, vs.providerName),
                                                vs.providerName, ns, std::nullopt, notes);
  const model::BackendRef called = serviceForMeshService(vs);
  reportNotes(report, object, "spec.provider", notes);
  if (node.name == called.name && node.ns == called.ns) {
    report.exact(object, "spec.provider",
                 "callers reach Service " + node.ns + "/" + node.name + " directly");
  } else {
    report.approximate(object, "spec.provider",
                       "callers of " + called.ns + "/" + called.name + " must call Service " +
                           node.ns + "/" + node.name + " (VirtualNode " + vs.providerName +
                           "); no route is generated for the old name");
  }
}

}  // namespace

Composition compose(const model::Config& config, FidelityReport& report) {
  Composition out;
  for (const auto& g : config.gateways) {
    if (g.dialect == model::Dialect::AppMesh) {
      out.gateways.push_back(&g);
    }
  }
  std::vector<const model::Route*> gatewayRoutes;
  for (const auto& r : config.routes) {
    if (r.dialect == model::Dialect::AppMesh && r.kind == model::RouteKind::GatewayRoute) {
      gatewayRoutes.push_back(&r);
    }
  }
  std::stable_sort(gatewayRoutes.begin(), gatewayRoutes.end(), [](const auto* a, const auto* b) {
    return priorityOf(a->priority) < priorityOf(b->priority);
  });
  for (const auto* gr : gatewayRoutes) {
    out.gatewayRoutes.push_back(composeGatewayRoute(config, *gr, out.gateways, report));
  }
  reportGatewayTies(out.gatewayRoutes, report);
  for (const auto& vs : config.meshServices) {
    if (vs.providerKind == "VirtualNode") {
      reportNodeService(config, vs, report);
    }
    if (vs.providerKind != "VirtualRouter") {
      continue;
    }
    const std::string ns =
        vs.providerNamespace.empty() ? vs.meta.effectiveNamespace() : vs.providerNamespace;
    if (const model::Route* router = findRouter(config, ns, vs.providerName)) {
      out.meshRoutes.push_back(composeMeshRoute(config, vs, *router, report));
    } else {
      report.lost("VirtualService " + vs.meta.id(), "spec.provider",
                  "VirtualRouter " + ns + "/" + vs.providerName + " is not loaded");
    }
  }
  return out;
}

}  // namespace routedeck::core::dialects::appmesh::detail
