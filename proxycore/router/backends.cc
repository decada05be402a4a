// Backend resolution per dialect, and the App Mesh chain behind a GatewayRoute.
#include "proxycore/common/strings.h"
#include "proxycore/router/rewrite.h"
#include "proxycore/router/route_table.h"

namespace routedeck::core::router {

namespace {

using model::Dialect;

BackendChoice gatewayApiBackend(const model::Config& c, const model::Route& route,
                                const model::BackendRef& b) {
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
  } else if (out.ns != route.meta.effectiveNamespace() && !c.referenceGrantAllows(model::routeKindName(route.kind),
                                                  route.meta.effectiveNamespace(), out.ns,
                                                  out.name)) {
    invalid("no ReferenceGrant in namespace " + out.ns + " allows this reference");
  } else if (!c.services.empty() && !c.findService(out.ns, out.name)) {
    invalid("Service " + out.ns + "/" + out.name + " not found");
  } else if (!out.port) {
    invalid("port is required for a Service backend");
  }
  return out;
}

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

void attachEndpoints(const model::Config& c, BackendChoice& b) {
  const bool node = b.kind == "VirtualNode";
  const auto& sets = node ? c.virtualNodeEndpoints : c.serviceEndpoints;
  std::optional<model::Labels> selector;
  if (b.subset) {
    selector = c.subsetLabels(b.name, b.ns, *b.subset);
  }
  for (const auto& set : sets) {
    if (set.service != b.ns + "/" + b.name || (!node && set.port && b.port && *set.port != *b.port)) {
      continue;
    }
    for (const auto& ep : set.endpoints) {
      if (!selector || model::LabelSelector{*selector}.matches(ep.labels)) {
        b.endpoints.push_back(ep.address);
      }
    }
  }
}

}  // namespace

void RouteTable::resolveBackends(const Candidate& c, Decision& d) const {
  const auto& rule = c.route->rules[c.rule];
  for (const auto& b : rule.backends) {
    if (c.route->dialect == Dialect::Istio) {
      d.backends.push_back(istioBackend(*m_config, *c.route, rule, b));
    } else if (c.route->kind == model::RouteKind::VirtualRouter) {
      BackendChoice out;
      out.kind = "VirtualNode";
      out.name = b.name;
      out.ns = b.ns.empty() ? c.route->meta.effectiveNamespace() : b.ns;
      out.port = b.port;
      out.weight = b.weight.value_or(1);
      d.backends.push_back(out);
    } else {
      d.backends.push_back(gatewayApiBackend(*m_config, *c.route, b));
    }
    d.backends.back().ref = &b;
  }
  for (auto& b : d.backends) {
    attachEndpoints(*m_config, b);
  }
}

void RouteTable::followAppMesh(const Candidate& c, const Request& req, Decision& d) const {
  const auto& rule = c.route->rules[c.rule];
  const std::string grNs = c.route->meta.effectiveNamespace();
  d.chain.push_back({"GatewayRoute", grNs, c.route->meta.name, ""});
  if (rule.backends.empty()) {
    return;
  }
  const auto& target = rule.backends.front();
  const std::string vsNs = target.ns.empty() ? grNs : target.ns;
  const model::MeshService* vs = nullptr;
  for (const auto& s : m_config->meshServices) {
    if (s.meta.name == target.name && s.meta.effectiveNamespace() == vsNs) {
      vs = &s;
    }
  }
  if (!vs) {
    d.notes.push_back("VirtualService " + vsNs + "/" + target.name + " is not defined");
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
    d.backends.push_back({"VirtualNode", vs.providerName, providerNs, port, 1, {}, true, {}, {}});
    attachEndpoints(*m_config, d.backends.back());
    return;
  }
  auto it = m_virtualRouters.find(providerNs + "/" + vs.providerName);
  if (it == m_virtualRouters.end()) {
    d.notes.push_back("VirtualRouter " + providerNs + "/" + vs.providerName + " is not defined");
    return;
  }
  d.chain.push_back({"VirtualRouter", providerNs, vs.providerName, ""});
  VirtualHost vh{"*", it->second};
  Decision inside;
  inside.trace = d.trace;
  evaluate(vh, inner, inside);
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
