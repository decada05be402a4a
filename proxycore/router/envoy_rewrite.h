#pragma once

#include <string>

#include "proxycore/model/action.h"
#include "proxycore/model/match.h"
#include "proxycore/router/request.h"

namespace routedeck::core::router::envoy {

// Envoy prefix_rewrite: the part of the path the route matched (all of it
// for `path`, the prefix for `prefix`) replaced by plain concatenation —
// unlike Gateway API, no "/" is inserted or removed.
std::string replaceMatchedPrefix(const std::string& path, const model::RouteMatch* match,
                                 const std::string& replacement);

// The path (without query) a forwarded request carries after the route's
// prefix_rewrite or regex_rewrite.
std::string rewrittenPath(const model::Rewrite& rw, const model::RouteMatch* match,
                          const std::string& path);

// Location of an Envoy redirect: scheme/host/port/path replaced as the
// redirect says; the query string is kept unless path_redirect has its own.
std::string redirectLocation(const model::Redirect& r, const model::RouteMatch* match,
                             const Request& req);

// The scheme Envoy sees: x-forwarded-proto when present, else the request's.
std::string effectiveScheme(const Request& req);

// "host" or "host:port" as the request named it (default ports omitted).
std::string authority(const Request& req);

}  // namespace routedeck::core::router::envoy
