#include "proxycore/common/strings.h"
#include "proxycore/dialects/istio/istio.h"
#include "proxycore/dialects/istio/istio_internal.h"

namespace routedeck::core::dialects::istio {

namespace detail {

namespace {

using yaml::Node;

Node writeTls(const model::TlsSettings& t, Node n) {
  setOrErase(n, "mode", t.mode.empty() ? std::nullopt : std::optional(t.mode));
  setOrErase(n, "credentialName", t.credentialName);
  setOrErase(n, "serverCertificate", t.serverCertificate);
  setOrErase(n, "privateKey", t.privateKey);
  setOrErase(n, "caCertificates", t.caCertificates);
  setStrings(n, "subjectAltNames", t.subjectAltNames);
  // false is Istio's default: keep an explicit `false`, do not add one.
  const Node* old = n.find("httpsRedirect");
  if (t.httpsRedirect || (old && old->asBool() == false)) {
    setOrErase(n, "httpsRedirect", std::optional(t.httpsRedirect));
  } else {
    n.erase("httpsRedirect");
  }
  return n;
}

Node writeServer(const model::Listener& l, Node s) {
  Node& port = child(s, "port");
  setOrErase(port, "number", std::optional(l.port));
  const bool synthesized = !port.has("name") && l.origin.index >= 0 &&
                           l.name == "server-" + std::to_string(l.origin.index);
  if (!synthesized) {
    std::string name = l.name;
    if (name.empty()) {
      // port.name is required by the CRD.
      name = strings::toLower(l.protocol.empty() ? "http" : l.protocol) + "-" +
             std::to_string(l.port);
    }
    setOrErase(port, "name", std::optional(name));
  }
  // The model upper-cases protocols; keep the user's spelling when equal.
  const Node* oldProtocol = port.find("protocol");
  if (!(oldProtocol && oldProtocol->isScalar() && strings::iequals(oldProtocol->text(), l.protocol))) {
    setOrErase(port, "protocol", l.protocol.empty() ? std::nullopt : std::optional(l.protocol));
  }
  // A listener built in code without hostnames accepts any host.
  const bool fresh = l.origin.index < 0 && !s.has("hosts");
  setStrings(s, "hosts",
             l.hostnames.empty() && fresh ? std::vector<std::string>{"*"} : l.hostnames);
  if (l.tls) {
    const Node* old = s.find("tls");
    s.set("tls", writeTls(*l.tls, old && old->isMap() ? *old : Node::map()));
  } else {
    s.erase("tls");
  }
  return s;
}

}  // namespace

Node writeGateway(const model::Gateway& g) {
  Node doc = startDocument(g.meta, kApiVersion, "Gateway");
  Node& spec = child(doc, "spec");
  const Node original = spec;
  setLabels(spec, "selector", g.selector);
  Node servers = Node::sequence();
  for (const auto& l : g.listeners) {
    servers.push(writeServer(l, baseItem(&original, "servers", l.origin.index)));
  }
  setSequence(spec, "servers", std::move(servers));
  return doc;
}

Node writeVirtualService(const model::Route& r) {
  Node doc = startDocument(r.meta, kApiVersion, "VirtualService");
  Node& spec = child(doc, "spec");
  const Node original = spec;
  setStrings(spec, "hosts", r.hostnames);
  std::vector<std::string> gateways;
  for (const auto& p : r.parents) {
    gateways.push_back(gatewayRefText(p));
  }
  setStrings(spec, "gateways", gateways);
  setStrings(spec, "exportTo", r.exportTo);
  Node http = Node::sequence();
  for (const auto& rule : r.rules) {
    http.push(writeHttpRoute(rule, baseItem(&original, "http", rule.origin.index)));
  }
  setSequence(spec, "http", std::move(http));
  return doc;
}

Node writeDestinationRule(const model::DestinationRule& d) {
  Node doc = startDocument(d.meta, kApiVersion, "DestinationRule");
  Node& spec = child(doc, "spec");
  const Node original = spec;
  setOrErase(spec, "host", std::optional(d.host));
  // Subsets carry no list index; names are unique, so pair by name to keep
  // each subset's trafficPolicy.
  const Node* oldSubsets = original.find("subsets");
  Node subsets = Node::sequence();
  for (const auto& s : d.subsets) {
    Node item = Node::map();
    if (oldSubsets && oldSubsets->isSequence()) {
      for (const auto& o : oldSubsets->items()) {
        const Node* name = o.find("name");
        if (o.isMap() && name && name->isScalar() && name->text() == s.name) {
          item = o;
          break;
        }
      }
    }
    setOrErase(item, "name", std::optional(s.name));
    setLabels(item, "labels", s.labels);
    subsets.push(std::move(item));
  }
  setSequence(spec, "subsets", std::move(subsets));
  setStrings(spec, "exportTo", d.exportTo);
  return doc;
}

}  // namespace detail

void exportOwn(const model::Config& config, std::vector<yaml::Node>& out) {
  for (const auto& g : config.gateways) {
    if (g.dialect == model::Dialect::Istio) {
      out.push_back(detail::writeGateway(g));
    }
  }
  for (const auto& r : config.routes) {
    if (r.dialect == model::Dialect::Istio) {
      out.push_back(detail::writeVirtualService(r));
    }
  }
  for (const auto& d : config.destinationRules) {
    out.push_back(detail::writeDestinationRule(d));
  }
}

}  // namespace routedeck::core::dialects::istio
