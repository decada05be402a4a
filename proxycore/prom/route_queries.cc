#include "proxycore/prom/route_queries.h"

#include <cstring>

namespace routedeck::core::prom {

std::string promString(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

std::string exactAlternation(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) {
    if (!out.empty()) out += '|';
    for (char c : v) {
      if (std::strchr("\\.+*?()|[]{}^$", c)) out += '\\';
      out += c;
    }
  }
  return out;
}

namespace {

std::string quantile(const char* q, const std::string& buckets, const std::string& selector,
                     const std::string& window, const char* scale) {
  return std::string("histogram_quantile(") + q + ", sum by (le) (rate(" + buckets + selector + "[" + window +
         "])))" + scale;
}

RouteQueries routedeck(const RouteMetricsTarget& t) {
  std::string sel = "{namespace=" + promString(t.ns) + ",route=" + promString(t.route);
  if (t.rule >= 0) sel += ",rule=" + promString(std::to_string(t.rule));
  sel += "}";
  auto withCode = [&](const char* pattern) {
    return sel.substr(0, sel.size() - 1) + ",code=~\"" + pattern + "\"}";
  };
  const std::string w = "[" + t.window + "]";
  RouteQueries q;
  q.requestRate = "sum(rate(routedeck_rule_requests_total" + sel + w + "))";
  q.backendLabel = "backend";
  q.rateByBackend = "sum by (backend) (rate(routedeck_backend_requests_total" + sel + w + "))";
  q.p50 = quantile("0.5", "routedeck_rule_request_duration_seconds_bucket", sel, t.window, "");
  q.p90 = quantile("0.9", "routedeck_rule_request_duration_seconds_bucket", sel, t.window, "");
  q.p99 = quantile("0.99", "routedeck_rule_request_duration_seconds_bucket", sel, t.window, "");
  // Responses carry the status code; an empty sum means no errors, so
  // `or vector(0)` keeps the series when the route is healthy.
  q.rate4xx = "sum(rate(routedeck_rule_responses_total" + withCode("4..") + w + ")) or vector(0)";
  q.rate5xx = "sum(rate(routedeck_rule_responses_total" + withCode("5..") + w + ")) or vector(0)";
  return q;
}

RouteQueries istio(const RouteMetricsTarget& t) {
  std::string sel = "{reporter=" + promString(t.reporter) +
                    ",destination_service=~" + promString(exactAlternation(t.destinationServices));
  auto with = [&](const std::string& more) { return sel + more + "}"; };
  const std::string all = with("");
  const std::string w = "[" + t.window + "]";
  RouteQueries q;
  q.requestRate = "sum(rate(istio_requests_total" + all + w + "))";
  // A canary's backends are usually subsets (versions) of one service, so
  // the backend is service and version together.
  q.backendLabel = "backend";
  q.rateByBackend =
      "sum by (backend) (label_join(rate(istio_requests_total" + all + w +
      "), \"backend\", \"/\", \"destination_service_name\", \"destination_version\"))";
  // Istio's histogram is in milliseconds; the charts use seconds.
  q.p50 = quantile("0.5", "istio_request_duration_milliseconds_bucket", all, t.window, " / 1000");
  q.p90 = quantile("0.9", "istio_request_duration_milliseconds_bucket", all, t.window, " / 1000");
  q.p99 = quantile("0.99", "istio_request_duration_milliseconds_bucket", all, t.window, " / 1000");
  q.rate4xx = "sum(rate(istio_requests_total" + with(",response_code=~\"4..\"") + w + ")) or vector(0)";
  q.rate5xx = "sum(rate(istio_requests_total" + with(",response_code=~\"5..\"") + w + ")) or vector(0)";
  return q;
}

}  // namespace

RouteQueries buildRouteQueries(const RouteMetricsTarget& target) {
  return target.family == MetricFamily::Istio ? istio(target) : routedeck(target);
}

}  // namespace routedeck::core::prom
