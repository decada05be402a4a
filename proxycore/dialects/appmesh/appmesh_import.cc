#include "proxycore/dialects/appmesh/appmesh.h"
#include "proxycore/dialects/appmesh/appmesh_internal.h"

namespace routedeck::core::dialects::appmesh {

namespace {

using namespace detail;
using yaml::Node;

std::optional<model::LabelSelector> readSelector(const Reader& r, const Node* spec,
                                                 std::string_view key) {
  const Node* n = r.map(spec, key);
  if (!n) {
    return std::nullopt;
  }
  return model::LabelSelector{r.labels(n, "matchLabels")};
}

model::Mesh readMesh(const Reader& r, model::ObjectMeta meta) {
  model::Mesh m;
  m.meta = std::move(meta);
  m.namespaceSelector = readSelector(r, r.map(&r.document().root, "spec"), "namespaceSelector");
  return m;
}

std::optional<model::TlsSettings> readListenerTls(const Reader& r, const Node& listener, size_t index) {
  const Node* tls = r.map(&listener, "tls");
  if (!tls) {
    return std::nullopt;
  }
  model::TlsSettings t;
  t.mode = r.str(tls, "mode").value_or("");
  const Node* cert = r.map(tls, "certificate");
  const Node* file = r.map(cert, "file");
  t.serverCertificate = r.str(file, "certificateChain");
  t.privateKey = r.str(file, "privateKey");
  // An SDS secret is a named credential, which is what credentialName means.
  t.credentialName = r.str(r.map(cert, "sds"), "secretName");
  // validation.trust: the CA that client certificates must chain to, which
  // makes the listener mutual TLS.
  const Node* validation = r.map(tls, "validation");
  const Node* trust = r.map(validation, "trust");
  t.caCertificates = r.str(r.map(trust, "file"), "certificateChain");
  t.clientCaSecretName = r.str(r.map(trust, "sds"), "secretName");
  const Node* sans = r.map(validation, "subjectAlternativeNames");
  t.subjectAltNames = r.strings(r.map(sans, "match"), "exact");
  if (const Node* mode = tls->find("mode"); mode && t.mode == "PERMISSIVE") {
    r.warning(*mode,
              "PERMISSIVE accepts TLS and plaintext on one port; routedeckd serves this listener "
              "with TLS only and plaintext clients are refused",
              "spec.listeners[" + std::to_string(index) + "].tls.mode");
  }
  return t;
}

model::Gateway readVirtualGateway(const Reader& r, model::ObjectMeta meta) {
  model::Gateway g;
  g.dialect = model::Dialect::AppMesh;
  g.meta = std::move(meta);
  const Node* spec = r.map(&r.document().root, "spec");
  g.namespaceSelector = readSelector(r, spec, "namespaceSelector");
  g.gatewayRouteSelector = readSelector(r, spec, "gatewayRouteSelector");
  g.selector = r.labels(r.map(spec, "podSelector"), "matchLabels");
  if (const Node* ls = r.seq(spec, "listeners")) {
    for (size_t i = 0; i < ls->size(); ++i) {
      const Node& l = ls->items()[i];
      model::Listener lis;
      lis.origin = r.origin(l, static_cast<int>(i));
      const Node* pm = r.map(&l, "portMapping");
      lis.port = r.integer(pm, "port").value_or(0);
      const std::string protocol = r.str(pm, "protocol").value_or("");
      lis.protocol = upper(protocol);
      // App Mesh listeners are unnamed; a port-based name survives reordering
      // and is a valid Gateway API sectionName.
      lis.name = lis.port > 0 && !protocol.empty()
                     ? lower(protocol) + "-" + std::to_string(lis.port)
                     : "listener-" + std::to_string(i);
      lis.tls = readListenerTls(r, l, i);
      g.listeners.push_back(std::move(lis));
    }
  }
  return g;
}

model::MeshService readVirtualService(const Reader& r, model::ObjectMeta meta) {
  model::MeshService s;
  s.meta = std::move(meta);
  const Node* spec = r.map(&r.document().root, "spec");
  s.awsName = r.str(spec, "awsName");
  const Node* provider = r.map(spec, "provider");
  const Node* router = r.map(provider, "virtualRouter");
  const Node* node = r.map(provider, "virtualNode");
  if (router && node) {
    r.error(*provider, "provider takes one of virtualRouter or virtualNode, not both",
            "spec.provider");
  }
  if (router) {
    if (const Node* ref = r.map(router, "virtualRouterRef")) {
      s.providerKind = "VirtualRouter";
      s.providerName = r.str(ref, "name").value_or("");
      s.providerNamespace = r.str(ref, "namespace").value_or("");
    } else if (auto arn = r.str(router, "virtualRouterARN")) {
      s.providerKind = "VirtualRouterARN";
      s.providerName = *arn;
    }
  } else if (node) {
    if (const Node* ref = r.map(node, "virtualNodeRef")) {
      s.providerKind = "VirtualNode";
      s.providerName = r.str(ref, "name").value_or("");
      s.providerNamespace = r.str(ref, "namespace").value_or("");
    } else if (auto arn = r.str(node, "virtualNodeARN")) {
      s.providerKind = "VirtualNodeARN";
      s.providerName = *arn;
    }
  }
  return s;
}

model::VirtualNode readVirtualNode(const Reader& r, model::ObjectMeta meta) {
  model::VirtualNode n;
  n.meta = std::move(meta);
  const Node* spec = r.map(&r.document().root, "spec");
  n.podSelector = r.labels(r.map(spec, "podSelector"), "matchLabels");
  if (const Node* ls = r.seq(spec, "listeners")) {
    for (size_t i = 0; i < ls->size(); ++i) {
      const Node& l = ls->items()[i];
      const Node* pm = r.map(&l, "portMapping");
      n.listeners.push_back({r.integer(pm, "port").value_or(0), r.str(pm, "protocol").value_or(""),
                             r.origin(l, static_cast<int>(i))});
    }
  }
  const Node* discovery = r.map(spec, "serviceDiscovery");
  n.dnsHostname = r.str(r.map(discovery, "dns"), "hostname");
  n.cloudMapService = r.str(r.map(discovery, "awsCloudMap"), "serviceName");
  return n;
}

}  // namespace

void importDocument(const Reader& r, model::Config& out) {
  model::ObjectMeta meta = readMeta(r);
  const std::string kind = meta.kind;
  if (kind == "Mesh") {
    out.meshes.push_back(readMesh(r, std::move(meta)));
  } else if (kind == "VirtualGateway") {
    out.gateways.push_back(readVirtualGateway(r, std::move(meta)));
  } else if (kind == "GatewayRoute") {
    out.routes.push_back(readGatewayRoute(r, std::move(meta)));
  } else if (kind == "VirtualRouter") {
    out.routes.push_back(readVirtualRouter(r, std::move(meta)));
  } else if (kind == "VirtualService") {
    out.meshServices.push_back(readVirtualService(r, std::move(meta)));
  } else if (kind == "VirtualNode") {
    out.virtualNodes.push_back(readVirtualNode(r, std::move(meta)));
  } else {
    out.others.push_back({std::move(meta)});
  }
}

}  // namespace routedeck::core::dialects::appmesh
