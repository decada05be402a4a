// App Mesh → Gateway API. Each VirtualGateway becomes a Gateway, each
// GatewayRoute an HTTPRoute (GRPCRoute for grpcRoute) holding the composed
// chain behind it, and each VirtualService backed by a VirtualRouter a GAMMA
// route (parentRef: the Service) for in-mesh callers. Gateway API orders
// rules by match specificity, not by list position, so App Mesh priorities are
// reproduced only where specificity agrees; the rest is reported.

#include <algorithm>
#include <set>

#include "proxycore/dialects/appmesh/appmesh.h"
#include "proxycore/dialects/appmesh/appmesh_gatewayapi_rules.h"
#include "proxycore/dialects/appmesh/appmesh_translate.h"

namespace routedeck::core::dialects::appmesh {

namespace {

using namespace detail;
using yaml::Node;

constexpr const char* kGatewayApi = "gateway.networking.k8s.io/v1";
// Placeholder class: the user picks their Gateway API implementation's.
constexpr const char* kGatewayClass = "routedeck";

Node writeListener(const model::Gateway& vg, const model::Listener& l, FidelityReport& report) {
  const std::string object = "VirtualGateway " + vg.meta.id();
  const std::string feature = "spec.listeners[" + std::to_string(l.origin.index) + "]";
  Node out = Node::map();
  out.set("name", Node::str(l.name));
  out.set("port", Node::fromInt(l.port));
  const std::string mode = l.tls ? l.tls->mode : "DISABLED";
  const bool tls = mode == "STRICT" || mode == "PERMISSIVE";
  out.set("protocol", Node::str(tls ? "HTTPS" : "HTTP"));
  if (l.protocol == "HTTP2") {
    report.approximate(object, feature + ".portMapping.protocol",
                       "http2 listener written as HTTP; HTTP/2 towards clients (h2c or ALPN) "
                       "depends on the Gateway API implementation");
  }
  if (tls) {
    const std::string secret = l.tls->credentialName.value_or(vg.meta.name + "-tls");
    Node t = Node::map();
    t.set("mode", Node::str("Terminate"));
    Node refs = Node::sequence();
    Node ref = Node::map();
    ref.set("name", Node::str(secret));
    refs.push(std::move(ref));
    t.set("certificateRefs", std::move(refs));
    out.set("tls", std::move(t));
    report.approximate(object, feature + ".tls",
                       "TLS terminates with certificate Secret " + secret +
                           " (create it from the App Mesh certificate source)" +
                           (mode == "PERMISSIVE" ? "; PERMISSIVE mode's plaintext is no longer "
                                                   "accepted on this port"
                                                 : ""));
  }
  if (vg.namespaceSelector) {
    Node nss = Node::map();
    if (vg.namespaceSelector->matchLabels.empty()) {
      nss.set("from", Node::str("All"));
    } else {
      nss.set("from", Node::str("Selector"));
      Node sel = Node::map();
      setLabels(sel, "matchLabels", vg.namespaceSelector->matchLabels);
      nss.set("selector", std::move(sel));
    }
    Node allowed = Node::map();
    allowed.set("namespaces", std::move(nss));
    out.set("allowedRoutes", std::move(allowed));
  }
  return out;
}

Node writeGateway(const model::Gateway& vg, FidelityReport& report) {
  const std::string object = "VirtualGateway " + vg.meta.id();
  Node doc =
      newDocument(kGatewayApi, "Gateway", translatedMeta(vg.meta.name, vg.meta.ns, vg.meta.labels));
  Node& spec = child(doc, "spec");
  spec.set("gatewayClassName", Node::str(kGatewayClass));
  report.approximate(object, "gatewayClassName",
                     std::string("placeholder class \"") + kGatewayClass +
                         "\": set the class of your Gateway API implementation");
  Node listeners = Node::sequence();
  for (const auto& l : vg.listeners) {
    listeners.push(writeListener(vg, l, report));
  }
  spec.set("listeners", std::move(listeners));
  if (vg.gatewayRouteSelector) {
    report.exact(object, "spec.gatewayRouteSelector",
                 "the selected GatewayRoutes carry a parentRef to this Gateway");
  }
  report.exact(object, "kind", "VirtualGateway → Gateway " + vg.meta.id());
  return doc;
}

Node parentRefs(const ComposedRoute& cr, FidelityReport& report) {
  Node refs = Node::sequence();
  for (const auto* g : cr.gateways) {
    Node ref = Node::map();
    ref.set("name", Node::str(g->meta.name));
    if (g->meta.effectiveNamespace() != cr.ns) {
      ref.set("namespace", Node::str(g->meta.effectiveNamespace()));
    }
    if (cr.listenerPort) {
      if (const model::Listener* l = listenerForPort(*g, cr.listenerPort)) {
        ref.set("sectionName", Node::str(l->name));
      } else {
        report.approximate(cr.object, "match.port",
                           "VirtualGateway " + g->meta.id() + " has no listener on port " +
                               std::to_string(*cr.listenerPort) + "; attached to all listeners");
      }
    }
    refs.push(std::move(ref));
  }
  return refs;
}

Node hostnames(const ComposedRoute& cr, FidelityReport& report) {
  Node out = Node::sequence();
  if (!cr.hostname) {
    return out;
  }
  if (cr.hostname->type == model::StringMatchType::Exact) {
    out.push(Node::str(cr.hostname->value));
    return out;
  }
  std::string suffix = cr.hostname->value;
  if (!suffix.starts_with(".")) {
    suffix = "." + suffix;
  }
  out.push(Node::str("*" + suffix));
  report.approximate(cr.object, "match.hostname.suffix",
                     "written as *" + suffix +
                         ": Gateway API wildcards match whole labels, App "
                         "Mesh suffixes any host ending in " +
                         cr.hostname->value);
  return out;
}

Node writeRoute(const ComposedRoute& cr, bool mesh, FidelityReport& report) {
  const bool grpc = cr.protocol == "grpc";
  const std::string& name = cr.name;
  Node doc = newDocument(kGatewayApi, grpc ? "GRPCRoute" : "HTTPRoute",
                         translatedMeta(name, cr.metaNs, cr.labels));
  Node& spec = child(doc, "spec");
  if (mesh) {
    // GAMMA: a route whose parent is the Service applies to in-mesh callers.
    Node ref = Node::map();
    ref.set("group", Node::str(""));
    ref.set("kind", Node::str("Service"));
    ref.set("name", Node::str(cr.serviceRef.name));
    if (cr.serviceRef.ns != cr.ns) {
      ref.set("namespace", Node::str(cr.serviceRef.ns));
    }
    Node refs = Node::sequence();
    refs.push(std::move(ref));
    spec.set("parentRefs", std::move(refs));
  } else {
    spec.set("parentRefs", parentRefs(cr, report));
    if (Node hosts = hostnames(cr, report); hosts.size() > 0) {
      spec.set("hostnames", std::move(hosts));
    }
  }
  Node rules = Node::sequence();
  bool untimed = false;
  for (const auto& rule : cr.rules) {
    rules.push(grpc ? writeGrpcRule(cr, rule, report) : writeHttpRule(cr, rule, report));
    untimed = untimed || !rule.timeouts.request;
  }
  spec.set("rules", std::move(rules));
  if (untimed && !cr.rules.empty()) {
    report.approximate(cr.object, "timeout.perRequest",
                       "rules without a per-request timeout: App Mesh's Envoy ends requests "
                       "after 15 s by default, Gateway API sets no timeout unless "
                       "timeouts.request is given");
  }
  report.exact(cr.object, "kind",
               cr.object + " → " + (grpc ? "GRPCRoute " : "HTTPRoute ") + cr.ns + "/" + name +
                   " (" + std::to_string(cr.rules.size()) + " rules)");
  return doc;
}

}  // namespace

void toGatewayApi(const model::Config& config, std::vector<yaml::Node>& out,
                  FidelityReport& report) {
  if (!hasAppMeshObjects(config)) {
    return;
  }
  const Composition comp = compose(config, report);
  for (const auto* g : comp.gateways) {
    out.push_back(writeGateway(*g, report));
  }
  std::set<std::string> names;
  for (const auto& cr : comp.gatewayRoutes) {
    out.push_back(writeRoute(cr, false, report));
    names.insert(cr.ns + "/" + cr.name);
  }
  reportPrecedence(comp.gatewayRoutes, report);
  for (const auto& cr : comp.meshRoutes) {
    ComposedRoute mesh = cr;
    // A GatewayRoute may already own the name in that namespace.
    if (names.count(mesh.ns + "/" + mesh.name)) {
      mesh.name += "-mesh";
    }
    out.push_back(writeRoute(mesh, true, report));
  }
  reportPrecedence(comp.meshRoutes, report);
  reportUnmodelled(config, "Gateway API", report);
}

}  // namespace routedeck::core::dialects::appmesh
