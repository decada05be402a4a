#pragma once

#include <asio/awaitable.hpp>

#include "proxycore/proxy/forward.h"

namespace routedeck::core::proxy {

// forward() for a backend spoken to over h2c: one stream per attempt on the
// worker's multiplexed connections, with the same retries, timeouts,
// outlier accounting and traces as the HTTP/1.1 path; response trailers
// (gRPC's grpc-status) are relayed with ex.finish(trailers).
asio::awaitable<void> forwardH2(WorkerState& w, net::ServerExchange& ex, const ForwardPlan& plan,
                                RequestInfo& info);

// The HTTP/2 form of an HTTP/1.1-shaped upstream head (RFC 9113 8.2.2,
// 8.2.3): names lower-cased, connection-specific fields and Host dropped
// (Host becomes :authority), "te: trailers" kept when the client sent it,
// cookies split into crumbs. Returns the authority.
std::string toH2Head(const net::RequestHead& client, net::RequestHead& up);

}  // namespace routedeck::core::proxy
