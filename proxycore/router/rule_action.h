#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "proxycore/model/config.h"
#include "proxycore/router/decision.h"

namespace routedeck::core::router {

// What a rule does that does not depend on the request, resolved once at
// compile time; decisions view it instead of rebuilding it per request.
struct RuleAction {
  RouteRefView ref;
  // Resolved backends (validity, endpoints). Empty for App Mesh
  // GatewayRoutes: their chain decides.
  std::vector<BackendChoice> backends;
  std::vector<BackendChoice> mirrors;
  // The rule's references to the one backend that takes all traffic, whose
  // per-backend filters apply (Gateway API); empty otherwise.
  std::vector<const model::BackendRef*> soleBackendRefs;
  // The rule's header changes followed by those of soleBackendRefs.
  model::HeaderModifier requestHeaders;
  model::HeaderModifier responseHeaders;
  // App Mesh GatewayRoute: the VirtualService its target names; null when
  // it is not defined.
  const model::MeshService* meshTarget = nullptr;
};

// Resolves backend references against a config with lookups built once, so
// compiling N rules against S Services costs O(N + S), not O(N * S).
class BackendResolver {
 public:
  explicit BackendResolver(const model::Config& config);

  RuleAction resolve(const model::Route& route, int rule) const;
  // The backend an App Mesh VirtualService with a VirtualNode provider sends
  // to, on `port` (a GatewayRoute target's; nullopt when entered in-mesh).
  BackendChoice meshNode(const model::MeshService& vs, std::optional<int> port) const;

 private:
  void attachEndpoints(BackendChoice& b) const;
  // Sets b.protocol (backend_protocol.cc); `grpcRoute`: it is a GRPCRoute's.
  void attachProtocol(BackendChoice& b, bool grpcRoute) const;
  BackendChoice gatewayApiBackend(const model::Route& route, const model::BackendRef& b) const;

  const model::Config& m_config;
  std::unordered_map<std::string, const model::Service*> m_services;  // "ns/name"
  std::unordered_map<std::string, std::vector<const model::EndpointSet*>> m_serviceEndpoints;
  std::unordered_map<std::string, std::vector<const model::EndpointSet*>> m_nodeEndpoints;
  std::unordered_map<std::string, const model::VirtualNode*> m_virtualNodes;  // "ns/name"
};

}  // namespace routedeck::core::router
