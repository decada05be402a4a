// Gateway API → Istio: Gateways (and ListenerSets) become Istio Gateways on
// the shared ingress workload, HTTPRoutes and GRPCRoutes become
// VirtualServices whose http[] entries are sorted by Gateway API precedence.

#include <algorithm>

#include "proxycore/dialects/istio/istio.h"
#include "proxycore/dialects/istio/istio_internal.h"

namespace routedeck::core::dialects::istio {

namespace {

using namespace detail;
using yaml::Node;

// Istio reads credentialName from the ingress workload's namespace.
constexpr const char* kIngressNamespace = "istio-system";

std::string serverHost(const model::Listener& l, const std::string& object,
                       const std::string& feature, FidelityReport& report) {
  const std::string host = l.hostnames.empty() ? "*" : l.hostnames.front();
  const std::string from = l.allowedRoutes ? l.allowedRoutes->from : "Same";
  if (l.allowedRoutes && !l.allowedRoutes->kinds.empty()) {
    report.approximate(object, feature + ".allowedRoutes.kinds",
                       "Istio servers accept any VirtualService; route kinds are not restricted");
  }
  if (from == "All") {
    return host;
  }
  if (from == "Selector") {
    report.approximate(object, feature + ".allowedRoutes.namespaces",
                       "Istio cannot select namespaces by label; routes from every namespace "
                       "may bind");
    return host;
  }
  // "./host": only VirtualServices in the Gateway's namespace bind, like Same.
  return "./" + host;
}

std::optional<model::TlsSettings> serverTls(const model::Gateway& g, const model::Listener& l,
                                            const std::string& object, const std::string& feature,
                                            FidelityReport& report) {
  if (!l.tls) {
    return std::nullopt;
  }
  model::TlsSettings t;
  if (l.tls->mode == "Passthrough") {
    t.mode = "PASSTHROUGH";
    return t;
  }
  t.mode = "SIMPLE";
  const auto& certs = l.tls->certificateRefs;
  if (certs.empty()) {
    report.lost(object, feature + ".tls.certificateRefs", "no certificate to terminate with");
    return t;
  }
  t.credentialName = certs.front().name;
  if (certs.size() > 1) {
    report.approximate(object, feature + ".tls.certificateRefs",
                       "only the first certificate (" + certs.front().name + ") is used");
  }
  const std::string secretNs = certs.front().ns.empty() ? g.meta.effectiveNamespace()
                                                        : certs.front().ns;
  if (secretNs != kIngressNamespace) {
    report.approximate(object, feature + ".tls.certificateRefs",
                       "Istio reads Secret " + certs.front().name +
                           " from the ingress workload's namespace (istio-system by default), "
                           "not from " + secretNs);
  }
  return t;
}

model::Gateway translateGateway(const model::Gateway& g, FidelityReport& report) {
  const std::string object = objectName(g.isListenerSet() ? "ListenerSet" : "Gateway", g.meta);
  model::Gateway out;
  out.dialect = model::Dialect::Istio;
  out.meta = translatedMeta(g.meta, kApiVersion, "Gateway");
  out.selector = {{kDefaultSelectorKey, kDefaultSelectorValue}};
  report.approximate(object, g.isListenerSet() ? "parentRef" : "gatewayClassName",
                     g.isListenerSet()
                         ? "becomes its own Istio Gateway on the shared ingress workload"
                         : "Istio Gateways configure the existing ingress workload "
                           "(istio=ingressgateway) instead of provisioning one for class " +
                               g.gatewayClassName);
  for (size_t i = 0; i < g.listeners.size(); ++i) {
    const model::Listener& l = g.listeners[i];
    const std::string feature = indexed("listeners", i);
    if (l.protocol == "UDP") {
      report.lost(object, feature, "Istio Gateways do not serve UDP");
      continue;
    }
    model::Listener s;
    s.name = l.name;
    s.port = l.port;
    s.protocol = l.protocol;
    s.hostnames = {serverHost(l, object, feature, report)};
    s.tls = serverTls(g, l, object, feature, report);
    out.listeners.push_back(s);
    report.exact(object, feature);
  }
  return out;
}

void translateParents(const model::Route& r, const std::string& object, model::Route& vs,
                      FidelityReport& report) {
  bool mesh = false;
  for (size_t i = 0; i < r.parents.size(); ++i) {
    const model::ParentRef& p = r.parents[i];
    const std::string feature = indexed("parentRefs", i);
    const std::string ns = p.ns.empty() ? r.meta.effectiveNamespace() : p.ns;
    if (p.kind == "Service") {
      // GAMMA: the route applies to calls to the Service inside the mesh.
      mesh = true;
      vs.hostnames.push_back(p.name + "." + ns + ".svc.cluster.local");
      if (p.port) {
        report.approximate(object, feature + ".port", "applies to every port of the Service");
      }
      continue;
    }
    if (!p.kind.empty() && p.kind != "Gateway" && p.kind != "ListenerSet") {
      report.lost(object, feature, "parent kind " + p.kind + " has no Istio form");
      continue;
    }
    model::ParentRef ref;
    ref.ns = ns;
    ref.name = p.name;
    if (std::find(vs.parents.begin(), vs.parents.end(), ref) == vs.parents.end()) {
      vs.parents.push_back(ref);
    }
    if (p.sectionName || p.port) {
      report.approximate(object, feature + (p.sectionName ? ".sectionName" : ".port"),
                         "a VirtualService binds to every server of gateway " + ns + "/" + p.name +
                             "; its hosts decide where it applies");
    }
  }
  if (mesh) {
    model::ParentRef m;
    m.name = "mesh";
    vs.parents.push_back(m);
  }
}

struct TranslatedRoute {
  bool ok = false;
  model::Route vs;
  std::vector<bool> derivePort;
};

TranslatedRoute translateRoute(const model::Route& r, FidelityReport& report) {
  const std::string object = objectName(model::routeKindName(r.kind), r.meta);
  TranslatedRoute t;
  t.ok = true;
  t.vs.dialect = model::Dialect::Istio;
  t.vs.kind = model::RouteKind::VirtualService;
  t.vs.meta = translatedMeta(r.meta, kApiVersion, "VirtualService");
  t.vs.hostnames = r.hostnames;
  translateParents(r, object, t.vs, report);
  if (t.vs.parents.empty()) {
    // Without gateways a VirtualService applies to every sidecar in the mesh.
    report.lost(object, "parentRefs",
                "no Gateway or Service parent: not translated, as a VirtualService without "
                "gateways would apply to the whole mesh");
    t.ok = false;
    return t;
  }
  if (t.vs.hostnames.empty()) {
    t.vs.hostnames = {"*"};
  }
  std::vector<HttpEntry> entries = gatewayApiRulesToHttp(r, object, report);
  // Istio takes the first match; sorting by precedence makes that the one
  // Gateway API would pick. Stable: ties keep rule order, as Gateway API does.
  std::stable_sort(entries.begin(), entries.end(),
                   [](const HttpEntry& a, const HttpEntry& b) { return a.key < b.key; });
  for (auto& e : entries) {
    t.vs.rules.push_back(std::move(e.rule));
    t.derivePort.push_back(e.derivePort);
  }
  return t;
}

bool hostsIntersect(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.empty() || b.empty()) {
    return true;
  }
  auto covers = [](const std::string& wild, const std::string& host) {
    return wild.starts_with("*.") && host.ends_with(wild.substr(1));
  };
  for (const auto& x : a) {
    for (const auto& y : b) {
      if (x == y || covers(x, y) || covers(y, x)) {
        return true;
      }
    }
  }
  return false;
}

// Gateway API orders matches across all routes of a listener; Istio merges
// VirtualServices that share a gateway and host in creation order.
void reportSharedHosts(const std::vector<const model::Route*>& routes, FidelityReport& report) {
  for (size_t j = 1; j < routes.size(); ++j) {
    for (size_t i = 0; i < j; ++i) {
      const model::Route& a = *routes[i];
      const model::Route& b = *routes[j];
      for (const auto& pa : a.parents) {
        const bool shared = std::any_of(b.parents.begin(), b.parents.end(), [&](const auto& pb) {
          auto nsOf = [](const model::Route& r, const model::ParentRef& p) {
            return p.ns.empty() ? r.meta.effectiveNamespace() : p.ns;
          };
          return pa.kind == pb.kind && pa.name == pb.name && nsOf(a, pa) == nsOf(b, pb);
        });
        if (shared && hostsIntersect(a.hostnames, b.hostnames)) {
          report.approximate(objectName(model::routeKindName(b.kind), b.meta), "precedence",
                             "shares parent " + pa.name + " and a hostname with " +
                                 objectName(model::routeKindName(a.kind), a.meta) +
                                 ": Istio merges the VirtualServices in creation order instead "
                                 "of ordering their matches together");
          break;
        }
      }
    }
  }
}

}  // namespace

