#pragma once
// A client of the Prometheus HTTP API (/api/v1/query, /api/v1/query_range)
// for the cluster-metrics charts: the desktop app asks a cluster's
// Prometheus for Istio's standard metrics or routedeckd's own, instead of
// the embedded core's snapshots.

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "proxycore/common/result.h"

namespace routedeck::core::prom {

struct PrometheusEndpoint {
  // http(s)://host:port, with any path prefix a reverse proxy adds
  // (e.g. https://monitoring.example.com/prometheus).
  std::string url;
  // Sent as "Authorization: Bearer"; never written to errors or logs.
  std::string bearerToken;
  // PEM bundle to verify an https endpoint; empty: the system's CAs.
  std::string caFile;
  bool insecureSkipTlsVerify = false;
  std::chrono::milliseconds timeout{10000};
};

struct Point {
  double time = 0;   // Unix seconds
  double value = 0;  // NaN and ±Inf as Prometheus sent them
};

struct Series {
  std::map<std::string, std::string> labels;
  std::vector<Point> points;  // one for an instant query
};

class PrometheusClient {
 public:
  explicit PrometheusClient(PrometheusEndpoint endpoint);

  // An instant query at `time` (Unix seconds; 0 = the server's now).
  Result<std::vector<Series>> query(const std::string& promql, double time = 0) const;
  // A range query; Prometheus evaluates it every `stepSeconds` in [start, end].
  Result<std::vector<Series>> queryRange(const std::string& promql, double start, double end,
                                         double stepSeconds) const;
  // GET /-/ready answered 200.
  Result<bool> ready() const;

  const PrometheusEndpoint& endpoint() const { return m_endpoint; }

 private:
  struct Reply {
    long status = 0;
    std::string body;
  };
  Result<Reply> post(const std::string& path, const std::string& form) const;
  Result<Reply> get(const std::string& path) const;
  Result<Reply> perform(const std::string& path, const std::string* form) const;

  PrometheusEndpoint m_endpoint;
};

// Parses an API answer ({"status":"success","data":{"resultType":...}}).
// Vectors, matrices and scalars become series; an "error" status becomes an
// error quoting errorType and error, prefixed with `context`.
Result<std::vector<Series>> parseQueryResponse(long httpStatus, const std::string& body,
                                               const std::string& context);

}  // namespace routedeck::core::prom
