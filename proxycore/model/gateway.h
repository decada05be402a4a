#pragma once

#include <optional>
#include <string>
#include <vector>

#include "proxycore/model/basics.h"

namespace routedeck::core::model {

struct CertificateRef {
  std::string group;
  std::string kind;  // empty = Secret
  std::string name;
  std::string ns;
  bool operator==(const CertificateRef&) const = default;
};

struct TlsSettings {
  // Gateway API Terminate/Passthrough; Istio SIMPLE/MUTUAL/PASSTHROUGH/...;
  // App Mesh STRICT/PERMISSIVE.
  std::string mode;
  std::vector<CertificateRef> certificateRefs;
  std::optional<std::string> credentialName;  // Istio
  std::optional<std::string> serverCertificate;
  std::optional<std::string> privateKey;
  // Istio MUTUAL: client CA bundle file; App Mesh validation.trust.file.
  std::optional<std::string> caCertificates;
  // App Mesh validation.trust.sds.secretName: the client CA from SDS.
  std::optional<std::string> clientCaSecretName;
  // Client certificate names (exact): Istio MUTUAL subjectAltNames, App
  // Mesh validation.subjectAlternativeNames.match.exact.
  std::vector<std::string> subjectAltNames;
  bool httpsRedirect = false;  // Istio
  bool operator==(const TlsSettings&) const = default;
};

struct AllowedRoutes {
  std::string from = "Same";  // Same | All | Selector
  LabelSelector selector;
  std::vector<std::string> kinds;
  bool operator==(const AllowedRoutes&) const = default;
};

struct Listener {
  std::string name;
  int port = 0;
  // HTTP | HTTPS | GRPC | HTTP2 | TLS | TCP (upper-case in the model).
  std::string protocol;
  // Gateway API hostname (one) or Istio hosts (several, may be "ns/host").
  std::vector<std::string> hostnames;
  std::optional<TlsSettings> tls;
  std::optional<AllowedRoutes> allowedRoutes;
  Origin origin;
  bool operator==(const Listener&) const = default;
};

// Gateway API Gateway, Istio Gateway or App Mesh VirtualGateway.
struct Gateway {
  Dialect dialect = Dialect::GatewayApi;
  ObjectMeta meta;
  std::string gatewayClassName;
  // Istio workload selector; App Mesh VirtualGateway podSelector.matchLabels
  // (both pick the pods that run the gateway).
  Labels selector;
  // App Mesh: which namespaces' / which GatewayRoutes attach.
  std::optional<LabelSelector> namespaceSelector;
  std::optional<LabelSelector> gatewayRouteSelector;
  std::vector<Listener> listeners;
  // Gateway API ListenerSet (meta.kind "ListenerSet"): the Gateway it adds
  // listeners to. Routes attach to it with parentRef kind ListenerSet.
  std::optional<std::string> parentGatewayNamespace;
  std::optional<std::string> parentGatewayName;
  // Gateway API spec.allowedListeners.namespaces.from (None when absent).
  std::optional<std::string> allowedListenersFrom;
  bool operator==(const Gateway&) const = default;
  bool isListenerSet() const { return meta.kind == "ListenerSet" || meta.kind == "XListenerSet"; }
};

}  // namespace routedeck::core::model
