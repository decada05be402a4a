#include "proxycore/dialects/istio/istio.h"
#include "proxycore/dialects/istio/istio_internal.h"

namespace routedeck::core::dialects::istio {

namespace {

using namespace detail;
using yaml::Node;

model::Listener readServer(const Reader& r, const Node& s, int index) {
  model::Listener l;
  l.origin = r.origin(s, index);
  const Node* port = r.map(&s, "port");
  l.port = r.integer(port, "number").value_or(0);
  // port.name is required by the CRD; the fallback keeps editors working
  // on documents that omit it (export does not write it back).
  l.name = r.str(port, "name").value_or("server-" + std::to_string(index));
  l.protocol = toUpper(r.str(port, "protocol").value_or(""));
  l.hostnames = r.strings(&s, "hosts");
  if (const Node* tls = r.map(&s, "tls")) {
    model::TlsSettings t;
    t.mode = r.str(tls, "mode").value_or("");
    t.credentialName = r.str(tls, "credentialName");
    t.serverCertificate = r.str(tls, "serverCertificate");
    t.privateKey = r.str(tls, "privateKey");
    t.caCertificates = r.str(tls, "caCertificates");
    t.subjectAltNames = r.strings(tls, "subjectAltNames");
    t.httpsRedirect = r.boolean(tls, "httpsRedirect").value_or(false);
    l.tls = t;
  }
  return l;
}

model::Gateway readGateway(const Reader& r, model::ObjectMeta meta) {
  model::Gateway g;
  g.dialect = model::Dialect::Istio;
  g.meta = std::move(meta);
  const Node* spec = r.map(&r.document().root, "spec");
  g.selector = r.labels(spec, "selector");
  if (const Node* servers = r.seq(spec, "servers")) {
    for (size_t i = 0; i < servers->size(); ++i) {
      g.listeners.push_back(readServer(r, servers->items()[i], static_cast<int>(i)));
    }
  }
  checkGatewaySpec(r, spec);
  return g;
}

model::Route readVirtualService(const Reader& r, model::ObjectMeta meta) {
  model::Route route;
  route.dialect = model::Dialect::Istio;
  route.kind = model::RouteKind::VirtualService;
  route.meta = std::move(meta);
  const Node* spec = r.map(&r.document().root, "spec");
  route.hostnames = r.strings(spec, "hosts");
  for (const auto& gw : r.strings(spec, "gateways")) {
    route.parents.push_back(parseGatewayRef(gw));
  }
  route.exportTo = r.strings(spec, "exportTo");
  // tcp and tls routes are not modelled; export keeps them from the document.
  if (const Node* http = r.seq(spec, "http")) {
    for (size_t i = 0; i < http->size(); ++i) {
      const std::string path = indexed("spec.http", i);
      const Node& item = http->items()[i];
      route.rules.push_back(readHttpRoute(r, item, static_cast<int>(i), path));
      checkHttpRoute(r, item, path);
    }
  }
  return route;
}

model::DestinationRule readDestinationRule(const Reader& r, model::ObjectMeta meta) {
  model::DestinationRule d;
  d.meta = std::move(meta);
  const Node* spec = r.map(&r.document().root, "spec");
  d.host = r.str(spec, "host").value_or("");
  if (const Node* subsets = r.seq(spec, "subsets")) {
    for (const auto& s : subsets->items()) {
      d.subsets.push_back({r.str(&s, "name").value_or(""), r.labels(&s, "labels")});
    }
  }
  d.exportTo = r.strings(spec, "exportTo");
  checkDestinationRuleSpec(r, spec);
  return d;
}

}  // namespace

void importDocument(const Reader& r, model::Config& out) {
  model::ObjectMeta meta = readMeta(r);
  if (!isIstioNetworkingApi(meta.apiVersion)) {
    out.others.push_back({std::move(meta)});
  } else if (meta.kind == "Gateway") {
    out.gateways.push_back(readGateway(r, std::move(meta)));
  } else if (meta.kind == "VirtualService") {
    out.routes.push_back(readVirtualService(r, std::move(meta)));
  } else if (meta.kind == "DestinationRule") {
    out.destinationRules.push_back(readDestinationRule(r, std::move(meta)));
  } else {
    // ServiceEntry, Sidecar, ...: kept whole so conversions do not drop them.
    out.others.push_back({std::move(meta)});
  }
}

}  // namespace routedeck::core::dialects::istio
