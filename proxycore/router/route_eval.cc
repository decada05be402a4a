// Request evaluation: gateway and listener selection, virtual host choice,
// candidate walk (with the full "considered" trace) and actions.
#include <algorithm>

#include "proxycore/common/strings.h"
#include "proxycore/router/cors.h"
#include "proxycore/router/envoy_rewrite.h"
#include "proxycore/router/hostnames.h"
#include "proxycore/router/rewrite.h"
#include "proxycore/router/route_table.h"
#include "proxycore/router/rule_action.h"

namespace routedeck::core::router {

namespace {

using model::Dialect;
using model::RouteKind;

RouteRefView refOf(const Candidate& c) { return c.action->ref; }

// Istio: the plaintext server on this port that serves `host` with
// tls.httpsRedirect. Istio turns that into Envoy's require_tls: ALL on the
// server's virtual hosts, so every request of those hosts is redirected.
const model::Listener* httpsRedirectServer(const std::vector<const CompiledListener*>& servers,
                                           const std::string& host) {
  for (const CompiledListener* cl : servers) {
    const model::Listener& l = *cl->listener;
    if (!l.tls || !l.tls->httpsRedirect) {
      continue;
    }
    for (const auto& h : l.hostnames) {
      const size_t slash = h.find('/');  // "namespace/host"
      if (hostnames::matches(slash == std::string::npos ? h : h.substr(slash + 1), host)) {
        return &l;
      }
    }
  }
  return nullptr;
}

}  // namespace

const RouteTable::GatewayEntry* RouteTable::findGateway(const std::string& wanted,
                                                        std::string* error) const {
  if (wanted.empty()) {
    if (m_gateways.size() == 1) {
      return &m_gateways.front();
    }
    if (m_gateways.empty()) {
      *error = "no Gateway, Istio Gateway or VirtualGateway in the loaded files";
      return nullptr;
    }
    std::vector<std::string> names;
    for (const auto& g : m_gateways) {
      names.push_back(g.id);
    }
    *error = "several gateways are loaded; choose one with --gateway: " + strings::join(names, ", ");
    return nullptr;
  }
  std::string ns, name = wanted;
  if (size_t slash = wanted.find('/'); slash != std::string::npos) {
    ns = wanted.substr(0, slash);
    name = wanted.substr(slash + 1);
  }
  const GatewayEntry* found = nullptr;
  if (auto it = m_gatewaysByName.find(name); it != m_gatewaysByName.end()) {
    for (const GatewayEntry* g : it->second) {
      if (ns.empty() || g->gateway->meta.effectiveNamespace() == ns) {
        if (found) {
          *error = "gateway name \"" + wanted + "\" is ambiguous; use NAMESPACE/NAME";
          return nullptr;
        }
        found = g;
      }
    }
  }
  if (!found) {
    *error = "gateway \"" + wanted + "\" is not defined in the loaded files";
  }
  return found;
}

Decision RouteTable::route(const Request& request, const EntryPoint& entry) const {
  Decision d;
  d.trace = entry.trace;
  // Routing sees the port of the listener the request reached (redirects
  // derive their port from it), whatever the Host header says. Copy the
  // request only when that changes it.
  std::optional<Request> withPort;
  if (entry.port && entry.port != request.port) {
    withPort.emplace(request).port = entry.port;
  }
  const Request& req = withPort ? *withPort : request;
  if (!entry.meshService.empty()) {
    return routeInMesh(req, entry.meshService, entry.trace);
  }
  const GatewayEntry* g = findGateway(entry.gateway, &d.error);
  if (!g) {
    return d;
  }
  d.dialect = g->gateway->dialect;
  d.gateway = g->id;
  if (d.dialect == Dialect::Envoy) {
    routeEnvoy(*g->gateway, req, d);  // a RouteConfiguration serves any port
    return d;
  }
  const int port = entry.port ? entry.port : req.port;
  auto onPort = g->ports.find(port);
  if (onPort == g->ports.end()) {
    d.error = "gateway " + d.gateway + " has no listener on port " + std::to_string(port) +
              " (listener ports: " + g->portList + ")";
    return d;
  }
  const PortGroup& group = onPort->second;
  const CompiledListener* isolated = nullptr;
  if (d.dialect == Dialect::GatewayApi) {
    // Gateway API isolates listeners: only the most specific matching
    // listener hostname takes the request.
    auto bestFor = [&](const std::string& host) -> const CompiledListener* {
      const CompiledListener* best = nullptr;
      int bestScore = -1;
      for (const auto* cl : group.listeners) {
        if (hostnames::matches(cl->hostname, host) && hostnames::specificity(cl->hostname) > bestScore) {
          best = cl;
          bestScore = hostnames::specificity(cl->hostname);
        }
      }
      return best;
    };
    isolated = bestFor(req.host);
    if (!entry.sni.empty()) {
      const CompiledListener* bySni = bestFor(strings::toLower(entry.sni));
      if (bySni && bySni != isolated) {
        d.status = 421;
        d.listener = bySni->listener->name;
        d.notes.push_back("TLS server name \"" + entry.sni + "\" selected listener " +
                          bySni->listener->name + ", which does not serve host \"" + req.host +
                          "\" (421 Misdirected Request)");
        return d;
      }
    }
    if (!isolated) {
      d.status = 404;
      d.notes.push_back("no listener on port " + std::to_string(port) + " accepts host \"" +
                        req.host + "\"");
      return d;
    }
  }
  d.listener = isolated ? isolated->listener->name : group.listenerNames;
  if (d.dialect == Dialect::Istio && req.scheme != "https") {
    if (const model::Listener* server = httpsRedirectServer(group.listeners, req.host)) {
      d.listener = server->name;
      d.status = 301;
      d.redirectLocation = "https://" + envoy::authority(req) + req.pathWithQuery();
      d.notes.push_back("server \"" + server->name +
                        "\" has tls.httpsRedirect: every request is redirected to https");
      return d;
    }
  }
  const auto& vhosts = isolated ? isolated->lookupOrder : group.lookupOrder;
  const VirtualHost* chosen = (isolated ? isolated->hosts : group.hosts).find(req.host);
  if (d.trace) {
    for (const auto* cl : isolated ? std::vector<const CompiledListener*>{isolated} : group.listeners) {
      for (const auto& r : cl->rejected) {
        d.notes.push_back("not attached: " + r);
      }
    }
  }
  if (chosen) {
    evaluate(*chosen, req, d);
  }
  if (d.trace) {
    traceUnreached(vhosts, chosen, req, d);
  }
  if (!d.matched && d.status == 0) {
    d.status = 404;
    if (!chosen) {
      d.notes.push_back("no route hostname matches \"" + req.host + "\"");
    }
  }
  return d;
}

void RouteTable::traceUnreached(const std::vector<const VirtualHost*>& vhosts,
                                const VirtualHost* chosen, const Request& req, Decision& d) const {
  for (const auto* vh : vhosts) {
    if (vh == chosen) {
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
}

Decision RouteTable::routeInMesh(const Request& req, const std::string& service,
                                 bool trace) const {
  Decision d;
  d.trace = trace;
  d.dialect = Dialect::AppMesh;
  if (auto it = m_meshServices.find(service); it != m_meshServices.end()) {
    enterMeshService(*it->second, req, std::nullopt, d);
    if (d.status == 0 && !d.anyLive()) {
      d.status = 500;
    }
    d.matched = d.status == 0;
    return d;
  }
  d.error = "App Mesh VirtualService \"" + service + "\" is not defined in the loaded files";
  return d;
}

void RouteTable::evaluate(const VirtualHost& vh, const Request& req, Decision& d) const {
  if (!d.trace) {
    // First match wins; the index skips candidates whose path cannot match.
    const Candidate* hit = nullptr;
    vh.index.forEach(req.path, [&](uint32_t i) {
      const Candidate& c = vh.candidates[i];
      if (!c.matcher || c.matcher->evaluate(req, nullptr)) {
        hit = &c;
      }
      return hit != nullptr;
    });
    if (hit) {
      applyAction(*hit, req, d);
    }
    return;
  }
  const Candidate* winner = nullptr;
  for (const auto& c : vh.candidates) {
    std::string why;
    bool ok = !c.matcher || c.matcher->evaluate(req, &why);
    Considered entry{refOf(c), c.match, vh.hostname, "", ""};
    if (ok && !winner) {
      winner = &c;
      entry.outcome = "selected";
      entry.reason = "first matching rule in precedence order";
    } else if (ok) {
      const auto& w = winner->action->ref;
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
  const RuleAction& action = *c.action;
  d.matched = true;
  d.route = &action.ref;
  d.routeSpec = c.route;
  d.rule = &rule;
  d.match = c.matcher ? &c.matcher->spec() : nullptr;
  d.requestHeaders = &rule.requestHeaders;
  d.responseHeaders = &rule.responseHeaders;
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
  const model::RouteMatch* match = d.match;
  if (rule.redirect) {
    d.status = rule.redirect->statusCode.value_or(c.route->dialect == Dialect::Istio ? 301 : 302);
    d.redirectLocation = redirectLocation(*rule.redirect, match, req, c.route->dialect);
    return;
  }
  if (rule.rewrite) {
    applyRewrite(*rule.rewrite, match, req, d);
  }
  d.mirrors = action.mirrors;
  if (c.route->kind == RouteKind::GatewayRoute) {
    followAppMesh(c, req, d);
  } else {
    d.backends = action.backends;
    applyBackendFilters(c, match, req, d);
  }
  if (d.status == 0 && !d.anyLive()) {
    d.status = 500;
    d.notes.push_back(rule.backends.empty() ? "the rule has no backends"
                                            : "no backend can take traffic (weights 0 or invalid)");
  }
}

void RouteTable::applyBackendFilters(const Candidate& c, const model::RouteMatch* match,
                                     const Request& req, Decision& d) const {
  // The header changes of the one backend that takes all traffic were merged
  // at compile time; redirects and rewrites depend on the request.
  const RuleAction& action = *c.action;
  if (action.soleBackendRefs.empty()) {
    return;
  }
  d.requestHeaders = &action.requestHeaders;
  if (d.ownedResponseHeaders) {
    for (const model::BackendRef* b : action.soleBackendRefs) {
      auto& to = d.ownResponseHeaders();
      to.set.insert(to.set.end(), b->responseHeaders.set.begin(), b->responseHeaders.set.end());
      to.add.insert(to.add.end(), b->responseHeaders.add.begin(), b->responseHeaders.add.end());
      to.remove.insert(to.remove.end(), b->responseHeaders.remove.begin(), b->responseHeaders.remove.end());
    }
  } else {
    d.responseHeaders = &action.responseHeaders;
  }
  for (const model::BackendRef* b : action.soleBackendRefs) {
    if (b->redirect) {
      d.status = b->redirect->statusCode.value_or(302);
      d.redirectLocation = redirectLocation(*b->redirect, match, req, c.route->dialect);
    }
    if (b->rewrite) {
      applyRewrite(*b->rewrite, match, req, d);
    }
  }
}

}  // namespace routedeck::core::router
