#pragma once

#include <optional>
#include <string>

#include "proxycore/model/action.h"
#include "proxycore/model/match.h"
#include "proxycore/router/decision.h"
#include "proxycore/router/request.h"

namespace routedeck::core::router {

// Replaces the part of `path` matched by `match` with `replacement`:
// Gateway API ReplacePrefixMatch (element-wise, "/" strips the prefix),
// Istio rewrite.uri (string prefix) and App Mesh prefix rewrites.
std::string replacePrefix(const std::string& path, const model::RouteMatch* match,
                          const std::string& replacement);

// The Location of a redirect: scheme, host, port and path defaults as the
// dialect specifies (Gateway API omits well-known ports).
std::string redirectLocation(const model::Redirect& r, const model::RouteMatch* match,
                             const Request& req, model::Dialect dialect);

// Fills d.rewriteHost / d.rewritePath.
void applyRewrite(const model::Rewrite& rw, const model::RouteMatch* match, const Request& req,
                  Decision& d);

}  // namespace routedeck::core::router
