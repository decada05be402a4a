#pragma once
// The PromQL behind one route's charts (request rate, p50/p90/p99, 4xx and
// 5xx rates, rate per backend) for the two metric families a cluster may
// have: Istio's standard metrics (istio_requests_total,
// istio_request_duration_milliseconds_bucket) and routedeckd's own
// (routedeck_rule_*, routedeck_backend_*).

#include <string>
#include <vector>

namespace routedeck::core::prom {

enum class MetricFamily { RouteDeck, Istio };

struct RouteMetricsTarget {
  MetricFamily family = MetricFamily::RouteDeck;
  // RouteDeck: the route's namespace and name; rule < 0 means every rule.
  std::string ns;
  std::string route;
  int rule = -1;
  // Istio: the route's destinations as Istio labels them
  // (destination_service, e.g. reviews.default.svc.cluster.local). Istio
  // metrics carry no route name, so a route is the traffic to its backends.
  std::vector<std::string> destinationServices;
  // Istio: which proxy's report to count; "destination" (the backends'
  // sidecars) sees every request once, "source" adds the gateway's view.
  std::string reporter = "destination";
  // The rate() window, e.g. "1m"; at least four scrape intervals.
  std::string window = "1m";
};

struct RouteQueries {
  std::string requestRate;    // requests/s
  std::string rateByBackend;  // requests/s, one series per backend label
  std::string backendLabel;   // the label naming a backend in rateByBackend
  std::string p50, p90, p99;  // seconds
  std::string rate4xx, rate5xx;  // responses/s
};

RouteQueries buildRouteQueries(const RouteMetricsTarget& target);

// A PromQL string literal ("..." with \ and " escaped).
std::string promString(const std::string& text);
// An RE2 pattern matching exactly one of `values` (metacharacters quoted).
std::string exactAlternation(const std::vector<std::string>& values);

}  // namespace routedeck::core::prom