void fromGatewayApi(const model::Config& config, std::vector<Node>& out, FidelityReport& report) {
  for (const auto& g : config.gateways) {
    if (g.dialect == model::Dialect::GatewayApi) {
      out.push_back(writeGateway(translateGateway(g, report)));
    }
  }
  std::vector<const model::Route*> translated;
  for (const auto& r : config.routes) {
    if (r.dialect != model::Dialect::GatewayApi ||
        (r.kind != model::RouteKind::HTTPRoute && r.kind != model::RouteKind::GRPCRoute)) {
      continue;
    }
    const TranslatedRoute t = translateRoute(r, report);
    if (!t.ok) {
      continue;
    }
    Node doc = writeVirtualService(t.vs);
    Node* http = doc.find("spec") ? doc.find("spec")->find("http") : nullptr;
    for (size_t i = 0; http && i < t.derivePort.size() && i < http->size(); ++i) {
      if (t.derivePort[i]) {
        child(http->items()[i], "redirect").set("derivePort", Node::str("FROM_PROTOCOL_DEFAULT"));
      }
    }
    out.push_back(std::move(doc));
    translated.push_back(&r);
  }
  reportSharedHosts(translated, report);
  for (const auto& g : config.referenceGrants) {
    report.approximate(objectName("ReferenceGrant", g.meta), "spec",
                       "Istio does not check ReferenceGrants; cross-namespace references work "
                       "without one");
  }
}

}  // namespace routedeck::core::dialects::istio
