#include "proxycore/router/route_table.h"

#include <algorithm>
#include <unordered_map>

#include "proxycore/common/strings.h"
#include "proxycore/router/hostnames.h"
#include "proxycore/router/precedence.h"

namespace routedeck::core::router {

namespace {

using model::Dialect;
using model::RouteKind;

std::string upper(std::string s) {
  for (auto& c : s) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return s;
}

// A parentRef names a Gateway (kind empty or Gateway) or a ListenerSet.
bool isGatewayApiParent(const model::ParentRef& p, const model::Gateway& owner) {
  const bool set = p.kind == "ListenerSet" || p.kind == "XListenerSet";
  return (p.group.empty() || p.group == "gateway.networking.k8s.io") &&
         (owner.isListenerSet() ? set : (p.kind.empty() || p.kind == "Gateway"));
}

// Does listener `l`, declared by `g` (a Gateway or a ListenerSet), accept
// `route` through one of its parentRefs?
bool gatewayApiAttaches(const model::Config& c, const model::Route& route, const model::Gateway& g,
                        const model::Listener& l, std::string* why) {
  bool named = false;
  bool sectionOk = false;
  for (const auto& p : route.parents) {
    if (!isGatewayApiParent(p, g) || p.name != g.meta.name ||
        (p.ns.empty() ? route.meta.effectiveNamespace() : p.ns) != g.meta.effectiveNamespace()) {
      continue;
    }
    named = true;
    if ((!p.sectionName || *p.sectionName == l.name) && (!p.port || *p.port == l.port)) {
      sectionOk = true;
    }
  }
  if (!named) {
    return false;
  }
  if (!sectionOk) {
    *why = "parentRef sectionName/port selects another listener";
    return false;
  }
  const std::string proto = upper(l.protocol);
  const std::string kind = model::routeKindName(route.kind);
  if (l.allowedRoutes && !l.allowedRoutes->kinds.empty()) {
    if (std::find(l.allowedRoutes->kinds.begin(), l.allowedRoutes->kinds.end(), kind) ==
        l.allowedRoutes->kinds.end()) {
      *why = "listener allowedRoutes.kinds does not include " + kind;
      return false;
    }
  } else if (proto != "HTTP" && proto != "HTTPS") {
    *why = "listener protocol " + l.protocol + " does not carry " + kind;
    return false;
  }
  const std::string from = l.allowedRoutes ? l.allowedRoutes->from : "Same";
  const std::string routeNs = route.meta.effectiveNamespace();
  if (from == "Same" && routeNs != g.meta.effectiveNamespace()) {
    *why = "listener only allows routes from namespace " + g.meta.effectiveNamespace();
    return false;
  }
  if (from == "Selector") {
    const model::Namespace* ns = c.findNamespace(routeNs);
    if (!ns || !l.allowedRoutes->selector.matches(ns->meta.labels)) {
      *why = "namespace " + routeNs + " does not match the listener's namespace selector";
      return false;
    }
  }
  return true;
}

void addRouteCandidates(const model::Route& route, const std::string& hostname, VirtualHost& vh,
                        std::vector<std::unique_ptr<model::RouteMatch>>& synthetic) {
  for (size_t ri = 0; ri < route.rules.size(); ++ri) {
    const auto& rule = route.rules[ri];
    if (rule.matches.empty()) {
      Candidate c{&route, static_cast<int>(ri), -1, nullptr, nullptr};
      if (route.dialect == Dialect::GatewayApi && route.kind == RouteKind::HTTPRoute) {
        // Gateway API: no matches means PathPrefix "/", which takes part in precedence.
        synthetic.push_back(std::make_unique<model::RouteMatch>());
        synthetic.back()->path = model::PathMatch{model::PathMatchType::PathPrefix, "/"};
        c.matcher = std::make_shared<CompiledMatch>(*synthetic.back());
      }
      vh.candidates.push_back(std::move(c));
      continue;
    }
    for (size_t mi = 0; mi < rule.matches.size(); ++mi) {
      vh.candidates.push_back({&route, static_cast<int>(ri), static_cast<int>(mi),
                               std::make_shared<CompiledMatch>(rule.matches[mi]), nullptr});
    }
  }
}

// The virtual host for a hostname (case-insensitive), created on first use;
// hashed because a listener may carry thousands of hostnames.
class VhostFinder {
 public:
  explicit VhostFinder(CompiledListener& cl) : m_cl(cl) {}
  VirtualHost& operator()(const std::string& hostname) {
    auto [it, fresh] = m_byName.try_emplace(strings::toLower(hostname), m_cl.vhosts.size());
    if (fresh) {
      m_cl.vhosts.push_back({hostname, {}, {}});
    }
    return m_cl.vhosts[it->second];
  }

