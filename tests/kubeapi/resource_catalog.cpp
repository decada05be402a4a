#include "tests/kubeapi/resource_catalog.h"

#include <algorithm>

namespace routedeck::tests::kubeapi {

namespace {

const char* kGatewayApi = "gateway.networking.k8s.io";
const char* kIstio = "networking.istio.io";
const char* kAppMesh = "appmesh.k8s.aws";

ResourceType make(std::string group, std::vector<std::string> versions, std::string kind,
                  std::string plural, bool namespaced, bool status) {
  ResourceType t;
  t.group = std::move(group);
  t.versions = std::move(versions);
  t.kind = std::move(kind);
  t.plural = std::move(plural);
  t.singular = t.kind;
  std::transform(t.singular.begin(), t.singular.end(), t.singular.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  t.namespaced = namespaced;
  t.statusSubresource = status;
  return t;
}

std::vector<ResourceType> gatewayApi() {
  const std::vector<std::string> v1AndBeta{"v1", "v1beta1"};
  std::vector<ResourceType> out;
  auto gw = make(kGatewayApi, v1AndBeta, "Gateway", "gateways", true, true);
  gw.shortNames = {"gtw"};
  gw.columns = {
      {"Class", "string", ".spec.gatewayClassName", "The class of the gateway"},
      {"Address", "string", ".status.addresses[*].value", "The addresses of the gateway"}};
  out.push_back(gw);
  auto route = make(kGatewayApi, v1AndBeta, "HTTPRoute", "httproutes", true, true);
  route.columns = {{"Hostnames", "string", ".spec.hostnames", "The hostnames of the route"}};
  out.push_back(route);
  auto grpc = make(kGatewayApi, {"v1"}, "GRPCRoute", "grpcroutes", true, true);
  grpc.columns = {{"Hostnames", "string", ".spec.hostnames", "The hostnames of the route"}};
  out.push_back(grpc);
  auto grant = make(kGatewayApi, v1AndBeta, "ReferenceGrant", "referencegrants", true, false);
  grant.shortNames = {"refgrant"};
  out.push_back(grant);
  for (auto& t : out) {
    t.categories = {"gateway-api"};
  }
  return out;
}

std::vector<ResourceType> istio() {
  const std::vector<std::string> versions{"v1", "v1beta1", "v1alpha3"};
  auto gw = make(kIstio, versions, "Gateway", "gateways", true, true);
  gw.shortNames = {"gw"};
  auto vs = make(kIstio, versions, "VirtualService", "virtualservices", true, true);
  vs.shortNames = {"vs"};
  vs.columns = {
      {"Gateways", "string", ".spec.gateways",
       "The names of gateways and sidecars that should apply these routes"},
      {"Hosts", "string", ".spec.hosts", "The destination hosts to which traffic is being sent"}};
  auto dr = make(kIstio, versions, "DestinationRule", "destinationrules", true, true);
  dr.shortNames = {"dr"};
  dr.columns = {
      {"Host", "string", ".spec.host", "The name of a service from the service registry"}};
  std::vector<ResourceType> out{gw, vs, dr};
  for (auto& t : out) {
    t.categories = {"istio-io", "networking-istio-io"};
  }
  return out;
}

std::vector<ResourceType> appMesh() {
  const std::vector<std::string> v{"v1beta2"};
  std::vector<ResourceType> out{
      make(kAppMesh, v, "Mesh", "meshes", false, true),
      make(kAppMesh, v, "VirtualGateway", "virtualgateways", true, true),
      make(kAppMesh, v, "GatewayRoute", "gatewayroutes", true, true),
      make(kAppMesh, v, "VirtualRouter", "virtualrouters", true, true),
      make(kAppMesh, v, "VirtualService", "virtualservices", true, true),
      make(kAppMesh, v, "VirtualNode", "virtualnodes", true, true),
  };
  for (auto& t : out) {
    t.categories = {"all"};
  }
  return out;
}

std::vector<ResourceType> core() {
  auto ns = make("", {"v1"}, "Namespace", "namespaces", false, true);
  ns.shortNames = {"ns"};
  ns.columns = {{"Status", "string", ".status.phase", "The phase of the namespace"}};
  auto svc = make("", {"v1"}, "Service", "services", true, true);
  svc.shortNames = {"svc"};
  svc.categories = {"all"};
  svc.columns = {{"Type", "string", ".spec.type", "The type of the service"},
                 {"Cluster-IP", "string", ".spec.clusterIP", "The cluster IP of the service"}};
  auto secret = make("", {"v1"}, "Secret", "secrets", true, false);
  secret.columns = {{"Type", "string", ".type", "The type of the secret"}};
  auto slices = make("discovery.k8s.io", {"v1"}, "EndpointSlice", "endpointslices", true, false);
  slices.columns = {{"AddressType", "string", ".addressType", "The address type of the endpoints"}};
  std::vector<ResourceType> out{ns, svc, secret, slices};
  for (auto& t : out) {
    t.custom = false;
  }
  return out;
}

}  // namespace

bool ResourceType::serves(const std::string& version) const {
  return std::find(versions.begin(), versions.end(), version) != versions.end();
}

const ResourceCatalog& ResourceCatalog::instance() {
  static const ResourceCatalog catalog;
  return catalog;
}

ResourceCatalog::ResourceCatalog() {
  for (auto part : {core(), gatewayApi(), istio(), appMesh()}) {
    for (auto& t : part) {
      m_types.push_back(std::move(t));
    }
  }
}

const ResourceType* ResourceCatalog::find(const std::string& group, const std::string& version,
                                          const std::string& plural) const {
  for (const auto& t : m_types) {
    if (t.group == group && t.plural == plural && t.serves(version)) {
      return &t;
    }
  }
  return nullptr;
}

const ResourceType* ResourceCatalog::findKind(const std::string& apiVersion,
                                              const std::string& kind) const {
  const size_t slash = apiVersion.find('/');
  const std::string group =
      slash == std::string::npos ? std::string() : apiVersion.substr(0, slash);
  const std::string version =
      slash == std::string::npos ? apiVersion : apiVersion.substr(slash + 1);
  for (const auto& t : m_types) {
    if (t.group == group && t.kind == kind && t.serves(version)) {
      return &t;
    }
  }
  return nullptr;
}

std::vector<std::string> ResourceCatalog::groups() const {
  std::vector<std::string> out;
  for (const auto& t : m_types) {
    if (!t.group.empty() && std::find(out.begin(), out.end(), t.group) == out.end()) {
      out.push_back(t.group);
    }
  }
  return out;
}

std::vector<std::string> ResourceCatalog::versions(const std::string& group) const {
  std::vector<std::string> out;
  for (const auto& t : m_types) {
    if (t.group != group) {
      continue;
    }
    for (const auto& v : t.versions) {
      if (std::find(out.begin(), out.end(), v) == out.end()) {
        out.push_back(v);
      }
    }
  }
  return out;
}

}  // namespace routedeck::tests::kubeapi
