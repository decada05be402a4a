#include "proxycore/dialects/dialect.h"

#include "proxycore/common/strings.h"
#include "proxycore/dialects/appmesh/appmesh.h"
#include "proxycore/dialects/envoy/envoy.h"
#include "proxycore/dialects/gatewayapi/gatewayapi.h"
#include "proxycore/dialects/istio/istio.h"
#include "proxycore/dialects/kubernetes/kubernetes.h"

namespace routedeck::core::dialects {

DocumentKind classify(const std::string& apiVersion, const std::string& kind) {
  const std::string group = apiVersion.find('/') == std::string::npos
                                ? std::string()
                                : apiVersion.substr(0, apiVersion.find('/'));
  if (group == "gateway.networking.k8s.io") {
    return DocumentKind::GatewayApi;
  }
  if (group == "networking.istio.io") {
    return DocumentKind::Istio;
  }
  if (group == "appmesh.k8s.aws") {
    return DocumentKind::AppMesh;
  }
  if (group == "routedeck.dev" && kind == "Workspace") {
    return DocumentKind::Workspace;
  }
  if (!apiVersion.empty() && !kind.empty()) {
    return DocumentKind::Kubernetes;
  }
  return DocumentKind::Unknown;
}

void importDocument(const yaml::Document& doc, model::Config& out, Diagnostics& diags) {
  Reader r(doc, diags);
  if (!doc.root.isMap()) {
    diags.error(r.at(doc.root), std::string("expected a Kubernetes object (a mapping), got ") +
                                    doc.root.typeName());
    return;
  }
  if (envoy::isRouteConfiguration(doc.root)) {
    envoy::importDocument(r, out);
    return;
  }
  const std::string apiVersion = r.str(&doc.root, "apiVersion").value_or("");
  const std::string kind = r.str(&doc.root, "kind").value_or("");
  if (apiVersion.empty() || kind.empty()) {
    diags.error(r.at(doc.root), "document has no apiVersion/kind; not a Kubernetes object",
                apiVersion.empty() ? "apiVersion" : "kind");
    return;
  }
  switch (classify(apiVersion, kind)) {
    case DocumentKind::GatewayApi:
      gatewayapi::importDocument(r, out);
      break;
    case DocumentKind::Istio:
      istio::importDocument(r, out);
      break;
    case DocumentKind::AppMesh:
      appmesh::importDocument(r, out);
      break;
    case DocumentKind::Kubernetes:
    case DocumentKind::Unknown:
    case DocumentKind::Workspace:
      kubernetes::importDocument(r, out);
      break;
  }
}

namespace {
// Envoy reaches Istio and App Mesh through its Gateway API translation.
bool hasEnvoy(const model::Config& config) {
  for (const auto& g : config.gateways) {
    if (g.dialect == model::Dialect::Envoy) {
      return true;
    }
  }
  return false;
}
}  // namespace

std::vector<yaml::Node> exportConfig(const model::Config& config, model::Dialect target,
                                     FidelityReport& report) {
  std::vector<yaml::Node> out;
  kubernetes::exportDocuments(config, out);
  switch (target) {
    case model::Dialect::GatewayApi:
      gatewayapi::exportOwn(config, out);
      istio::toGatewayApi(config, out, report);
      appmesh::toGatewayApi(config, out, report);
      envoy::toGatewayApi(config, out, report);
      break;
    case model::Dialect::Istio:
      istio::exportOwn(config, out);
      istio::fromGatewayApi(config, out, report);
      appmesh::toIstio(config, out, report);
      if (hasEnvoy(config)) {
        istio::fromGatewayApi(envoy::envoyAsGatewayApi(config, report), out, report);
      }
      break;
    case model::Dialect::AppMesh:
      appmesh::exportOwn(config, out);
      appmesh::fromOtherDialects(config, out, report);
      if (hasEnvoy(config)) {
        appmesh::fromOtherDialects(envoy::envoyAsGatewayApi(config, report), out, report);
      }
      break;
    case model::Dialect::Envoy:
      report.lost("*", "export", envoy::exportRefusal());
      return {};
    case model::Dialect::Kubernetes:
    case model::Dialect::RouteDeck:
      break;
  }
  return out;
}

std::vector<yaml::Node> exportNative(const model::Config& config) {
  std::vector<yaml::Node> out;
  kubernetes::exportDocuments(config, out);
  gatewayapi::exportOwn(config, out);
  istio::exportOwn(config, out);
  appmesh::exportOwn(config, out);
  return out;
}

}  // namespace routedeck::core::dialects
