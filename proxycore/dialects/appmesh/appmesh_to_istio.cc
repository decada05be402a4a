// App Mesh → Istio. Each VirtualGateway becomes an Istio Gateway plus ONE
// VirtualService holding every GatewayRoute attached to it: Istio evaluates
// http[] in order and merges several VirtualServices for one host in an
// unspecified order, so a single list is what reproduces App Mesh priorities
// exactly. VirtualServices backed by a VirtualRouter become mesh
// VirtualServices for their Service host.

#include <algorithm>

#include "proxycore/dialects/appmesh/appmesh.h"
#include "proxycore/dialects/appmesh/appmesh_istio_rules.h"
#include "proxycore/dialects/appmesh/appmesh_translate.h"

namespace routedeck::core::dialects::appmesh {

namespace {

using namespace detail;
using yaml::Node;

constexpr const char* kIstioApi = "networking.istio.io/v1beta1";

Node writeServer(const model::Gateway& vg, const model::Listener& l, FidelityReport& report) {
  const std::string object = "VirtualGateway " + vg.meta.id();
  const std::string mode = l.tls ? l.tls->mode : "DISABLED";
  const bool tls = mode == "STRICT" || mode == "PERMISSIVE";
  Node port = Node::map();
  port.set("number", Node::fromInt(l.port));
  port.set("name", Node::str(l.name));
  port.set("protocol", Node::str(tls ? "HTTPS" : l.protocol.empty() ? "HTTP" : l.protocol));
  Node server = Node::map();
  server.set("port", std::move(port));
  Node hosts = Node::sequence();
  hosts.push(Node::str("*"));
  server.set("hosts", std::move(hosts));
  if (tls) {
    const model::TlsSettings& from = *l.tls;
    const std::string feature = "spec.listeners[" + std::to_string(l.origin.index) + "].tls";
    // validation.trust is a client CA: Istio's MUTUAL.
    const bool mutual = from.caCertificates || from.clientCaSecretName;
    const bool files = from.serverCertificate && from.privateKey;
    const std::string secret = from.credentialName.value_or(vg.meta.name + "-tls");
    Node t = Node::map();
    t.set("mode", Node::str(mutual ? "MUTUAL" : "SIMPLE"));
    if (files) {
      t.set("serverCertificate", Node::str(*from.serverCertificate));
      t.set("privateKey", Node::str(*from.privateKey));
    } else {
      t.set("credentialName", Node::str(secret));
    }
    if (from.caCertificates) {
      t.set("caCertificates", Node::str(*from.caCertificates));
    }
    if (!from.subjectAltNames.empty()) {
      setStrings(t, "subjectAltNames", from.subjectAltNames);
    }
    server.set("tls", std::move(t));
    const std::string source = files ? "certificate files " + *from.serverCertificate
                                     : "credential " + secret + " (create it from the App Mesh certificate source)";
    report.approximate(object, feature,
                       "TLS terminates with " + source +
                           (mode == "PERMISSIVE" ? "; PERMISSIVE mode's plaintext is no longer "
                                                   "accepted on this port"
                                                 : ""));
    if (from.clientCaSecretName) {
      report.approximate(object, feature + ".validation.trust.sds",
                         "the client CA of SDS secret " + *from.clientCaSecretName +
                             " must be the ca.crt of " + (files ? std::string("a caCertificates file") : "credential " + secret));
    }
  }
  return server;
}

Node writeGateway(const model::Gateway& vg, FidelityReport& report) {
  const std::string object = "VirtualGateway " + vg.meta.id();
  Node doc =
      newDocument(kIstioApi, "Gateway", translatedMeta(vg.meta.name, vg.meta.ns, vg.meta.labels));
  Node& spec = child(doc, "spec");
  Node selector = Node::map();
  selector.set("istio", Node::str("ingressgateway"));
  spec.set("selector", std::move(selector));
  report.approximate(object, "spec.podSelector",
                     "the Istio Gateway selects istio: ingressgateway (the default ingress "
                     "deployment) instead of the App Mesh gateway pods");
  Node servers = Node::sequence();
  for (const auto& l : vg.listeners) {
    servers.push(writeServer(vg, l, report));
  }
  spec.set("servers", std::move(servers));
  report.exact(object, "kind", "VirtualGateway → Gateway " + vg.meta.id());
  return doc;
}

Node writeVirtualService(const std::string& name, const std::string& ns,
                         const model::Labels& labels, Node hosts, Node gateways, Node http) {
  Node doc = newDocument(kIstioApi, "VirtualService", translatedMeta(name, ns, labels));
  Node& spec = child(doc, "spec");
  spec.set("hosts", std::move(hosts));
  if (gateways.size() > 0) {
    spec.set("gateways", std::move(gateways));
  }
  spec.set("http", std::move(http));
  return doc;
}

}  // namespace

void toIstio(const model::Config& config, std::vector<yaml::Node>& out, FidelityReport& report) {
  if (!hasAppMeshObjects(config)) {
    return;
  }
  const Composition comp = compose(config, report);
  for (const auto* g : comp.gateways) {
    out.push_back(writeGateway(*g, report));
    Node http = Node::sequence();
    int routes = 0;
    for (const auto& cr : comp.gatewayRoutes) {
      if (std::find(cr.gateways.begin(), cr.gateways.end(), g) == cr.gateways.end()) {
        continue;
      }
      ++routes;
      for (auto& entry : writeHttpEntries(cr, report)) {
        http.push(std::move(entry));
      }
      report.exact(cr.object, "spec.priority",
                   "an http[] block of VirtualService " + g->meta.id() +
                       "; first-match order keeps App Mesh priority order");
    }
    if (routes == 0) {
      continue;
    }
    Node hosts = Node::sequence();
    hosts.push(Node::str("*"));
    Node gateways = Node::sequence();
    gateways.push(Node::str(g->meta.name));
    out.push_back(writeVirtualService(g->meta.name, g->meta.ns, g->meta.labels, std::move(hosts),
                                      std::move(gateways), std::move(http)));
  }
  for (const auto& cr : comp.gatewayRoutes) {
    if (cr.gateways.empty()) {
      report.lost(cr.object, "attachment",
                  "no loaded VirtualGateway selects this route; nothing to bind it to in Istio");
    }
  }
  for (const auto& cr : comp.meshRoutes) {
    Node hosts = Node::sequence();
    hosts.push(Node::str(serviceFqdn(cr.serviceRef)));
    Node http = Node::sequence();
    for (auto& entry : writeHttpEntries(cr, report)) {
      http.push(std::move(entry));
    }
    out.push_back(writeVirtualService(cr.name, cr.metaNs, cr.labels, std::move(hosts),
                                      Node::sequence(), std::move(http)));
    report.exact(cr.object, "kind",
                 cr.object + " → mesh VirtualService for " + serviceFqdn(cr.serviceRef));
  }
  reportUnmodelled(config, "Istio", report);
}

}  // namespace routedeck::core::dialects::appmesh
