#pragma once

#include <asio/awaitable.hpp>

#include "proxycore/proxy/forward.h"

namespace routedeck::core::proxy {

// Forwards an HTTP/1.1 WebSocket upgrade (net::isWebSocketUpgrade) to one
// endpoint of plan.backend on a fresh connection: one attempt, no retries
// and no mirrors (an upgrade is not replayable), Upgrade and Connection
// kept, the rule's timeouts bounding the wait for the response head. A 101
// is relayed and the connection becomes a byte tunnel until both sides end
// or stay idle past the listener's idle timeout (ServerExchange::tunnel);
// the upstream connection is closed afterwards, never pooled. Any other
// answer is relayed as a normal response.
asio::awaitable<void> forwardUpgrade(WorkerState& w, net::ServerExchange& ex, const ForwardPlan& plan,
                                     RequestInfo& info);

}  // namespace routedeck::core::proxy
