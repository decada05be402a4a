#include "proxycore/cluster/watched_resources.h"

namespace routedeck::core::cluster {

const std::vector<WatchedResource>& watchedResources() {
  static const std::vector<WatchedResource> list = {
      {"gateway.networking.k8s.io", "v1", "Gateway", "gateways", true, false},
      {"gateway.networking.k8s.io", "v1", "HTTPRoute", "httproutes", true, false},
      {"gateway.networking.k8s.io", "v1", "GRPCRoute", "grpcroutes", true, true},
      {"gateway.networking.k8s.io", "v1beta1", "ReferenceGrant", "referencegrants", true, true},
      {"", "v1", "Service", "services", true, false},
      {"", "v1", "Namespace", "namespaces", false, false},
      {"", "v1", "Secret", "secrets", true, false},
      {"discovery.k8s.io", "v1", "EndpointSlice", "endpointslices", true, false},
      {"networking.istio.io", "v1", "Gateway", "gateways", true, true},
      {"networking.istio.io", "v1", "VirtualService", "virtualservices", true, true},
      {"networking.istio.io", "v1", "DestinationRule", "destinationrules", true, true},
      {"appmesh.k8s.aws", "v1beta2", "VirtualGateway", "virtualgateways", true, true},
      {"appmesh.k8s.aws", "v1beta2", "GatewayRoute", "gatewayroutes", true, true},
      {"appmesh.k8s.aws", "v1beta2", "VirtualRouter", "virtualrouters", true, true},
      {"appmesh.k8s.aws", "v1beta2", "VirtualService", "virtualservices", true, true},
      {"appmesh.k8s.aws", "v1beta2", "VirtualNode", "virtualnodes", true, true},
  };
  return list;
}

const std::vector<StatusResource>& writtenStatuses() {
  static const std::vector<StatusResource> list = {
      {"gateway.networking.k8s.io", "httproutes"},
      {"gateway.networking.k8s.io", "grpcroutes"},
  };
  return list;
}

}  // namespace routedeck::core::cluster
