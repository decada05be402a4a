#pragma once

#include "proxycore/proxy/worker_state.h"
#include "proxycore/router/decision.h"

namespace routedeck::core::proxy {

// An available endpoint of `b`, round robin over the worker's counter; a
// retry passes the last one as `avoid` to prefer another. Null only when the
// backend has no endpoints; when all are out, any (Envoy's panic mode).
EndpointState* pickEndpoint(WorkerState& w, const Runtime& rt, const router::BackendChoice& b,
                            const EndpointState* avoid, int64_t now);

}  // namespace routedeck::core::proxy
