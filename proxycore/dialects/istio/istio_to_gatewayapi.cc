// Istio → Gateway API: Gateways become Gateways of class "istio" with one
// listener per (server, host), VirtualServices become HTTPRoutes (GAMMA for
// mesh routing), DestinationRules have no counterpart. The documents are
// written by the Gateway API writer so both paths produce the same YAML.

#include <algorithm>
#include <set>

#include "proxycore/dialects/gatewayapi/gatewayapi.h"
#include "proxycore/dialects/istio/istio.h"
#include "proxycore/dialects/istio/istio_internal.h"

namespace routedeck::core::dialects::istio {

namespace {

using namespace detail;
using yaml::Node;

// HTTPRoute allows at most 16 rules.
constexpr size_t kMaxRules = 16;

const Node* specOf(const model::ObjectMeta& meta) {
  return meta.provenance.document ? meta.provenance.document->find("spec") : nullptr;
}

// Keys of the original document the model does not hold: they cannot carry over.
void reportExtraKeys(const Node* map, const std::set<std::string>& modelled,
                     const std::string& object, const std::string& feature,
                     FidelityReport& report) {
  if (!map || !map->isMap()) {
    return;
  }
  for (const auto& e : map->entries()) {
    if (!modelled.count(e.key)) {
      report.lost(object, feature + (feature.empty() ? "" : ".") + e.key,
                  "no Gateway API equivalent");
    }
  }
}

void reportUnmodelledHttp(const model::Route& vs, const std::string& object,
                          FidelityReport& report) {
  const Node* spec = specOf(vs.meta);
  for (const char* key : {"tcp", "tls"}) {
    if (spec && spec->has(key)) {
      report.lost(object, key, std::string("use a ") + (key[1] == 'c' ? "TCPRoute" : "TLSRoute"));
    }
  }
  const Node* http = spec ? spec->find("http") : nullptr;
  for (size_t i = 0; http && http->isSequence() && i < http->size(); ++i) {
    const Node& h = http->items()[i];
    const std::string f = indexed("http", i);
    reportExtraKeys(&h,
                    {"name", "match", "route", "redirect", "rewrite", "directResponse", "headers",
                     "mirror", "mirrorPercentage", "mirrorPercent", "mirror_percent", "mirrors",
                     "timeout", "retries", "fault", "corsPolicy"},
                    object, f, report);
    if (const Node* m = h.find("match"); m && m->isSequence()) {
      for (size_t j = 0; j < m->size(); ++j) {
        reportExtraKeys(&m->items()[j],
                        {"name", "uri", "headers", "withoutHeaders", "queryParams", "method",
                         "authority", "scheme", "port", "ignoreUriCase"},
                        object, indexed(f + ".match", j), report);
      }
    }
    reportExtraKeys(h.find("retries"), {"attempts", "perTryTimeout", "retryOn", "backoff"}, object,
                    f + ".retries", report);
    reportExtraKeys(h.find("corsPolicy"),
                    {"allowOrigins", "allowOrigin", "allowMethods", "allowHeaders",
                     "exposeHeaders", "maxAge", "allowCredentials"},
                    object, f + ".corsPolicy", report);
    if (const Node* red = h.find("redirect"); red && red->has("derivePort")) {
      report.approximate(object, f + ".redirect.derivePort",
                         "Gateway API derives the port from the scheme when one is set");
    }
  }
}

void translateVsParents(const model::Route& vs, const std::string& object, model::Route& out,
                        FidelityReport& report) {
  bool mesh = vs.parents.empty();
  for (const auto& p : vs.parents) {
    if (p.ns.empty() && p.name == "mesh") {
      mesh = true;
      continue;
    }
    model::ParentRef ref;
    ref.name = p.name;
    ref.ns = p.ns;
    if (auto legacy = serviceOf(p.name); p.ns.empty() && legacy && !legacy->ns.empty()) {
      // Legacy "name.namespace.svc.cluster.local" gateway reference.
      ref.name = legacy->name;
      ref.ns = legacy->ns;
    }
    if (ref.ns == vs.meta.effectiveNamespace()) {
      ref.ns.clear();
    }
    out.parents.push_back(ref);
  }
  if (!mesh) {
    return;
  }
  report.approximate(object, "gateways",
                     "mesh routing becomes GAMMA (parentRef kind Service); the mesh must "
                     "implement GAMMA");
  for (const auto& host : vs.hostnames) {
    auto svc = serviceOf(host);
    if (!svc) {
      report.lost(object, "hosts",
                  host + " is not a Kubernetes Service: mesh routing to it has no Gateway API form");
      continue;
    }
    model::ParentRef ref;
    ref.kind = "Service";
    ref.name = svc->name;
    ref.ns = svc->ns == vs.meta.effectiveNamespace() ? "" : svc->ns;
    out.parents.push_back(ref);
  }
}

std::vector<model::Route> vsToHttpRoutes(const model::Route& vs, const model::Config& config,
                                         FidelityReport& report) {
  const std::string object = objectName("VirtualService", vs.meta);
  reportUnmodelledHttp(vs, object, report);
  model::Route base;
  base.dialect = model::Dialect::GatewayApi;
  base.kind = model::RouteKind::HTTPRoute;
  base.meta = translatedMeta(vs.meta, kGatewayApiVersion, "HTTPRoute");
  translateVsParents(vs, object, base, report);
  const bool gatewayBound = std::any_of(base.parents.begin(), base.parents.end(),
                                        [](const auto& p) { return p.kind.empty(); });
  bool any = false;
  for (const auto& h : vs.hostnames) {
    any = any || h == "*";
    if (gatewayBound && h != "*") {
      base.hostnames.push_back(h);
    }
  }
  if (any && gatewayBound) {
    base.hostnames.clear();
    report.approximate(object, "hosts",
                       "\"*\" becomes no hostnames: any hostname the listener accepts");
  }
  if (!vs.exportTo.empty()) {
    report.lost(object, "exportTo", "route visibility is set by each Gateway's allowedRoutes");
  }
  std::vector<model::RouteRule> rules = httpToGatewayApiRules(vs, config, object, report);
  std::vector<model::Route> out;
  for (size_t first = 0; first < rules.size(); first += kMaxRules) {
    model::Route r = base;
    if (first > 0) {
      r.meta.name += "-" + std::to_string(first / kMaxRules + 1);
    }
    r.rules.assign(rules.begin() + static_cast<long>(first),
                   rules.begin() + static_cast<long>(std::min(rules.size(), first + kMaxRules)));
    out.push_back(std::move(r));
  }
  if (out.size() > 1) {
    report.approximate(object, "http",
                       "split into " + std::to_string(out.size()) +
                           " HTTPRoutes of at most 16 rules; equal-precedence ties across them "
                           "go by creation time and name, not list order");
  }
  return out;
}

void reportDestinationRule(const model::DestinationRule& d, FidelityReport& report) {
  const std::string object = objectName("DestinationRule", d.meta);
  if (!d.subsets.empty()) {
    const model::Subset& s = d.subsets.front();
    report.lost(object, "subsets",
                "Gateway API has no subsets: create one Service per subset (e.g. \"" +
                    dnsLabel(d.host.substr(0, d.host.find('.')) + "-" + s.name) +
                    "\" selecting its labels) and route to it");
  }
  const Node* spec = specOf(d.meta);
  if (spec && spec->has("trafficPolicy")) {
    report.lost(object, "trafficPolicy",
                "load balancing, connection pools, outlier detection and TLS origination have "
                "no Gateway API form (BackendTLSPolicy covers TLS origination)");
  }
  if (!d.exportTo.empty()) {
    report.lost(object, "exportTo", "no Gateway API equivalent");
  }
}

// The Gateway API writer omits an empty parentRef group, which would mean
// gateway.networking.k8s.io; a Service parent needs the core group spelled out.
void fixServiceParents(Node& doc) {
  Node* spec = doc.find("spec");
  Node* parents = spec ? spec->find("parentRefs") : nullptr;
  if (!parents || !parents->isSequence()) {
    return;
  }
  for (auto& p : parents->items()) {
    const Node* kind = p.find("kind");
    if (kind && kind->isScalar() && kind->text() == "Service" && !p.has("group")) {
      p.set("group", Node::str(""));
    }
  }
}

}  // namespace

void toGatewayApi(const model::Config& config, std::vector<Node>& out, FidelityReport& report) {
  model::Config translated;
  for (const auto& g : config.gateways) {
    if (g.dialect != model::Dialect::Istio) {
      continue;
    }
    GatewayApiGateway t = gatewayToGatewayApi(g, report);
    translated.gateways.push_back(std::move(t.gateway));
    for (auto& r : t.redirectRoutes) {
      translated.routes.push_back(std::move(r));
    }
  }
  for (const auto& r : config.routes) {
    if (r.dialect == model::Dialect::Istio) {
      for (auto& h : vsToHttpRoutes(r, config, report)) {
        translated.routes.push_back(std::move(h));
      }
    }
  }
  for (const auto& d : config.destinationRules) {
    reportDestinationRule(d, report);
  }
  if (translated.gateways.empty() && translated.routes.empty()) {
    return;
  }
  // The translated objects have no provenance: the Gateway API writer
  // starts them from fresh documents.
  const size_t first = out.size();
  gatewayapi::exportOwn(translated, out);
  for (size_t i = first; i < out.size(); ++i) {
    fixServiceParents(out[i]);
  }
}

}  // namespace routedeck::core::dialects::istio
