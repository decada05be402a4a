#pragma once

#include <asio/awaitable.hpp>

#include "proxycore/net/server_exchange.h"

namespace routedeck::core::proxy {

class ProxyService;

// Serves one downstream request: route, policies (rate limit, faults, CORS,
// redirects, direct responses), backend and endpoint choice, upstream
// attempts with retries and timeouts, mirrors, and the streamed response.
asio::awaitable<void> handleRequest(ProxyService& service, net::ServerExchange& ex);

}  // namespace routedeck::core::proxy
