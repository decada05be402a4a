#pragma once
// Cluster metrics for the desktop app's charts: one route's request rate,
// latency quantiles and error rates from a cluster's Prometheus (Istio's
// standard metrics, or routedeckd's own), as plain series. Blocking: run
// off the UI thread.

#include <map>
#include <string>
#include <vector>

#include "proxycore/common/result.h"

namespace routedeck::core::api {

enum class ClusterMetricFamily { Istio, RouteDeck };

struct ClusterMetricsQuery {
  std::string prometheusUrl;  // http(s)://host:port[/prefix]
  std::string bearerToken;    // optional; never logged
  ClusterMetricFamily family = ClusterMetricFamily::Istio;
  // The route object (JSON as the API server sent it): its backends decide
  // the Istio destinations; its namespace/name select routedeckd's series.
  std::string objectJson;
  double start = 0, end = 0, stepSeconds = 15;  // Unix seconds
  std::string window = "1m";
};

struct MetricPoint {
  double time = 0;
  double value = 0;
};

struct ClusterRouteSeries {
  std::vector<MetricPoint> requestRate, p50, p90, p99, rate4xx, rate5xx;  // 1/s and seconds
  std::map<std::string, std::vector<MetricPoint>> rateByBackend;
  std::vector<std::string> destinations;  // what the Istio queries selected
  std::vector<std::string> errors;        // queries Prometheus refused (the rest still filled)
};

// The Istio destination_service names of a route's backends
// ("reviews.shop.svc.cluster.local"): HTTPRoute/GRPCRoute backendRefs and
// VirtualService destination hosts, short names in the route's namespace.
std::vector<std::string> routeDestinations(const std::string& objectJson, const std::string& clusterDomain = "cluster.local");

Result<ClusterRouteSeries> fetchClusterRouteSeries(const ClusterMetricsQuery& query);

}  // namespace routedeck::core::api
