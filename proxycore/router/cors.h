#pragma once

#include "proxycore/model/policy.h"
#include "proxycore/router/decision.h"
#include "proxycore/router/request.h"

namespace routedeck::core::router {

// Applies a CORS policy at the edge. A preflight (OPTIONS with
// Access-Control-Request-Method) becomes a local 200 reply; an actual request
// from an allowed Origin gets the CORS response headers. Origins not allowed
// get no CORS headers, so the browser blocks them.
void applyCors(const model::CorsPolicy& cors, const Request& req, Decision& d);

// Gateway API origin patterns: "*", exact, or "scheme://*.host" where "*"
// stands for one or more labels.
bool originAllowed(const model::CorsPolicy& cors, const std::string& origin);

}  // namespace routedeck::core::router
