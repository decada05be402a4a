#include "proxycore/prom/route_series.h"

namespace routedeck::core::prom {

Result<RouteSeries> fetchRouteSeries(const PrometheusClient& client, const RouteMetricsTarget& target,
                                     double start, double end, double stepSeconds) {
  const RouteQueries q = buildRouteQueries(target);
  RouteSeries out;
  struct One {
    const std::string* promql;
    std::vector<Point>* into;
  };
  const One singles[] = {{&q.requestRate, &out.requestRate}, {&q.p50, &out.p50}, {&q.p90, &out.p90},
                         {&q.p99, &out.p99},                 {&q.rate4xx, &out.rate4xx},
                         {&q.rate5xx, &out.rate5xx}};
  for (const auto& one : singles) {
    auto r = client.queryRange(*one.promql, start, end, stepSeconds);
    if (!r) {
      if (r.error().code == ErrorCode::Io) return r.error();  // unreachable: no point asking again
      out.errors.push_back(r.error().message);
      continue;
    }
    if (!r->empty()) *one.into = std::move(r->front().points);
  }
  auto byBackend = client.queryRange(q.rateByBackend, start, end, stepSeconds);
  if (!byBackend) {
    if (byBackend.error().code == ErrorCode::Io) return byBackend.error();
    out.errors.push_back(byBackend.error().message);
  } else {
    for (auto& s : *byBackend) {
      out.rateByBackend[s.labels[q.backendLabel]] = std::move(s.points);
    }
  }
  return out;
}

}  // namespace routedeck::core::prom
