// Request evaluation: gateway and listener selection, virtual host choice,
// candidate walk (with the full "considered" trace) and actions.
#include <algorithm>

#include "proxycore/common/strings.h"
#include "proxycore/router/cors.h"
#include "proxycore/router/hostnames.h"
#include "proxycore/router/rewrite.h"
#include "proxycore/router/route_table.h"

namespace routedeck::core::router {

namespace {

using model::Dialect;
using model::RouteKind;

RouteRefView refOf(const Candidate& c) {
  const auto& rule = c.route->rules[c.rule];
  return {model::routeKindName(c.route->kind), c.route->meta.effectiveNamespace(),
          c.route->meta.name, c.rule, rule.name};
}

const model::Gateway* pickGateway(const model::Config& cfg, const std::string& wanted,
                                  std::string* error) {
  if (wanted.empty()) {
    std::vector<const model::Gateway*> gateways;
    std::vector<std::string> names;
    for (const auto& g : cfg.gateways) {
      if (!g.isListenerSet()) {
        gateways.push_back(&g);
        names.push_back(g.meta.id());
      }
    }
    if (gateways.size() == 1) {
      return gateways.front();
    }
    if (gateways.empty()) {
      *error = "no Gateway, Istio Gateway or VirtualGateway in the loaded files";
      return nullptr;
    }
    *error = "several gateways are loaded; choose one with --gateway: " + strings::join(names, ", ");
    return nullptr;
  }
  std::string ns, name = wanted;
  if (size_t slash = wanted.find('/'); slash != std::string::npos) {
    ns = wanted.substr(0, slash);
    name = wanted.substr(slash + 1);
  }
  const model::Gateway* found = nullptr;
  for (const auto& g : cfg.gateways) {
    if (!g.isListenerSet() && g.meta.name == name && (ns.empty() || g.meta.effectiveNamespace() == ns)) {
      if (found) {
        *error = "gateway name \"" + wanted + "\" is ambiguous; use NAMESPACE/NAME";
        return nullptr;
      }
      found = &g;
    }
  }
  if (!found) {
    *error = "gateway \"" + wanted + "\" is not defined in the loaded files";
  }
  return found;
}

}  // namespace

Decision RouteTable::route(const Request& request, const EntryPoint& entry) const {
  Decision d;
  d.trace = entry.trace;
  // Routing sees the port of the listener the request reached (redirects
  // derive their port from it), whatever the Host header says.
  Request req = request;
  if (entry.port) {
    req.port = entry.port;
  }
  if (!entry.meshService.empty()) {
    return routeInMesh(req, entry.meshService, entry.trace);
  }
  const model::Gateway* g = pickGateway(*m_config, entry.gateway, &d.error);
  if (!g) {
    return d;
  }
  d.dialect = g->dialect;
  d.gateway = g->meta.id();
  if (g->dialect == Dialect::Envoy) {
    routeEnvoy(*g, req, d);  // a RouteConfiguration serves any port
    return d;
  }
  const int port = entry.port ? entry.port : req.port;
  std::vector<const CompiledListener*> onPort;
  std::vector<std::string> ports;
  for (const auto& cl : m_listeners) {
    if (cl.gateway != g) {
      continue;
    }
    ports.push_back(std::to_string(cl.listener->port));
    if (cl.listener->port == port) {
      onPort.push_back(&cl);
    }
  }
  if (onPort.empty()) {
    d.error = "gateway " + d.gateway + " has no listener on port " + std::to_string(port) +
              " (listener ports: " + strings::join(ports, ", ") + ")";
    return d;
  }
  if (g->dialect == Dialect::GatewayApi) {
    // Gateway API isolates listeners: only the most specific matching
    // listener hostname takes the request.
    auto bestFor = [&](const std::string& host) -> const CompiledListener* {
      const CompiledListener* best = nullptr;
      int bestScore = -1;
      for (const auto* cl : onPort) {
        std::string h = cl->listener->hostnames.empty() ? "" : cl->listener->hostnames.front();
        if (hostnames::matches(h, host) && hostnames::specificity(h) > bestScore) {
          best = cl;
          bestScore = hostnames::specificity(h);
        }
      }
      return best;
    };
    const CompiledListener* best = bestFor(req.host);
    if (!entry.sni.empty()) {
      const CompiledListener* bySni = bestFor(strings::toLower(entry.sni));
      if (bySni && bySni != best) {
        d.status = 421;
        d.listener = bySni->listener->name;
        d.notes.push_back("TLS server name \"" + entry.sni + "\" selected listener " +
                          bySni->listener->name + ", which does not serve host \"" + req.host +
                          "\" (421 Misdirected Request)");
        return d;
      }
    }
    if (!best) {
      d.status = 404;
      d.notes.push_back("no listener on port " + std::to_string(port) + " accepts host \"" +
                        req.host + "\"");
      return d;
    }
    onPort = {best};
  }
  std::vector<const VirtualHost*> vhosts;
  for (const auto* cl : onPort) {
    d.listener += (d.listener.empty() ? "" : ",") + cl->listener->name;
    for (const auto& vh : cl->vhosts) {
      vhosts.push_back(&vh);
    }
    for (const auto& r : cl->rejected) {
      d.notes.push_back("not attached: " + r);
    }
  }
  std::stable_sort(vhosts.begin(), vhosts.end(), [](const VirtualHost* a, const VirtualHost* b) {
    return hostnames::specificity(a->hostname) > hostnames::specificity(b->hostname);
  });
  const VirtualHost* chosen = nullptr;
  for (const auto* vh : vhosts) {
    if (hostnames::matches(vh->hostname, req.host)) {
      chosen = vh;
      break;
    }
  }
  if (chosen) {
    evaluate(*chosen, req, d);
  }
  for (const auto* vh : vhosts) {
    if (vh == chosen || !d.trace) {
      continue;
    }
    std::string reason = hostnames::matches(vh->hostname, req.host)
                             ? "hostname \"" + vh->hostname + "\" is less specific than \"" +
                                   chosen->hostname + "\", which took the request"
                             : "hostname \"" + vh->hostname + "\" does not match \"" + req.host + "\"";
    for (const auto& c : vh->candidates) {
      d.considered.push_back({refOf(c), c.match, vh->hostname, "not reached", reason});
    }
  }
  if (!d.matched && d.status == 0) {
    d.status = 404;
    if (!chosen) {
      d.notes.push_back("no route hostname matches \"" + req.host + "\"");
    }
  }
  return d;
}

Decision RouteTable::routeInMesh(const Request& req, const std::string& service,
                                 bool trace) const {
  Decision d;
  d.trace = trace;
  d.dialect = Dialect::AppMesh;
  for (const auto& vs : m_config->meshServices) {
    if (vs.meta.id() == service || vs.meta.name == service || vs.awsName == service) {
      enterMeshService(vs, req, std::nullopt, d);
      if (d.status == 0 && d.live().empty()) {
        d.status = 500;
      }
      d.matched = d.status == 0;
      return d;
    }
  }
  d.error = "App Mesh VirtualService \"" + service + "\" is not defined in the loaded files";
  return d;
}

void RouteTable::evaluate(const VirtualHost& vh, const Request& req, Decision& d) const {
  const Candidate* winner = nullptr;
  for (const auto& c : vh.candidates) {
    if (!d.trace) {
      // First match wins; the rest is only explanation.
      if (!c.matcher || c.matcher->evaluate(req, nullptr)) {
        applyAction(c, req, d);
        return;
      }
      continue;
    }
    std::string why;
    bool ok = !c.matcher || c.matcher->evaluate(req, &why);
    Considered entry{refOf(c), c.match, vh.hostname, "", ""};
    if (ok && !winner) {
      winner = &c;
      entry.outcome = "selected";
      entry.reason = "first matching rule in precedence order";
    } else if (ok) {
      const auto w = refOf(*winner);
      entry.outcome = "shadowed";
      entry.reason = "matches, but " + w.kind + " " + w.ns + "/" + w.name + " rule " +
                     std::to_string(w.rule) + " comes first";
    } else {
      entry.outcome = "no match";
      entry.reason = why;
    }
    d.considered.push_back(std::move(entry));
  }
  if (winner) {
    applyAction(*winner, req, d);
  }
}

void RouteTable::applyAction(const Candidate& c, const Request& req, Decision& d) const {
  if (c.route->dialect == Dialect::Envoy) {
    applyEnvoyAction(c, req, d);
    return;
  }
  const auto& rule = c.route->rules[c.rule];
  d.matched = true;
  d.route = refOf(c);
  d.routeSpec = c.route;
  d.rule = &rule;
  d.match = c.matcher ? &c.matcher->spec() : nullptr;
  d.requestHeaders = rule.requestHeaders;
  d.responseHeaders = rule.responseHeaders;
  if (rule.directResponse) {
    d.status = rule.directResponse->status;
    return;
  }
  if (rule.cors) {
    applyCors(*rule.cors, req, d);
    if (d.status != 0) {
      return;  // preflight answered locally
    }
  }
  const model::RouteMatch* match = c.matcher ? &c.matcher->spec() : nullptr;
  if (rule.redirect) {
    d.status = rule.redirect->statusCode.value_or(c.route->dialect == Dialect::Istio ? 301 : 302);
    d.redirectLocation = redirectLocation(*rule.redirect, match, req, c.route->dialect);
    return;
  }
  if (rule.rewrite) {
    applyRewrite(*rule.rewrite, match, req, d);
  }
  for (const auto& m : rule.mirrors) {
    BackendChoice mc;
    mc.kind = m.backend.kind.empty() ? "Service" : m.backend.kind;
    mc.name = m.backend.name;
    mc.ns = m.backend.ns.empty() ? c.route->meta.effectiveNamespace() : m.backend.ns;
    mc.port = m.backend.port;
    mc.weight = static_cast<int>(m.effectivePercent());
    d.mirrors.push_back(mc);
  }
  if (c.route->kind == RouteKind::GatewayRoute) {
    followAppMesh(c, req, d);
  } else {
    resolveBackends(c, d);
    applyBackendFilters(c, match, req, d);
  }
  if (d.status == 0 && d.live().empty()) {
    d.status = 500;
    d.notes.push_back(rule.backends.empty() ? "the rule has no backends"
                                            : "no backend can take traffic (weights 0 or invalid)");
  }
}

void RouteTable::applyBackendFilters(const Candidate& c, const model::RouteMatch* match,
                                     const Request& req, Decision& d) const {
  // Per-backend filters (headers, redirect, rewrite) act when that backend is
  // chosen; explain shows them when one backend takes all traffic.
  auto append = [](model::HeaderModifier& to, const model::HeaderModifier& from) {
    to.set.insert(to.set.end(), from.set.begin(), from.set.end());
    to.add.insert(to.add.end(), from.add.begin(), from.add.end());
    to.remove.insert(to.remove.end(), from.remove.begin(), from.remove.end());
  };
  auto live = d.live();
  if (live.size() != 1) {
    return;
  }
  for (const auto& b : c.route->rules[c.rule].backends) {
    if (b.name != live.front()->name) {
      continue;
    }
    append(d.requestHeaders, b.requestHeaders);
    append(d.responseHeaders, b.responseHeaders);
    if (b.redirect) {
      d.status = b.redirect->statusCode.value_or(302);
      d.redirectLocation = redirectLocation(*b.redirect, match, req, c.route->dialect);
    }
    if (b.rewrite) {
      applyRewrite(*b.rewrite, match, req, d);
    }
  }
}

}  // namespace routedeck::core::router
