#include "proxycore/proxy/endpoint_pick.h"

namespace routedeck::core::proxy {

EndpointState* pickEndpoint(WorkerState& w, const Runtime& rt, const router::BackendChoice& b,
                            const EndpointState* avoid, int64_t now) {
  const size_t n = b.endpoints.size();
  if (n == 0) {
    return nullptr;
  }
  const size_t start = static_cast<size_t>(w.nextRoundRobin() % n);
  EndpointState* fallback = nullptr;
  for (size_t i = 0; i < n; ++i) {
    EndpointState* ep = rt.endpoint(b.endpoints[(start + i) % n]);
    if (!ep || !ep->available(now)) {
      continue;
    }
    if (ep == avoid && n > 1) {
      fallback = ep;  // a retry prefers another endpoint, if there is one
      continue;
    }
    return ep;
  }
  if (fallback) {
    return fallback;
  }
  // Panic mode, as Envoy: when every endpoint is ejected or unhealthy,
  // spreading load over all of them beats refusing every request.
  EndpointState* any = rt.endpoint(b.endpoints[start]);
  return any;
}

}  // namespace routedeck::core::proxy
