#pragma once

#include <string>

#include "proxycore/proxy/runtime.h"
#include "proxycore/router/decision.h"
#include "proxycore/stats/recorder.h"

namespace routedeck::core::proxy {

stats::RuleKey ruleKey(const router::RouteRefView& ref);
// BackendStats::service: "ns/name:port" (plus "/subset"), "ns/name" without a port.
std::string backendService(const router::BackendChoice& b);
// Every rule the runtime's route table can select, in config order, with
// its backends and weights, and the listeners bound so far (server index
// order). Ejection probes keep the backends' endpoint states alive.
stats::Declaration declareStats(const Runtime& rt, size_t boundListeners);

}  // namespace routedeck::core::proxy
