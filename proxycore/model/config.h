#pragma once

#include <optional>
#include <string>
#include <vector>

#include "proxycore/model/gateway.h"
#include "proxycore/model/objects.h"
#include "proxycore/model/route.h"

namespace routedeck::core::model {

struct Endpoint {
  std::string address;  // host:port
  Labels labels;
  bool operator==(const Endpoint&) const = default;
};

// Workspace: which local address serves a gateway listener.
struct ListenerBinding {
  std::string gateway;  // ns/name
  std::string listener;
  std::string bind;     // host:port
  Origin origin;        // the binding's "gateway" field in the workspace
  bool operator==(const ListenerBinding&) const = default;
};

// Workspace: concrete endpoints for a Service port or an App Mesh VirtualNode.
struct EndpointSet {
  std::string service;  // ns/name (Service) or ns/name (VirtualNode)
  std::optional<int> port;
  std::vector<Endpoint> endpoints;
  bool operator==(const EndpointSet&) const = default;
};

// Everything loaded from a set of files: the objects of all three dialects
// side by side, each keeping its own dialect's semantics. It is plain data;
// router::RouteTable::compile() turns it into the immutable runtime form.
struct Config {
  std::vector<Gateway> gateways;
  std::vector<Route> routes;
  std::vector<Service> services;
  std::vector<Namespace> namespaces;
  std::vector<DestinationRule> destinationRules;
  std::vector<ReferenceGrant> referenceGrants;
  std::vector<Mesh> meshes;
  std::vector<MeshService> meshServices;
  std::vector<VirtualNode> virtualNodes;
  std::vector<OtherObject> others;

  std::vector<ListenerBinding> listenerBindings;
  std::vector<EndpointSet> serviceEndpoints;
  std::vector<EndpointSet> virtualNodeEndpoints;

  bool operator==(const Config&) const = default;
  void append(Config&& other);

  const Gateway* findGateway(const std::string& ns, const std::string& name) const;
  const Service* findService(const std::string& ns, const std::string& name) const;
  const Namespace* findNamespace(const std::string& name) const;
  // Gateway API: does a ReferenceGrant in `serviceNamespace` let a route of
  // `routeKind` in `routeNamespace` reference core Service `serviceName`?
  bool referenceGrantAllows(const std::string& routeKind, const std::string& routeNamespace,
                            const std::string& serviceNamespace,
                            const std::string& serviceName) const;
};

}  // namespace routedeck::core::model