 private:
  CompiledListener& m_cl;
  std::unordered_map<std::string, size_t> m_byName;
};

void finish(CompiledListener& cl, void (*sorter)(std::vector<Candidate>&)) {
  for (auto& vh : cl.vhosts) {
    sorter(vh.candidates);
  }
  std::stable_sort(cl.vhosts.begin(), cl.vhosts.end(), [](const VirtualHost& a, const VirtualHost& b) {
    return hostnames::specificity(a.hostname) > hostnames::specificity(b.hostname);
  });
}

// Istio "gateways" entries name gateways as "ns/name" or "name" (VS namespace).
bool istioRefersTo(const model::Route& vs, const model::Gateway& g) {
  for (const auto& p : vs.parents) {
    std::string ns = p.ns.empty() ? vs.meta.effectiveNamespace() : p.ns;
    if (p.name == g.meta.name && ns == g.meta.effectiveNamespace()) {
      return true;
    }
  }
  return false;
}

// Istio server hosts may carry a namespace restriction: "ns/host", "./host", "*/host".
bool istioServerHostAdmits(const std::string& serverHost, const model::Route& vs,
                           const model::Gateway& g, const std::string& vsHost) {
  std::string host = serverHost;
  if (size_t slash = serverHost.find('/'); slash != std::string::npos) {
    std::string ns = serverHost.substr(0, slash);
    host = serverHost.substr(slash + 1);
    const std::string vsNs = vs.meta.effectiveNamespace();
    if (ns == "." ? vsNs != g.meta.effectiveNamespace() : (ns != "*" && ns != vsNs)) {
      return false;
    }
  }
  if (host == "*" || vsHost == "*") {
    return true;
  }
  return hostnames::matches(host, vsHost) || hostnames::matches(vsHost, host);
}

bool appMeshSelects(const model::Config& c, const model::Gateway& vg, const model::Route& gr) {
  const std::string ns = gr.meta.effectiveNamespace();
  if (vg.gatewayRouteSelector && !vg.gatewayRouteSelector->matches(gr.meta.labels)) {
    return false;
  }
  if (!vg.namespaceSelector) {
    return ns == vg.meta.effectiveNamespace();
  }
  const model::Namespace* nsObj = c.findNamespace(ns);
  // Without the Namespace object the selector cannot be evaluated; assume the
  // manifests were written to work together.
  return !nsObj || vg.namespaceSelector->matches(nsObj->meta.labels);
}

bool appMeshProtocolFits(const model::Listener& l, const model::Route& gr) {
  // GatewayRoute protocol is "http"/"http2"/"grpc" (the route type's prefix).
  std::string route = strings::toLower(gr.protocol.empty() ? "http" : gr.protocol);
  if (strings::endsWith(route, "route")) {
    route.resize(route.size() - 5);
  }
  return strings::toLower(l.protocol) == route;
}

}  // namespace

RouteTableConstSharedPtr RouteTable::compile(std::shared_ptr<const model::Config> config,
                                             Diagnostics& diags) {
  std::shared_ptr<RouteTable> table(new RouteTable());
  table->m_config = std::move(config);
  for (const auto& g : table->m_config->gateways) {
    switch (g.dialect) {
      case Dialect::GatewayApi:
        table->compileGatewayApi(g, diags);
        break;
      case Dialect::Istio:
        table->compileIstio(g, diags);
        break;
      case Dialect::AppMesh:
        table->compileAppMesh(g, diags);
        break;
      case Dialect::Envoy:
        table->compileEnvoy(g);
        break;
      default:
        break;
    }
  }
  table->compileVirtualRouters();
  table->buildLookups();
  return table;
}

void RouteTable::compileGatewayApi(const model::Gateway& g, Diagnostics&) {
  if (g.isListenerSet()) {
    return;  // compiled with its parent Gateway
  }
  for (const auto& l : g.listeners) {
    compileGatewayApiListener(g, g, l);
  }
  const std::string from = g.allowedListenersFrom.value_or("None");
  for (const auto& set : m_config->gateways) {
    if (!set.isListenerSet() || set.parentGatewayName != g.meta.name ||
        set.parentGatewayNamespace.value_or(set.meta.effectiveNamespace()) !=
            g.meta.effectiveNamespace()) {
      continue;
    }
    if (from == "All" || (from == "Same" && set.meta.effectiveNamespace() == g.meta.effectiveNamespace())) {
      for (const auto& l : set.listeners) {
        compileGatewayApiListener(g, set, l);
      }
    }
  }
}

void RouteTable::compileGatewayApiListener(const model::Gateway& g, const model::Gateway& owner,
                                           const model::Listener& l) {
  {
    CompiledListener cl{&g, &owner, &l, {}, {}, {}, {}, {}};
    VhostFinder vhostFor(cl);
    const std::string listenerHost = l.hostnames.empty() ? "" : l.hostnames.front();
    for (const auto& route : m_config->routes) {
      if (route.dialect != Dialect::GatewayApi) {
        continue;
      }
      std::string why;
      if (!gatewayApiAttaches(*m_config, route, owner, l, &why)) {
        if (!why.empty()) {
          cl.rejected.push_back(std::string(model::routeKindName(route.kind)) + " " + route.meta.id() +
                                ": " + why);
        }
        continue;
      }
      auto hosts = hostnames::intersect(listenerHost, route.hostnames);
      if (!hosts) {
        cl.rejected.push_back(std::string(model::routeKindName(route.kind)) + " " + route.meta.id() +
                              ": no hostname intersects listener hostname " + listenerHost);
        continue;
      }
      for (const auto& h : *hosts) {
        addRouteCandidates(route, h, vhostFor(h), m_synthetic);
      }
    }
    finish(cl, precedence::sortGatewayApi);
    m_listeners.push_back(std::move(cl));
  }
}

void RouteTable::compileIstio(const model::Gateway& g, Diagnostics&) {
  for (const auto& l : g.listeners) {
    CompiledListener cl{&g, &g, &l, {}, {}, {}, {}, {}};
    VhostFinder vhostFor(cl);
    for (const auto& vs : m_config->routes) {
      if (vs.kind != RouteKind::VirtualService || !istioRefersTo(vs, g)) {
        continue;
      }
      bool attached = false;
      for (const auto& h : vs.hostnames) {
        bool admitted = false;
        for (const auto& sh : l.hostnames) {
          admitted = admitted || istioServerHostAdmits(sh, vs, g, h);
        }
        if (admitted) {
          addRouteCandidates(vs, h, vhostFor(h), m_synthetic);
          attached = true;
        }
      }
      if (!attached) {
        cl.rejected.push_back("VirtualService " + vs.meta.id() + ": no host admitted by server " +
                              l.name);
      }
    }
    finish(cl, precedence::sortIstio);
    m_listeners.push_back(std::move(cl));
  }
}

void RouteTable::compileAppMesh(const model::Gateway& g, Diagnostics&) {
  for (const auto& l : g.listeners) {
    CompiledListener cl{&g, &g, &l, {}, {}, {}, {}, {}};
    VhostFinder vhostFor(cl);
    VirtualHost& vh = vhostFor("*");
    for (const auto& gr : m_config->routes) {
      if (gr.kind != RouteKind::GatewayRoute) {
        continue;
      }
      if (!appMeshSelects(*m_config, g, gr)) {
        continue;
      }
      if (!appMeshProtocolFits(l, gr)) {
        cl.rejected.push_back("GatewayRoute " + gr.meta.id() + ": " +
                              (gr.protocol.empty() ? "http" : gr.protocol) + " route" +
                              " does not fit listener protocol " + l.protocol);
        continue;
      }
      addRouteCandidates(gr, "*", vh, m_synthetic);
    }
    finish(cl, precedence::sortAppMesh);
    m_listeners.push_back(std::move(cl));
  }
}

void RouteTable::compileVirtualRouters() {
  for (const auto& r : m_config->routes) {
    if (r.kind != RouteKind::VirtualRouter) {
      continue;
    }
    VirtualHost vh{"*", {}, {}};
    addRouteCandidates(r, "*", vh, m_synthetic);
    precedence::sortAppMesh(vh.candidates);
    m_virtualRouters[r.meta.id()] = std::move(vh);
  }
}

}  // namespace routedeck::core::router
