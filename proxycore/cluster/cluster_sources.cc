#include "proxycore/cluster/cluster_sources.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

namespace routedeck::core::cluster {

namespace {

using nlohmann::json;

// Group of an apiVersion ("" for core v1).
std::string groupOf(const std::string& apiVersion) {
  const size_t slash = apiVersion.find('/');
  return slash == std::string::npos ? std::string() : apiVersion.substr(0, slash);
}

bool imported(const std::string& group, const std::string& kind) {
  static const std::set<std::pair<std::string, std::string>> kinds = {
      {"gateway.networking.k8s.io", "Gateway"},        {"gateway.networking.k8s.io", "HTTPRoute"},
      {"gateway.networking.k8s.io", "GRPCRoute"},      {"gateway.networking.k8s.io", "ReferenceGrant"},
      {"networking.istio.io", "Gateway"},              {"networking.istio.io", "VirtualService"},
      {"networking.istio.io", "DestinationRule"},      {"appmesh.k8s.aws", "VirtualGateway"},
      {"appmesh.k8s.aws", "GatewayRoute"},             {"appmesh.k8s.aws", "VirtualRouter"},
      {"appmesh.k8s.aws", "VirtualService"},           {"appmesh.k8s.aws", "VirtualNode"},
      {"", "Service"},                                 {"", "Namespace"},
      {"", "Secret"}};
  return kinds.count({group, kind}) > 0;
}

// The object as a route file would hold it: the server's bookkeeping
// (uid, resourceVersion, managedFields, status) is not part of a route.
json trimmed(const json& obj) {
  json out = json::object();
  out["apiVersion"] = obj.value("apiVersion", "");
  out["kind"] = obj.value("kind", "");
  json meta = json::object();
  const json& m = obj.contains("metadata") ? obj["metadata"] : json::object();
  for (const char* key : {"name", "namespace", "labels", "annotations", "creationTimestamp"}) {
    if (m.contains(key)) meta[key] = m[key];
  }
  if (meta.contains("annotations")) meta["annotations"].erase("kubectl.kubernetes.io/last-applied-configuration");
  out["metadata"] = meta;
  for (const char* key : {"spec", "data", "stringData", "type"}) {
    if (obj.contains(key)) out[key] = obj[key];
  }
  return out;
}

std::string nsName(const json& obj) {
  const json& m = obj["metadata"];
  return m.value("namespace", "default") + "/" + m.value("name", "");
}

struct Served {
  json listeners = json::array();
  std::vector<std::string> gateways;
  std::map<std::pair<std::string, int>, int> autoPorts;  // (gateway, port) → local port
};

int mappedPort(Served& s, const ClusterScope& scope, const std::string& gateway, int port) {
  if (scope.autoPortBase > 0) {
    auto [it, added] = s.autoPorts.emplace(std::make_pair(gateway, port), 0);
    if (added) it->second = scope.autoPortBase + static_cast<int>(s.autoPorts.size()) - 1;
    return it->second;
  }
  auto it = scope.portMap.find(port);
  return it == scope.portMap.end() ? port : it->second;
}

void bindListener(Served& s, const ClusterScope& scope, const std::string& gateway, const std::string& listener,
                  int port) {
  s.listeners.push_back({{"gateway", gateway},
                         {"listener", listener},
                         {"bind", scope.bindAddress + ":" + std::to_string(mappedPort(s, scope, gateway, port))}});
}

void serveGatewayApi(Served& s, const ClusterScope& scope, const json& gw) {
  const json& spec = gw.contains("spec") ? gw["spec"] : json::object();
  if (!scope.allGateways && spec.value("gatewayClassName", "") != scope.gatewayClass) return;
  s.gateways.push_back(nsName(gw));
  for (const auto& l : spec.value("listeners", json::array())) {
    if (l.contains("name") && l.contains("port") && l["port"].is_number_integer()) {
      bindListener(s, scope, nsName(gw), l["name"].get<std::string>(), l["port"].get<int>());
    }
  }
}

void serveIstio(Served& s, const ClusterScope& scope, const json& gw) {
  if (scope.istioSelector.empty() && !scope.allGateways) return;
  const json& spec = gw.contains("spec") ? gw["spec"] : json::object();
  const json selector = spec.value("selector", json::object());
  for (const auto& [k, v] : scope.istioSelector) {
    if (!scope.allGateways && (!selector.contains(k) || selector[k] != v)) return;
  }
  s.gateways.push_back(nsName(gw));
  const json servers = spec.value("servers", json::array());
  for (size_t i = 0; i < servers.size(); ++i) {
    const json port = servers[i].value("port", json::object());
    if (!port.contains("number") || !port["number"].is_number_integer()) continue;
    // The importer names a server's listener after its port (see istio_import.cc).
    const std::string name = port.value("name", "server-" + std::to_string(i));
    bindListener(s, scope, nsName(gw), name, port["number"].get<int>());
  }
}

// EndpointSlices → the workspace's services: for each Service port, the
// ready addresses of its slices at the slice port with the same name.
json endpointSets(const std::vector<json>& services, const std::vector<json>& slices) {
  json out = json::array();
  for (const auto& svc : services) {
    const std::string ns = svc["metadata"].value("namespace", "default");
    const std::string name = svc["metadata"].value("name", "");
    const json ports = svc.contains("spec") ? svc["spec"].value("ports", json::array()) : json::array();
    for (const auto& sp : ports) {
      if (!sp.contains("port") || !sp["port"].is_number_integer()) continue;
      const std::string portName = sp.value("name", "");
      json endpoints = json::array();
      std::set<std::string> seen;
      for (const auto& slice : slices) {
        const json& sm = slice["metadata"];
        const json labels = sm.value("labels", json::object());
        if (sm.value("namespace", "default") != ns || labels.value("kubernetes.io/service-name", "") != name) {
          continue;
        }
        int target = 0;
        for (const auto& p : slice.value("ports", json::array())) {
          if (p.value("name", "") == portName && p.contains("port") && p["port"].is_number_integer()) {
            target = p["port"].get<int>();
          }
        }
        if (target == 0) continue;
        const bool v6 = slice.value("addressType", "IPv4") == "IPv6";
        for (const auto& ep : slice.value("endpoints", json::array())) {
          // Kubernetes: a missing ready condition means ready.
          const json cond = ep.value("conditions", json::object());
          if (cond.contains("ready") && cond["ready"].is_boolean() && !cond["ready"].get<bool>()) continue;
          for (const auto& a : ep.value("addresses", json::array())) {
            if (!a.is_string()) continue;
            const std::string addr = (v6 ? "[" + a.get<std::string>() + "]" : a.get<std::string>()) + ":" +
                                     std::to_string(target);
            if (seen.insert(addr).second) endpoints.push_back({{"address", addr}});
          }
        }
      }
      if (!endpoints.empty()) {
        out.push_back({{"service", ns + "/" + name}, {"port", sp["port"]}, {"endpoints", endpoints}});
      }
    }
  }
  return out;
}

// A local run: each mapped Service's ports all go to its one local address.
json localSets(const std::vector<json>& services, const std::map<std::string, std::string>& local) {
  json out = json::array();
  for (const auto& svc : services) {
    const std::string id = svc["metadata"].value("namespace", "default") + "/" + svc["metadata"].value("name", "");
    auto it = local.find(id);
    if (it == local.end()) continue;
    const json ports = svc.contains("spec") ? svc["spec"].value("ports", json::array()) : json::array();
    for (const auto& sp : ports) {
      if (!sp.contains("port") || !sp["port"].is_number_integer()) continue;
      out.push_back({{"service", id}, {"port", sp["port"]}, {"endpoints", json::array({{{"address", it->second}}})}});
    }
  }
  return out;
}

}  // namespace

std::string objectName(const ClusterObject& o) {
  return o.kind + " " + (o.ns.empty() ? std::string() : o.ns + "/") + o.name;
}

Result<ClusterSources> buildSources(const std::vector<ClusterObject>& objects, const ClusterScope& scope) {
  ClusterSources out;
  Served served;
  std::vector<json> services, slices;
  for (const auto& o : objects) {
    const std::string group = groupOf(o.apiVersion);
    const bool slice = group == "discovery.k8s.io" && o.kind == "EndpointSlice";
    if (!slice && !imported(group, o.kind)) continue;
    json obj = json::parse(o.json, nullptr, false);
    if (obj.is_discarded() || !obj.is_object() || !obj.contains("metadata") || !obj["metadata"].is_object()) {
      return makeError(ErrorCode::Parse, objectName(o) + ": the API server's answer is not a JSON object with metadata");
    }
    if (slice) {
      slices.push_back(std::move(obj));
      continue;
    }
    if (o.kind == "Gateway" && group == "gateway.networking.k8s.io") serveGatewayApi(served, scope, obj);
    if (o.kind == "Gateway" && group == "networking.istio.io") serveIstio(served, scope, obj);
    if (o.kind == "Gateway") {
      // Other controllers' gateways are not ours to serve, nor to fail on.
      const std::string id = nsName(obj);
      if (std::find(served.gateways.begin(), served.gateways.end(), id) == served.gateways.end()) continue;
    }
    if (o.kind == "Service" && group.empty()) services.push_back(obj);
    json doc = trimmed(obj);
    // loadSources() reads every source, so the Workspace need not list them.
    out.sources.push_back({objectName(o), doc.dump(2)});
  }
  json ws = {{"apiVersion", "routedeck.dev/v1alpha1"},
             {"kind", "Workspace"},
             {"metadata", {{"name", "cluster"}}},
             {"spec", json::object()}};
  if (!served.listeners.empty()) ws["spec"]["listeners"] = served.listeners;
  json sets = scope.localEndpoints.empty() && scope.autoPortBase == 0 ? endpointSets(services, slices)
                                                                      : localSets(services, scope.localEndpoints);
  if (!sets.empty()) ws["spec"]["services"] = sets;
  out.sources.insert(out.sources.begin(), workspace::Source{"cluster workspace", ws.dump(2)});
  out.gateways = std::move(served.gateways);
  return out;
}

}  // namespace routedeck::core::cluster
