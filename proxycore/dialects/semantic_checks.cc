#include "proxycore/dialects/semantic_checks.h"

#include <re2/re2.h>

#include <map>
#include <set>
#include <tuple>

#include "proxycore/common/strings.h"

namespace routedeck::core::dialects {

namespace {

using model::Dialect;
using model::RouteKind;

std::string idx(const std::string& path, int i) { return path + "[" + std::to_string(i) + "]"; }

// Dialect-specific spelling of where a rule, a match and a backend live.
struct Paths {
  std::string rule;
  std::string match;
  std::string backend;
};

// Route protocol as the App Mesh field prefix: "http" → "httpRoute".
std::string appMeshRouteKey(std::string protocol) {
  if (protocol.empty()) {
    protocol = "http";
  }
  return strings::endsWith(protocol, "Route") ? protocol : protocol + "Route";
}

Paths pathsFor(const model::Route& route, int rule, int match, int backend,
               const std::string& ruleProtocol = {}) {
  Paths p;
  switch (route.kind) {
    case RouteKind::HTTPRoute:
    case RouteKind::GRPCRoute:
      p.rule = idx("spec.rules", rule);
      p.match = idx(p.rule + ".matches", match);
      p.backend = idx(p.rule + ".backendRefs", backend);
      break;
    case RouteKind::VirtualService:
      p.rule = idx("spec.http", rule);
      p.match = idx(p.rule + ".match", match);
      p.backend = idx(p.rule + ".route", backend);
      break;
    case RouteKind::GatewayRoute: {
      p.rule = "spec." + appMeshRouteKey(route.protocol);
      p.match = p.rule + ".match";
      p.backend = p.rule + ".action.target";
      break;
    }
    case RouteKind::VirtualRouter: {
      // One router may mix route types; each rule carries its own.
      const std::string key = appMeshRouteKey(ruleProtocol);
      p.rule = idx("spec.routes", rule);
      p.match = p.rule + "." + key + ".match";
      p.backend = idx(p.rule + "." + key + ".action.weightedTargets", backend);
      break;
    }
    case RouteKind::VirtualHost:
      // Envoy documents are checked by their importer, which knows the lines.
      p.rule = idx("routes", rule);
      p.match = p.rule + ".match";
      p.backend = idx(p.rule + ".route.weighted_clusters.clusters", backend);
      break;
  }
  return p;
}

std::string pathRegexField(const model::Route& route) {
  switch (route.kind) {
    case RouteKind::VirtualService:
      return ".uri.regex";
    case RouteKind::GatewayRoute:
    case RouteKind::VirtualRouter:
      return ".path.regex";
    default:
      return ".path.value";
  }
}

void checkRegex(const std::string& pattern, const model::ObjectMeta& meta, const std::string& path,
                Diagnostics& diags) {
  RE2::Options opts;
  opts.set_log_errors(false);
  RE2 re(pattern, opts);
  if (!re.ok()) {
    diags.error(locate(meta, path),
                "regular expression \"" + pattern + "\" is not valid RE2: " + re.error(), path);
  }
}

void checkRouteRegexes(const model::Route& route, Diagnostics& diags) {
  for (size_t ri = 0; ri < route.rules.size(); ++ri) {
    const auto& rule = route.rules[ri];
    for (size_t mi = 0; mi < rule.matches.size(); ++mi) {
      const auto& m = rule.matches[mi];
      Paths p = pathsFor(route, rule.origin.index >= 0 ? rule.origin.index : static_cast<int>(ri),
                         m.origin.index >= 0 ? m.origin.index : static_cast<int>(mi), 0, rule.protocol);
      if (m.path && m.path->type == model::PathMatchType::RegularExpression) {
        checkRegex(m.path->value, route.meta, p.match + pathRegexField(route), diags);
      }
      for (size_t hi = 0; hi < m.headers.size(); ++hi) {
        const auto& h = m.headers[hi];
        if (h.match.type != model::StringMatchType::RegularExpression) {
          continue;
        }
        std::string field = route.dialect == Dialect::Istio
                                ? p.match + ".headers." + h.name + ".regex"
                            : route.dialect == Dialect::AppMesh
                                ? idx(p.match + (p.match.find("grpcRoute") != std::string::npos
                                                     ? ".metadata"
                                                     : ".headers"),
                                      static_cast<int>(hi)) +
                                      ".match.regex"
                                : idx(p.match + ".headers", static_cast<int>(hi)) + ".value";
        checkRegex(h.match.value, route.meta, field, diags);
      }
      for (size_t qi = 0; qi < m.queryParams.size(); ++qi) {
        const auto& q = m.queryParams[qi];
        if (q.match.type == model::StringMatchType::RegularExpression) {
          std::string field = route.dialect == Dialect::Istio
                                  ? p.match + ".queryParams." + q.name + ".regex"
                                  : idx(p.match + ".queryParams", static_cast<int>(qi)) + ".value";
          checkRegex(q.match.value, route.meta, field, diags);
        }
      }
      if (m.grpc && m.grpc->type == model::StringMatchType::RegularExpression) {
        if (!m.grpc->service.empty()) {
          checkRegex(m.grpc->service, route.meta, p.match + ".method.service", diags);
        }
        if (!m.grpc->method.empty()) {
          checkRegex(m.grpc->method, route.meta, p.match + ".method.method", diags);
        }
      }
    }
    if (rule.cors) {
      const Paths p = pathsFor(route, rule.origin.index >= 0 ? rule.origin.index : static_cast<int>(ri), 0, 0,
                               rule.protocol);
      for (size_t oi = 0; oi < rule.cors->allowOrigins.size(); ++oi) {
        const auto& o = rule.cors->allowOrigins[oi];
        if (o.type == model::StringMatchType::RegularExpression) {
          checkRegex(o.value, route.meta, idx(p.rule + ".corsPolicy.allowOrigins", static_cast<int>(oi)) + ".regex",
                     diags);
        }
      }
    }
  }
}

std::string millisText(long long ms) { return model::Duration::fromMillis(ms).str(); }

// Policy values no dialect schema bounds (they come from Envoy files or
// from an editor): per-attempt timeouts longer than the whole request,
// a backoff above its cap, a token bucket that never admits a request.
void checkPolicies(const model::Route& route, Diagnostics& diags) {
  for (size_t ri = 0; ri < route.rules.size(); ++ri) {
    const auto& rule = route.rules[ri];
    const Paths p = pathsFor(route, rule.origin.index >= 0 ? rule.origin.index : static_cast<int>(ri), 0, 0,
                             rule.protocol);
    const auto& request = rule.timeouts.request;
    std::optional<model::Duration> perTry = rule.timeouts.backendRequest;
    std::string perTryField = p.rule + ".timeouts.backendRequest";
    if (rule.retry && rule.retry->perTryTimeout) {
      perTry = rule.retry->perTryTimeout;
      perTryField = p.rule + ".retries.perTryTimeout";
    }
    // 0 disables a timeout in every dialect, so only two real limits compare.
    if (request && perTry && request->millis > 0 && perTry->millis > request->millis) {
      // Gateway API's CRD rejects it (CEL); elsewhere no attempt can use its budget.
      const std::string text = "per-try timeout " + perTry->str() + " is longer than the request timeout " +
                               request->str();
      if (route.dialect == Dialect::GatewayApi) {
        diags.error(locate(route.meta, perTryField), text + " (backendRequest timeout cannot be longer than "
                                                             "request timeout)", perTryField);
      } else {
        diags.warning(locate(route.meta, perTryField), text + ": no attempt can use it", perTryField);
      }
    }
    if (rule.retry) {
      const std::string rp = p.rule + ".retries";
      if (rule.retry->attempts && *rule.retry->attempts < 0) {
        diags.error(locate(route.meta, rp), "retry attempts must be 0 or more (it has " +
                                                std::to_string(*rule.retry->attempts) + ")", rp + ".attempts");
      }
      const auto& base = rule.retry->backoff;
      const auto& cap = rule.retry->maxBackoff;
      if (base && cap && cap->millis < base->millis) {
        diags.error(locate(route.meta, rp), "maximum retry backoff " + cap->str() +
                                                " is shorter than the base backoff " + base->str(),
                    rp + ".maxBackoff");
      }
    }
    if (rule.rateLimit) {
      const auto& rl = *rule.rateLimit;
      const std::string rp = p.rule + ".rateLimit";
      if (rl.requests < 1) {
        diags.error(locate(route.meta, rp), "rate limit needs at least 1 request per fill interval (it has " +
                                                std::to_string(rl.requests) + ")", rp + ".requests");
      }
      if (rl.per.millis < 1) {
        diags.error(locate(route.meta, rp), "rate limit needs a fill interval of at least 1ms (it has " +
                                                millisText(rl.per.millis) + ")", rp + ".per");
      }
      if (rl.burst && *rl.burst < 1) {
        diags.error(locate(route.meta, rp), "rate limit burst must be at least 1 (it has " +
                                                std::to_string(*rl.burst) + ")", rp + ".burst");
      }
    }
  }
}

void checkWeights(const model::Route& route, Diagnostics& diags) {
  for (size_t ri = 0; ri < route.rules.size(); ++ri) {
    const auto& rule = route.rules[ri];
    if (rule.backends.empty()) {
      continue;
    }
    long long total = 0;
    // Weights are relative in every dialect (current Istio included: the
    // sum need not be 100), so only "no traffic at all" is worth a finding.
    for (const auto& b : rule.backends) {
      total += b.weight.value_or(route.dialect == Dialect::Istio && rule.backends.size() == 1 ? 100 : 1);
    }
    Paths p = pathsFor(route, rule.origin.index >= 0 ? rule.origin.index : static_cast<int>(ri), 0, 0,
                       rule.protocol);
    if (total == 0) {
      diags.warning(locate(route.meta, p.rule), "every backend weight is 0: this rule sends no traffic "
                                                "and its requests get 500",
                    p.rule);
    }
  }
}

std::string objectKey(const model::ObjectMeta& m) {
  return m.apiVersion.substr(0, m.apiVersion.find('/')) + "/" + m.kind + " " + m.id();
}

void checkDuplicates(const model::Config& c, Diagnostics& diags) {
  std::map<std::string, const model::ObjectMeta*> seen;
  auto visit = [&](const model::ObjectMeta& m) {
    if (m.name.empty()) {
      return;
    }
    auto [it, inserted] = seen.emplace(objectKey(m), &m);
    if (!inserted) {
      const auto& first = it->second->provenance.location;
      diags.error(locate(m, "metadata.name"),
                  "duplicate " + m.kind + " \"" + m.id() + "\" (first defined at " + first.file +
                      ":" + std::to_string(first.line) + ")",
                  "metadata.name");
    }
  };
  for (const auto& o : c.gateways) visit(o.meta);
  for (const auto& o : c.routes) visit(o.meta);
  for (const auto& o : c.services) visit(o.meta);
  for (const auto& o : c.destinationRules) visit(o.meta);
  for (const auto& o : c.referenceGrants) visit(o.meta);
  for (const auto& o : c.meshServices) visit(o.meta);
  for (const auto& o : c.virtualNodes) visit(o.meta);
}

void checkGatewayApiBackends(const model::Config& c, const model::Route& route, Diagnostics& diags) {
  const bool haveServices = !c.services.empty();
  for (size_t ri = 0; ri < route.rules.size(); ++ri) {
    const auto& rule = route.rules[ri];
    for (size_t bi = 0; bi < rule.backends.size(); ++bi) {
      const auto& b = rule.backends[bi];
      if (!b.isService() || !(b.group.empty() || b.group == "core")) {
        continue;
      }
      Paths p = pathsFor(route, rule.origin.index >= 0 ? rule.origin.index : static_cast<int>(ri), 0,
                         b.origin.index >= 0 ? b.origin.index : static_cast<int>(bi));
      const std::string ns = b.ns.empty() ? route.meta.effectiveNamespace() : b.ns;
      if (ns != route.meta.effectiveNamespace() &&
          !c.referenceGrantAllows(model::routeKindName(route.kind), route.meta.effectiveNamespace(), ns,
                                  b.name)) {
        diags.warning(locate(route.meta, p.backend + ".namespace"),
                      "backend Service \"" + ns + "/" + b.name + "\" is in another namespace and no "
                      "ReferenceGrant in \"" + ns + "\" allows it: its share of traffic gets 500",
                      p.backend);
      }
      const model::Service* svc = haveServices ? c.findService(ns, b.name) : nullptr;
      if (haveServices && !svc) {
        diags.warning(locate(route.meta, p.backend + ".name"),
                      "backend Service \"" + ns + "/" + b.name + "\" is not defined in the loaded "
                      "files: its share of traffic gets 500",
                      p.backend + ".name");
      }
      for (size_t pi = 0; svc && b.port && pi < svc->ports.size(); ++pi) {
        const model::ServicePort& sp = svc->ports[pi];
        if (sp.port == *b.port && sp.appProtocol == "kubernetes.io/wss") {
          diags.warning(locate(route.meta, p.backend + ".port"),
                        "backend Service \"" + ns + "/" + b.name + "\" port " + std::to_string(sp.port) +
                            " has appProtocol kubernetes.io/wss (WebSocket over TLS to the backend), "
                            "which needs backend TLS; RouteDeck does not originate TLS to backends, so "
                            "its share of traffic gets 500",
                        p.backend + ".port");
        }
      }
    }
  }
}

void checkIstioSubsets(const model::Config& c, const model::Route& route, Diagnostics& diags) {
  for (size_t ri = 0; ri < route.rules.size(); ++ri) {
    const auto& rule = route.rules[ri];
    for (size_t bi = 0; bi < rule.backends.size(); ++bi) {
      const auto& b = rule.backends[bi];
      if (!b.subset) {
        continue;
      }
      std::string name, ns = route.meta.effectiveNamespace();
      if (!model::splitServiceHost(b.name, name, ns)) {
        continue;  // external host: no DestinationRule of ours to check
      }
      if (c.hasDestinationRuleFor(name, ns) && !c.subsetLabels(name, ns, *b.subset)) {
        Paths p = pathsFor(route, rule.origin.index >= 0 ? rule.origin.index : static_cast<int>(ri), 0,
                           b.origin.index >= 0 ? b.origin.index : static_cast<int>(bi));
        diags.warning(locate(route.meta, p.backend + ".destination.subset"),
                      "subset \"" + *b.subset + "\" of host \"" + b.name +
                          "\" is not defined by any loaded DestinationRule: requests get 503",
                      p.backend + ".destination.subset");
      }
    }
  }
}

template <typename T>
bool hasObject(const std::vector<T>& list, const std::string& ns, const std::string& name) {
  for (const auto& o : list) {
    if (o.meta.name == name && o.meta.effectiveNamespace() == ns) {
      return true;
    }
  }
  return false;
}

// References to objects of the route dialects themselves. A file may be one
// piece of a larger set, so a reference is only reported as dangling when
// the loaded files hold objects of the referenced kind at all.
void checkReferences(const model::Config& c, Diagnostics& diags) {
  bool gatewayApiGateways = false, istioGateways = false;
  for (const auto& g : c.gateways) {
    gatewayApiGateways = gatewayApiGateways || g.dialect == Dialect::GatewayApi;
    istioGateways = istioGateways || g.dialect == Dialect::Istio;
  }
  bool routers = false;
  for (const auto& r : c.routes) {
    routers = routers || r.kind == RouteKind::VirtualRouter;
  }
  auto warn = [&](const model::ObjectMeta& meta, const std::string& path, const std::string& what) {
    diags.warning(locate(meta, path), what, path);
  };
  for (const auto& route : c.routes) {
    const std::string ns = route.meta.effectiveNamespace();
    for (size_t i = 0; i < route.parents.size(); ++i) {
      const auto& p = route.parents[i];
      const std::string pns = p.ns.empty() ? ns : p.ns;
      const std::string idx = "[" + std::to_string(i) + "]";
      if (route.dialect == Dialect::GatewayApi && gatewayApiGateways &&
          (p.kind.empty() || p.kind == "Gateway") && !c.findGateway(pns, p.name)) {
        warn(route.meta, "spec.parentRefs" + idx + ".name",
             "parent Gateway \"" + pns + "/" + p.name + "\" is not defined in the loaded files");
      } else if (route.dialect == Dialect::Istio && istioGateways && p.name != "mesh" &&
                 !c.findGateway(pns, p.name)) {
        warn(route.meta, "spec.gateways" + idx,
             "gateway \"" + pns + "/" + p.name + "\" is not defined in the loaded files");
      }
    }
    if (route.kind == RouteKind::GatewayRoute && !c.meshServices.empty()) {
      for (const auto& b : route.rules.empty() ? std::vector<model::BackendRef>{} : route.rules[0].backends) {
        const std::string bns = b.ns.empty() ? ns : b.ns;
        if (b.kind == "VirtualService" && !hasObject(c.meshServices, bns, b.name)) {
          warn(route.meta,
               "spec." + appMeshRouteKey(route.protocol) + ".action.target.virtualService.virtualServiceRef.name",
               "VirtualService \"" + bns + "/" + b.name + "\" is not defined in the loaded files");
        }
      }
    }
    if (route.kind == RouteKind::VirtualRouter && !c.virtualNodes.empty()) {
      for (size_t ri = 0; ri < route.rules.size(); ++ri) {
        const auto& rule = route.rules[ri];
        for (size_t bi = 0; bi < rule.backends.size(); ++bi) {
          const auto& b = rule.backends[bi];
          const std::string bns = b.ns.empty() ? ns : b.ns;
          if (b.kind == "VirtualNode" && !hasObject(c.virtualNodes, bns, b.name)) {
            const int r = rule.origin.index >= 0 ? rule.origin.index : static_cast<int>(ri);
            const int t = b.origin.index >= 0 ? b.origin.index : static_cast<int>(bi);
            warn(route.meta,
                 "spec.routes[" + std::to_string(r) + "]." + appMeshRouteKey(rule.protocol) +
                     ".action.weightedTargets[" + std::to_string(t) + "].virtualNodeRef.name",
                 "VirtualNode \"" + bns + "/" + b.name + "\" is not defined in the loaded files");
          }
        }
      }
    }
  }
  for (const auto& vs : c.meshServices) {
    const std::string pns = vs.providerNamespace.empty() ? vs.meta.effectiveNamespace() : vs.providerNamespace;
    if (vs.providerKind == "VirtualRouter" && routers) {
      bool found = false;
      for (const auto& r : c.routes) {
        found = found || (r.kind == RouteKind::VirtualRouter && r.meta.name == vs.providerName &&
                          r.meta.effectiveNamespace() == pns);
      }
      if (!found) {
        warn(vs.meta, "spec.provider.virtualRouter.virtualRouterRef.name",
             "VirtualRouter \"" + pns + "/" + vs.providerName + "\" is not defined in the loaded files");
      }
    } else if (vs.providerKind == "VirtualNode" && !c.virtualNodes.empty() &&
               !hasObject(c.virtualNodes, pns, vs.providerName)) {
      warn(vs.meta, "spec.provider.virtualNode.virtualNodeRef.name",
           "VirtualNode \"" + pns + "/" + vs.providerName + "\" is not defined in the loaded files");
    }
  }
}

}  // namespace

SourceLocation locate(const model::ObjectMeta& meta, const std::string& fieldPath) {
  const auto& doc = meta.provenance.document;
  if (!doc) {
    return meta.provenance.location;
  }
  const yaml::Node* n = doc.get();
  yaml::Mark mark = n->mark();
  size_t i = 0;
  while (i < fieldPath.size() && n) {
    if (fieldPath[i] == '.') {
      ++i;
      continue;
    }
    if (fieldPath[i] == '[') {
      size_t end = fieldPath.find(']', i);
      auto index = strings::parseInt(fieldPath.substr(i + 1, end - i - 1));
      if (!index || !n->isSequence() || *index < 0 || static_cast<size_t>(*index) >= n->size()) {
        break;
      }
      n = &n->items()[*index];
      mark = n->mark();
      i = end + 1;
      continue;
    }
    size_t end = fieldPath.find_first_of(".[", i);
    std::string key = fieldPath.substr(i, end == std::string::npos ? end : end - i);
    const yaml::Node::Entry* e = n->findEntry(key);
    if (!e) {
      break;
    }
    n = &e->value;
    mark = n->mark().line ? n->mark() : e->keyMark;
    i = end == std::string::npos ? fieldPath.size() : end;
  }
  return {meta.provenance.file, mark.line, mark.column};
}

void checkSemantics(const model::Config& config, Diagnostics& diags) {
  checkDuplicates(config, diags);
  checkReferences(config, diags);
  for (const auto& route : config.routes) {
    if (route.dialect == Dialect::Envoy) {
      continue;  // the Envoy importer validates regexes and weights with exact positions
    }
    checkRouteRegexes(route, diags);
    checkWeights(route, diags);
    checkPolicies(route, diags);
    if (route.dialect == Dialect::GatewayApi) {
      checkGatewayApiBackends(config, route, diags);
    } else if (route.dialect == Dialect::Istio) {
      checkIstioSubsets(config, route, diags);
    }
  }
}

}  // namespace routedeck::core::dialects
