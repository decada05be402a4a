// Envoy RouteConfiguration routing: virtual host selection by domain (exact >
// longest suffix wildcard > longest prefix wildcard > "*"), require_tls, then
// the first matching route in file order, and Envoy's action semantics.
#include <algorithm>

#include "proxycore/common/strings.h"
#include "proxycore/router/envoy_rewrite.h"
#include "proxycore/router/route_table.h"
#include "proxycore/router/rule_action.h"

namespace routedeck::core::router {

namespace {

using model::Dialect;

// Selection rank of an Envoy domain: higher is tried first; within a rank the
// longer pattern wins.
int domainRank(const std::string& d) {
  if (d == "*") {
    return 0;
  }
  if (d.front() == '*') {
    return 2;  // suffix wildcard
  }
  if (d.back() == '*') {
    return 1;  // prefix wildcard
  }
  return 3;
}

// Envoy wildcards match at least one character.
bool domainMatches(const std::string& d, const Request& req) {
  const std::string host = d.find(':') != std::string::npos && req.port
                               ? req.host + ":" + std::to_string(req.port)
                               : req.host;
  switch (domainRank(d)) {
    case 0:
      return true;
    case 2:
      return host.size() > d.size() - 1 && strings::endsWith(host, d.substr(1));
    case 1:
      return host.size() > d.size() - 1 && strings::startsWith(host, d.substr(0, d.size() - 1));
    default:
      return host == d;
  }
}

RouteRefView refOf(const model::Route& r, int rule) {
  return {model::routeKindName(r.kind), r.meta.effectiveNamespace(), r.meta.name, rule,
          rule >= 0 ? r.rules[rule].name : std::nullopt};
}

}  // namespace

void RouteTable::compileEnvoy(const model::Gateway& g) {
  if (g.listeners.empty()) {
    return;
  }
  CompiledListener cl{&g, &g, &g.listeners.front(), {}, {}};
  for (const auto& route : m_config->routes) {
    if (route.dialect != Dialect::Envoy || route.parents.empty() ||
        route.parents.front().name != g.meta.name) {
      continue;
    }
    auto& vcs = m_virtualClusters[&route];
    for (const auto& vc : route.virtualClusters) {
      vcs.push_back(std::make_shared<CompiledMatch>(vc.match));
    }
    std::vector<Candidate> candidates;
    for (size_t ri = 0; ri < route.rules.size(); ++ri) {
      const auto& rule = route.rules[ri];
      for (size_t mi = 0; mi < rule.matches.size(); ++mi) {
        candidates.push_back({&route, static_cast<int>(ri), static_cast<int>(mi),
                              std::make_shared<CompiledMatch>(rule.matches[mi])});
      }
    }
    for (const auto& domain : route.hostnames) {
      VirtualHost vh;
      vh.hostname = strings::toLower(domain);
      vh.candidates = candidates;
      vh.owner = &route;
      cl.vhosts.push_back(std::move(vh));
    }
  }
  std::stable_sort(cl.vhosts.begin(), cl.vhosts.end(),
                   [](const VirtualHost& a, const VirtualHost& b) {
                     const int ra = domainRank(a.hostname), rb = domainRank(b.hostname);
                     return ra != rb ? ra > rb : a.hostname.size() > b.hostname.size();
                   });
  m_listeners.push_back(std::move(cl));
}

void RouteTable::routeEnvoy(const model::Gateway& g, const Request& req, Decision& d) const {
  const CompiledListener* cl = nullptr;
  for (const auto& l : m_listeners) {
    cl = l.gateway == &g ? &l : cl;
  }
  if (!cl) {
    d.error = "RouteConfiguration " + g.meta.name + " was not compiled";
    return;
  }
  d.listener = cl->listener->name;
  const VirtualHost* chosen = nullptr;
  for (const auto& vh : cl->vhosts) {
    if (domainMatches(vh.hostname, req)) {
      chosen = &vh;
      break;
    }
  }
  if (d.trace) {
    for (const auto& vh : cl->vhosts) {
      if (chosen && vh.owner == chosen->owner) {
        continue;
      }
      const std::string reason =
          chosen ? "virtual host \"" + chosen->owner->meta.name + "\" (domain \"" +
                       chosen->hostname + "\") took the request"
                 : "domain \"" + vh.hostname + "\" does not match \"" + req.host + "\"";
      for (const auto& c : vh.candidates) {
        d.considered.push_back(
            {refOf(*c.route, c.rule), c.match, vh.hostname, "not reached", reason});
      }
    }
  }
  if (!chosen) {
    d.status = 404;
    d.notes.push_back("no virtual host domain matches \"" + req.host + "\"");
    return;
  }
  const model::Route& vhost = *chosen->owner;
  const bool tls = envoy::effectiveScheme(req) == "https";
  const bool internal = strings::toLower(req.header("x-envoy-internal").value_or("")) == "true";
  if (!tls && (vhost.requireTls == model::TlsRequirement::All ||
               (vhost.requireTls == model::TlsRequirement::ExternalOnly && !internal))) {
    d.ownedRoute = std::make_shared<RouteRefView>(refOf(vhost, -1));
    d.route = d.ownedRoute.get();
    d.routeSpec = &vhost;
    d.status = 301;
    d.redirectLocation = "https://" + envoy::authority(req) + req.pathWithQuery();
    d.notes.push_back("virtual host \"" + vhost.meta.name + "\" requires TLS (require_tls: " +
                      (vhost.requireTls == model::TlsRequirement::All ? "ALL" : "EXTERNAL_ONLY") +
                      "): redirected to https");
    return;
  }
  evaluate(*chosen, req, d);
  if (!d.matched && d.status == 0) {
    d.status = 404;
    d.notes.push_back("no route of virtual host \"" + vhost.meta.name + "\" matches");
  }
}

void RouteTable::applyEnvoyAction(const Candidate& c, const Request& req, Decision& d) const {
  const auto& rule = c.route->rules[c.rule];
  const model::RouteMatch* match = c.matcher ? &c.matcher->spec() : nullptr;
  d.matched = true;
  d.route = &c.action->ref;
  d.routeSpec = c.route;
  d.rule = &rule;
  d.match = match;
  d.requestHeaders = &rule.requestHeaders;
  d.responseHeaders = &rule.responseHeaders;
  if (rule.directResponse) {
    d.status = rule.directResponse->status;
    return;
  }
  if (rule.redirect) {
    d.status = rule.redirect->statusCode.value_or(301);
    d.redirectLocation = envoy::redirectLocation(*rule.redirect, match, req);
    return;
  }
  if (rule.rewrite) {
    if (rule.rewrite->hostname) {
      d.rewriteHost = rule.rewrite->hostname;
    }
    if (rule.rewrite->path || rule.rewrite->regexPattern) {
      d.rewritePath = envoy::rewrittenPath(*rule.rewrite, match, req.path);
    }
  }
  // Clusters come from the request (cluster_header), so this decision owns
  // its backend list.
  auto backends = std::make_shared<std::vector<BackendChoice>>();
  auto mirrors = std::make_shared<std::vector<BackendChoice>>();
  if (rule.clusterHeader) {
    auto name = req.header(*rule.clusterHeader);
    if (name && !name->empty()) {
      BackendChoice b;
      b.kind = "Cluster";
      b.name = *name;
      b.weight = 1;
      backends->push_back(std::move(b));
    } else {
      d.notes.push_back("cluster_header " + *rule.clusterHeader + " is absent: no cluster");
    }
  }
  for (const auto& ref : rule.backends) {
    BackendChoice b;
    b.kind = "Cluster";
    b.name = ref.name;
    b.weight = ref.weight.value_or(1);
    b.ref = &ref;
    backends->push_back(std::move(b));
  }
  for (const auto& m : rule.mirrors) {
    BackendChoice b;
    b.kind = "Cluster";
    b.name = m.backend.name;
    b.weight = static_cast<int>(m.effectivePercent());
    mirrors->push_back(std::move(b));
  }
  d.backends = *backends;
  d.mirrors = *mirrors;
  d.ownedBackends = std::move(backends);
  d.ownedMirrors = std::move(mirrors);
  if (auto it = m_virtualClusters.find(c.route);
      it != m_virtualClusters.end() && !it->second.empty()) {
    d.virtualCluster = "other";
    for (size_t i = 0; i < it->second.size(); ++i) {
      if (it->second[i]->evaluate(req, nullptr)) {
        d.virtualCluster = c.route->virtualClusters[i].name;
        break;
      }
    }
  }
  if (d.live().empty()) {
    // Envoy answers cluster_not_found_response_code, 503 by default.
    d.status = 503;
  }
}

}  // namespace routedeck::core::router
