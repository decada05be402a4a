#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "proxycore/model/basics.h"

namespace routedeck::core::model {

struct ServicePort {
  std::string name;
  int port = 0;
  std::optional<int> targetPort;
  std::string protocol;
  std::optional<std::string> appProtocol;
  bool operator==(const ServicePort&) const = default;
};

// Kubernetes Service: the backend identity Gateway API and Istio route to.
struct Service {
  ObjectMeta meta;
  std::string type;  // ClusterIP, ExternalName, ...
  std::optional<std::string> externalName;
  Labels selector;
  std::vector<ServicePort> ports;
  bool operator==(const Service&) const = default;
};

struct Namespace {
  ObjectMeta meta;
  bool operator==(const Namespace&) const = default;
};

struct Subset {
  std::string name;
  Labels labels;
  bool operator==(const Subset&) const = default;
};

// Istio DestinationRule: named subsets of a host's endpoints.
struct DestinationRule {
  ObjectMeta meta;
  std::string host;
  std::vector<Subset> subsets;
  std::vector<std::string> exportTo;
  bool operator==(const DestinationRule&) const = default;
};

struct ReferenceGrantFrom {
  std::string group;
  std::string kind;
  std::string ns;
  bool operator==(const ReferenceGrantFrom&) const = default;
};

struct ReferenceGrantTo {
  std::string group;
  std::string kind;
  std::optional<std::string> name;
  bool operator==(const ReferenceGrantTo&) const = default;
};

// Gateway API ReferenceGrant: lets routes in `from` namespaces reference
// objects in this grant's namespace.
struct ReferenceGrant {
  ObjectMeta meta;
  std::vector<ReferenceGrantFrom> from;
  std::vector<ReferenceGrantTo> to;
  bool operator==(const ReferenceGrant&) const = default;
};

// App Mesh Mesh.
struct Mesh {
  ObjectMeta meta;
  std::optional<LabelSelector> namespaceSelector;
  bool operator==(const Mesh&) const = default;
};

// App Mesh VirtualService: a name that resolves to a VirtualRouter or a VirtualNode.
struct MeshService {
  ObjectMeta meta;
  std::optional<std::string> awsName;
  std::string providerKind;  // VirtualRouter | VirtualNode
  std::string providerName;
  std::string providerNamespace;  // empty = same namespace
  bool operator==(const MeshService&) const = default;
};

struct MeshListener {
  int port = 0;
  std::string protocol;
  // Pairs the listener with its original YAML on export (healthCheck, timeout, tls...).
  Origin origin;
  bool operator==(const MeshListener&) const = default;
};

// App Mesh VirtualNode: a versioned workload that serves traffic.
struct VirtualNode {
  ObjectMeta meta;
  Labels podSelector;
  std::vector<MeshListener> listeners;
  std::optional<std::string> dnsHostname;
  std::optional<std::string> cloudMapService;
  bool operator==(const VirtualNode&) const = default;
};

// A document RouteDeck does not model (Deployment, ServiceAccount, ...).
// Kept so convert and round trips do not drop it.
// Kubernetes Secret (v1). TLS termination reads type kubernetes.io/tls:
// tls.crt, tls.key and, for mutual TLS, ca.crt. Values are the decoded
// bytes of `data` (or `stringData`); they are key material: never log them.
struct Secret {
  ObjectMeta meta;
  std::string type;
  std::map<std::string, std::string> data;
  bool operator==(const Secret&) const = default;
};

struct OtherObject {
  ObjectMeta meta;
  bool operator==(const OtherObject&) const = default;
};

}  // namespace routedeck::core::model
