#include "proxycore/api/cluster_metrics.h"

#include <set>

#include "proxycore/kube/json_node.h"
#include "proxycore/prom/route_series.h"

namespace routedeck::core::api {

namespace {

std::vector<MetricPoint> convert(const std::vector<prom::Point>& in) {
  std::vector<MetricPoint> out;
  out.reserve(in.size());
  for (const auto& p : in) out.push_back({p.time, p.value});
  return out;
}

void collectHosts(const yaml::Node& node, const std::string& ns, const std::string& domain,
                  std::vector<std::string>& out, std::set<std::string>& seen) {
  auto add = [&](std::string host, const std::string& hostNs) {
    if (host.empty()) return;
    // Short names live in the route's (or the ref's) namespace.
    if (host.find('.') == std::string::npos) host += "." + hostNs + ".svc." + domain;
    if (seen.insert(host).second) out.push_back(host);
  };
  if (node.isMap()) {
    // Gateway API backendRefs: {name, namespace?, kind?}.
    if (const yaml::Node* refs = node.find("backendRefs"); refs && refs->isSequence()) {
      for (const auto& r : refs->items()) {
        const std::string kind = kube::textAt(r, {"kind"});
        if (!kind.empty() && kind != "Service") continue;
        const std::string refNs = kube::textAt(r, {"namespace"});
        add(kube::textAt(r, {"name"}), refNs.empty() ? ns : refNs);
      }
    }
    // Istio: route[].destination.host.
    if (const yaml::Node* dest = node.find("destination"); dest && dest->isMap()) {
      add(kube::textAt(*dest, {"host"}), ns);
    }
    for (const auto& e : node.entries()) collectHosts(e.value, ns, domain, out, seen);
  } else if (node.isSequence()) {
    for (const auto& i : node.items()) collectHosts(i, ns, domain, out, seen);
  }
}

}  // namespace

std::vector<std::string> routeDestinations(const std::string& objectJson, const std::string& clusterDomain) {
  std::vector<std::string> out;
  auto node = kube::parseJson(objectJson);
  if (!node) return out;
  std::string ns = kube::textAt(*node, {"metadata", "namespace"});
  if (ns.empty()) ns = "default";
  std::set<std::string> seen;
  if (const yaml::Node* spec = kube::findPath(*node, {"spec"})) collectHosts(*spec, ns, clusterDomain, out, seen);
  return out;
}

Result<ClusterRouteSeries> fetchClusterRouteSeries(const ClusterMetricsQuery& query) {
  prom::PrometheusEndpoint endpoint;
  endpoint.url = query.prometheusUrl;
  endpoint.bearerToken = query.bearerToken;
  prom::PrometheusClient client(endpoint);
  prom::RouteMetricsTarget target;
  target.window = query.window;
  ClusterRouteSeries out;
  auto node = kube::parseJson(query.objectJson);
  if (!node) return makeError(ErrorCode::Parse, "the route object is not JSON");
  if (query.family == ClusterMetricFamily::Istio) {
    target.family = prom::MetricFamily::Istio;
    target.destinationServices = routeDestinations(query.objectJson);
    out.destinations = target.destinationServices;
    if (target.destinationServices.empty()) {
      return makeError(ErrorCode::Invalid, "the route names no Service backends to ask Istio's metrics about");
    }
  } else {
    target.family = prom::MetricFamily::RouteDeck;
    target.ns = kube::textAt(*node, {"metadata", "namespace"});
    target.route = kube::textAt(*node, {"metadata", "name"});
  }
  auto series = prom::fetchRouteSeries(client, target, query.start, query.end, query.stepSeconds);
  if (!series) return series.error();
  out.requestRate = convert(series->requestRate);
  out.p50 = convert(series->p50);
  out.p90 = convert(series->p90);
  out.p99 = convert(series->p99);
  out.rate4xx = convert(series->rate4xx);
  out.rate5xx = convert(series->rate5xx);
  for (const auto& [k, v] : series->rateByBackend) out.rateByBackend[k] = convert(v);
  out.errors = series->errors;
  return out;
}

}  // namespace routedeck::core::api
