// Backend resolution per dialect, and the App Mesh chain behind a GatewayRoute.
#include "proxycore/common/strings.h"
#include "proxycore/router/rewrite.h"
#include "proxycore/router/route_table.h"
#include "proxycore/router/rule_action.h"

namespace routedeck::core::router {

namespace {

using model::Dialect;

// Istio hosts are short names (VS namespace) or name.ns.svc.<domain>.
BackendChoice istioBackend(const model::Config& c, const model::Route& route,
                           const model::RouteRule& rule, const model::BackendRef& b) {
  BackendChoice out;
  out.kind = "Service";
  out.ns = route.meta.effectiveNamespace();
  if (!model::splitServiceHost(b.name, out.name, out.ns)) {
    out.name = b.name;  // an external host
    out.kind = "Host";
  }
  out.port = b.port;
  out.subset = b.subset;
  bool anyWeight = false;
  for (const auto& o : rule.backends) {
    anyWeight = anyWeight || o.weight.has_value();
  }
  out.weight = rule.backends.size() == 1 ? b.weight.value_or(100)
               : anyWeight               ? b.weight.value_or(0)
                                         : 100 / static_cast<int>(rule.backends.size());
  if (b.subset && !c.subsetLabels(out.name, out.ns, *b.subset)) {
    out.valid = false;
    out.invalidReason = "subset " + *b.subset + " is not defined by a DestinationRule for " + b.name;
  }
  return out;
}

void append(model::HeaderModifier& to, const model::HeaderModifier& from) {
  to.set.insert(to.set.end(), from.set.begin(), from.set.end());
  to.add.insert(to.add.end(), from.add.begin(), from.add.end());
  to.remove.insert(to.remove.end(), from.remove.begin(), from.remove.end());
}

}  // namespace

BackendResolver::BackendResolver(const model::Config& config) : m_config(config) {
  for (const auto& s : config.services) {
    m_services.emplace(s.meta.id(), &s);
  }
  for (const auto& set : config.serviceEndpoints) {
    m_serviceEndpoints[set.service].push_back(&set);
  }
  for (const auto& set : config.virtualNodeEndpoints) {
    m_nodeEndpoints[set.service].push_back(&set);
  }
  for (const auto& n : config.virtualNodes) {
    m_virtualNodes.emplace(n.meta.id(), &n);
  }
}

BackendChoice BackendResolver::gatewayApiBackend(const model::Route& route,
                                                 const model::BackendRef& b) const {
  BackendChoice out;
  out.kind = b.kind.empty() ? "Service" : b.kind;
  out.name = b.name;
  out.ns = b.ns.empty() ? route.meta.effectiveNamespace() : b.ns;
  out.port = b.port;
  out.weight = b.weight.value_or(1);
  auto invalid = [&](std::string why) {
    out.valid = false;
    out.invalidReason = std::move(why);
  };
  if (!(b.group.empty() || b.group == "core") || out.kind != "Service") {
    invalid("unsupported backend kind " + (b.group.empty() ? "" : b.group + "/") + out.kind);
  } else if (out.ns != route.meta.effectiveNamespace() &&
             !m_config.referenceGrantAllows(model::routeKindName(route.kind),
                                            route.meta.effectiveNamespace(), out.ns, out.name)) {
    invalid("no ReferenceGrant in namespace " + out.ns + " allows this reference");
  } else if (!m_config.services.empty() && !m_services.count(out.ns + "/" + out.name)) {
    invalid("Service " + out.ns + "/" + out.name + " not found");
  } else if (!out.port) {
    invalid("port is required for a Service backend");
  } else if (const model::Service* svc = m_config.findService(out.ns, out.name)) {
    for (const auto& sp : svc->ports) {
      // Gateway API: a backend protocol the implementation cannot speak
      // makes the reference unresolved (UnsupportedProtocol), and its share
      // of traffic gets 500. kubernetes.io/ws is plain HTTP/1.1 with
      // upgrades, which every backend connection supports.
      if (sp.port == *out.port && sp.appProtocol == "kubernetes.io/wss") {
        invalid("Service " + out.ns + "/" + out.name + " port " + std::to_string(sp.port) +
                " has appProtocol kubernetes.io/wss (WebSocket over TLS to the backend), and RouteDeck "
                "does not originate TLS to backends");
      }
    }
  }
  return out;
}

void BackendResolver::attachEndpoints(BackendChoice& b) const {
  const bool node = b.kind == "VirtualNode";
  const auto& sets = node ? m_nodeEndpoints : m_serviceEndpoints;
  auto it = sets.find(b.ns + "/" + b.name);
  if (it == sets.end()) {
    return;
  }
  std::optional<model::Labels> selector;
  if (b.subset) {
    selector = m_config.subsetLabels(b.name, b.ns, *b.subset);
  }
  for (const model::EndpointSet* set : it->second) {
    if (!node && set->port && b.port && *set->port != *b.port) {
      continue;
    }
    for (const auto& ep : set->endpoints) {
      if (!selector || model::LabelSelector{*selector}.matches(ep.labels)) {
        b.endpoints.push_back(ep.address);
      }
    }
  }
}

BackendChoice BackendResolver::meshNode(const model::MeshService& vs, std::optional<int> port) const {
  const std::string providerNs =
      vs.providerNamespace.empty() ? vs.meta.effectiveNamespace() : vs.providerNamespace;
  BackendChoice out{"VirtualNode", vs.providerName, providerNs, port, 1, {}, true, {}, {}};
  attachEndpoints(out);
  attachProtocol(out, false);
  return out;
}

RuleAction BackendResolver::resolve(const model::Route& route, int ruleIndex) const {
  const auto& rule = route.rules[ruleIndex];
  RuleAction a;
  a.ref = {model::routeKindName(route.kind), route.meta.effectiveNamespace(), route.meta.name,
           ruleIndex, rule.name};
  for (const auto& m : rule.mirrors) {
    BackendChoice mc;
    mc.kind = m.backend.kind.empty() ? "Service" : m.backend.kind;
    mc.name = m.backend.name;
    mc.ns = m.backend.ns.empty() ? route.meta.effectiveNamespace() : m.backend.ns;
    mc.port = m.backend.port;
    mc.weight = static_cast<int>(m.effectivePercent());
    attachEndpoints(mc);
    attachProtocol(mc, route.kind == model::RouteKind::GRPCRoute);
    a.mirrors.push_back(mc);
  }
  a.requestHeaders = rule.requestHeaders;
  a.responseHeaders = rule.responseHeaders;
  if (route.kind == model::RouteKind::GatewayRoute) {
    if (!rule.backends.empty()) {
      const auto& target = rule.backends.front();
      const std::string vsNs = target.ns.empty() ? route.meta.effectiveNamespace() : target.ns;
      for (const auto& s : m_config.meshServices) {
        if (s.meta.name == target.name && s.meta.effectiveNamespace() == vsNs) {
          a.meshTarget = &s;  // the last definition wins, as when it was looked up per request
        }
      }
    }
    return a;
  }
  for (const auto& b : rule.backends) {
    if (route.dialect == Dialect::Istio) {
      a.backends.push_back(istioBackend(m_config, route, rule, b));
    } else if (route.kind == model::RouteKind::VirtualRouter) {
      BackendChoice out;
      out.kind = "VirtualNode";
      out.name = b.name;
      out.ns = b.ns.empty() ? route.meta.effectiveNamespace() : b.ns;
      out.port = b.port;
      out.weight = b.weight.value_or(1);
      a.backends.push_back(out);
    } else {
      a.backends.push_back(gatewayApiBackend(route, b));
    }
    a.backends.back().ref = &b;
  }
  const BackendChoice* sole = nullptr;
  int live = 0;
  for (auto& b : a.backends) {
    attachEndpoints(b);
    attachProtocol(b, route.kind == model::RouteKind::GRPCRoute);
    if (b.valid && b.weight > 0) {
      sole = &b;
      ++live;
    }
  }
  // Per-backend filters (headers, redirect, rewrite) act when that backend is
  // chosen; explain shows them when one backend takes all traffic.
  if (live == 1) {
    for (const auto& b : rule.backends) {
      if (b.name == sole->name) {
        a.soleBackendRefs.push_back(&b);
        append(a.requestHeaders, b.requestHeaders);
        append(a.responseHeaders, b.responseHeaders);
      }
    }
  }
  return a;
}

void RouteTable::followAppMesh(const Candidate& c, const Request& req, Decision& d) const {
  const auto& rule = c.route->rules[c.rule];
  const std::string grNs = c.route->meta.effectiveNamespace();
  d.chain.push_back({"GatewayRoute", grNs, c.route->meta.name, ""});
  if (rule.backends.empty()) {
    return;
  }
  const auto& target = rule.backends.front();
  const model::MeshService* vs = c.action->meshTarget;
  if (!vs) {
    d.notes.push_back("VirtualService " + (target.ns.empty() ? grNs : target.ns) + "/" + target.name +
                      " is not defined");
    return;
  }
  // The VirtualGateway rewrites the matched prefix to "/" and the Host to the
  // VirtualService name unless the GatewayRoute says otherwise.
  const model::RouteMatch* match = c.matcher ? &c.matcher->spec() : nullptr;
  const model::Rewrite rw = rule.rewrite.value_or(model::Rewrite{});
  Request inner = req;
  if (rw.path) {
    inner.path = rw.path->type == model::PathModifierType::ReplaceFullPath
                     ? rw.path->value
                     : replacePrefix(req.path, match, rw.path->value);
  } else if (rw.appMeshDefaultPrefix.value_or(true) && match && match->path &&
             match->path->type == model::PathMatchType::StringPrefix) {
    inner.path = replacePrefix(req.path, match, "/");
  }
  if (rw.hostname) {
    inner.host = *rw.hostname;
  } else if (rw.appMeshDefaultHostname.value_or(true)) {
    inner.host = vs->awsName.value_or(vs->meta.name);
  }
  if (inner.path != req.path) {
    d.rewritePath = inner.path;
  }
  if (inner.host != req.host) {
    d.rewriteHost = inner.host;
  }
  enterMeshService(*vs, inner, target.port, d);
}

void RouteTable::enterMeshService(const model::MeshService& vs, const Request& inner,
                                  std::optional<int> port, Decision& d) const {
  const std::string vsNs = vs.meta.effectiveNamespace();
  d.chain.push_back({"VirtualService", vsNs, vs.meta.name, vs.awsName.value_or("")});
  const std::string providerNs = vs.providerNamespace.empty() ? vsNs : vs.providerNamespace;
  if (vs.providerKind == "VirtualNode") {
    auto it = m_meshNodes.find({&vs, port});
    if (it != m_meshNodes.end()) {
      d.backends = it->second;
    }
    return;
  }
  auto router = m_meshRouters.find(&vs);
  if (router == m_meshRouters.end()) {
    d.notes.push_back("VirtualRouter " + providerNs + "/" + vs.providerName + " is not defined");
    return;
  }
  d.chain.push_back({"VirtualRouter", providerNs, vs.providerName, ""});
  Decision inside;
  inside.trace = d.trace;
  evaluate(*router->second, inner, inside);
  for (auto& entry : inside.considered) {
    d.considered.push_back(std::move(entry));
  }
  if (!inside.matched) {
    d.status = 404;
    d.notes.push_back("no route of VirtualRouter " + vs.providerName + " matches " + inner.path);
    return;
  }
  d.chain.push_back({"Route", providerNs, inside.route->ruleName.value_or(""),
                     "rule " + std::to_string(inside.route->rule)});
  d.backends = inside.backends;
  d.innerRule = inside.rule;
  if (!d.route) {
    d.routeSpec = inside.routeSpec;
    d.rule = inside.rule;
    d.match = inside.match;
    d.route = inside.route;  // entered in-mesh: the router route is the decision
  }
  if (inside.rewritePath) {
    d.rewritePath = inside.rewritePath;
  }
  for (const auto& b : inside.backends) {
    if (b.valid && b.weight > 0) {
      d.chain.push_back({"VirtualNode", b.ns, b.name, "weight " + std::to_string(b.weight)});
    }
  }
}

}  // namespace routedeck::core::router
