#pragma once

#include <asio/awaitable.hpp>

#include "proxycore/net/server_exchange.h"
#include "proxycore/proxy/proxy_service.h"
#include "proxycore/proxy/request_info.h"
#include "proxycore/proxy/worker_state.h"
#include "proxycore/router/decision.h"

namespace routedeck::core::proxy {

// Everything decided before the first upstream byte.
struct ForwardPlan {
  const Runtime* runtime = nullptr;
  const router::Request* request = nullptr;
  const router::Decision* decision = nullptr;
  const router::BackendChoice* backend = nullptr;
  // Per-backend filters still to apply (null when the router already folded
  // them into the decision because one backend takes all traffic).
  const model::BackendRef* backendFilters = nullptr;
  model::Timeouts timeouts;
  const model::RetryPolicy* retry = nullptr;
  std::string_view requestId;  // RequestInfo::requestId, which outlives the plan
  // Mirror targets chosen for this request (percent already rolled).
  std::vector<const EndpointState*> mirrors;
};

// Sends the request to an endpoint of plan.backend with retries, timeouts
// and outlier accounting, then streams the response to the client.
asio::awaitable<void> forward(WorkerState& w, net::ServerExchange& ex, const ForwardPlan& plan,
                              RequestInfo& info);

// An attempt's response head arrived: the attempt span's event and status,
// and the endpoint's outlier accounting (a 5xx counts as a failure).
void noteResponseHead(RequestTrace* tr, size_t attemptSpan, EndpointState& ep, const Runtime& rt, int status,
                      int64_t now);
// An upstream response head as the client gets it: the route's and the
// backend's response header filters, Via (`via` names the protocol), and
// the status and upstream time for the access record. Shared by the
// HTTP/1.1 and h2c paths.
void finishUpstreamHead(WorkerState& w, const ForwardPlan& plan, RequestInfo& info, net::ResponseHead& out,
                        std::string_view via);
// Shared with forward_upgrade.cc.
// Streams the upstream response whose head `conn` has just parsed, then
// pools the connection when it can carry another request.
asio::awaitable<void> relayResponse(WorkerState& w, net::ServerExchange& ex,
                                    std::unique_ptr<net::UpstreamConnection> conn,
                                    const ForwardPlan& plan, RequestInfo& info);

}  // namespace routedeck::core::proxy
