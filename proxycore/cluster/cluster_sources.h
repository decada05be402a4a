#pragma once
// What routedeckd serves in a cluster, as workspace sources: the route
// objects a watch delivered, trimmed to what the importers read, plus a
// generated Workspace that binds the listeners of "our" gateways and turns
// EndpointSlices into endpoints. workspace::loadSources() then validates
// and imports them all-or-nothing, as for files.

#include <map>
#include <string>
#include <vector>

#include "proxycore/common/result.h"
#include "proxycore/workspace/workspace.h"

namespace routedeck::core::cluster {

// One object as the API server sent it (JSON).
struct ClusterObject {
  std::string apiVersion;
  std::string kind;
  std::string ns;
  std::string name;
  std::string json;
  std::string resourceVersion;  // from the server; "" for objects built in code
};

struct ClusterScope {
  // Gateway API Gateways whose spec.gatewayClassName is this are served.
  std::string gatewayClass = "routedeck";
  // Istio Gateways whose spec.selector has all these labels are served
  // (e.g. {istio: ingressgateway}); empty: no Istio Gateway is.
  std::map<std::string, std::string> istioSelector;
  // Listeners bind here, on their own port unless portMap says otherwise
  // (a pod that cannot bind :80, or tests on loopback).
  std::string bindAddress = "0.0.0.0";
  std::map<int, int> portMap;
  // A local rehearsal ("run this cluster's routes locally"): every Gateway
  // API and Istio Gateway is served, each (gateway, port) on its own local
  // port counting up from autoPortBase (so two gateways on :80 do not
  // collide), and Services get `localEndpoints` ("ns/name" → "host:port",
  // every port of the Service) instead of the pods' EndpointSlices.
  bool allGateways = false;
  int autoPortBase = 0;
  std::map<std::string, std::string> localEndpoints;
};

struct ClusterSources {
  std::vector<workspace::Source> sources;
  // The gateways that are served, "ns/name".
  std::vector<std::string> gateways;
};

// Objects of a kind RouteDeck does not import are ignored; an object whose
// JSON does not parse is an error naming it.
Result<ClusterSources> buildSources(const std::vector<ClusterObject>& objects, const ClusterScope& scope);

// "HTTPRoute default/web": how diagnostics and logs name an object; also
// the source name of its document, so errors point at the object.
std::string objectName(const ClusterObject& o);

}  // namespace routedeck::core::cluster
