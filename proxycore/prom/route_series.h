#pragma once
// One route's chart data over a time range, fetched from Prometheus with
// the queries of route_queries.h.

#include <map>
#include <string>
#include <vector>

#include "proxycore/prom/prometheus_client.h"
#include "proxycore/prom/route_queries.h"

namespace routedeck::core::prom {

struct RouteSeries {
  std::vector<Point> requestRate;
  std::vector<Point> p50, p90, p99;
  std::vector<Point> rate4xx, rate5xx;
  std::map<std::string, std::vector<Point>> rateByBackend;
  // Queries that failed, each with Prometheus's reason; the others still
  // fill their series (one bad metric name must not blank every chart).
  std::vector<std::string> errors;
};

// Runs every query of `target` over [start, end] at `stepSeconds`. Fails
// only when Prometheus cannot be reached at all.
Result<RouteSeries> fetchRouteSeries(const PrometheusClient& client, const RouteMetricsTarget& target,
                                     double start, double end, double stepSeconds);

}  // namespace routedeck::core::prom
