#pragma once

#include <cstdint>

#include "proxycore/net/server_exchange.h"
#include "proxycore/proxy/request_info.h"
#include "proxycore/router/decision.h"

namespace routedeck::core::proxy {

class WorkerState;

// Stats and access log of one request, on the worker's own shard: counts
// the request on its listener when constructed, on its rule once routed and
// on its backend once forwarded, and records the outcome (status, flags,
// bytes, latencies) plus an access record when destroyed — including when
// the handler returns early or its coroutine is torn down.
class RequestStatsScope {
 public:
  RequestStatsScope(WorkerState& w, net::ServerExchange& ex, RequestInfo& info, uint64_t configVersion);
  ~RequestStatsScope();
  RequestStatsScope(const RequestStatsScope&) = delete;
  RequestStatsScope& operator=(const RequestStatsScope&) = delete;

  void routed(const router::Decision& d);
  void forwarding(const router::Decision& d, const router::BackendChoice& backend, size_t mirrors);

 private:
  void fillRecord();
  void finishTrace();
  WorkerState& m_w;
  net::ServerExchange& m_ex;
  RequestInfo& m_info;
  uint64_t m_version;
  bool m_on;
};

}  // namespace routedeck::core::proxy
