#pragma once

#include <optional>
#include <string>
#include <vector>

#include "proxycore/model/gateway.h"
#include "proxycore/model/objects.h"
#include "proxycore/model/route.h"

namespace routedeck::core::model {

// Splits a Kubernetes service host ("name", "name.ns", "name.ns.svc[.domain]")
// into name and namespace; ns is left as passed when the host has none.
// Returns false for any other host (an external name).
bool splitServiceHost(const std::string& host, std::string& name, std::string& ns);

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

// Workspace: active HTTP health check of a Service's endpoints. An endpoint
// leaves the rotation after `unhealthyThreshold` failed probes in a row and
// returns after `healthyThreshold` good ones; a probe is good when GET `path`
// answers 200..399 within `timeout` (as Kubernetes httpGet probes judge).
struct HealthCheck {
  std::string path = "/";
  Duration interval = Duration::fromMillis(10000);
  Duration timeout = Duration::fromMillis(1000);
  int unhealthyThreshold = 3;
  int healthyThreshold = 2;
  bool operator==(const HealthCheck&) const = default;
};

// Workspace: concrete endpoints for a Service port or an App Mesh VirtualNode.
struct EndpointSet {
  std::string service;  // ns/name (Service) or ns/name (VirtualNode)
  std::optional<int> port;
  std::vector<Endpoint> endpoints;
  std::optional<HealthCheck> healthCheck;
  bool operator==(const EndpointSet&) const = default;
};

// Workspace: trace sampling for requests whose caller did not decide (a
// traceparent's sampled flag or a B3 sampling state is followed as is).
struct TraceSampling {
  std::string route;  // [Kind/]ns/name[#rule]
  double percent = 0;
  Origin origin;
  bool operator==(const TraceSampling&) const = default;
};

struct TracingSettings {
  std::optional<double> percent;       // default of every route; the proxy's own default when unset
  std::vector<TraceSampling> routes;  // the first entry that names a rule's route wins
  bool operator==(const TracingSettings&) const = default;
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
  std::vector<Secret> secrets;
  std::vector<OtherObject> others;

  std::vector<ListenerBinding> listenerBindings;
  std::vector<EndpointSet> serviceEndpoints;
  std::vector<EndpointSet> virtualNodeEndpoints;
  std::optional<TracingSettings> tracing;

  bool operator==(const Config&) const = default;
  void append(Config&& other);

  const Gateway* findGateway(const std::string& ns, const std::string& name) const;
  const Service* findService(const std::string& ns, const std::string& name) const;
  const Namespace* findNamespace(const std::string& name) const;
  const Secret* findSecret(const std::string& ns, const std::string& name) const;
  // Istio: the DestinationRules whose host is Service `name` in `ns`, and the
  // labels subset `subset` of it selects (nullopt when none defines it).
  bool hasDestinationRuleFor(const std::string& name, const std::string& ns) const;
  std::optional<Labels> subsetLabels(const std::string& name, const std::string& ns,
                                     const std::string& subset) const;
  // Gateway API: does a ReferenceGrant in `serviceNamespace` let a route of
  // `routeKind` in `routeNamespace` reference core Service `serviceName`?
  bool referenceGrantAllows(const std::string& routeKind, const std::string& routeNamespace,
                            const std::string& serviceNamespace,
                            const std::string& serviceName) const;
};

}  // namespace routedeck::core::model
