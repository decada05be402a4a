#pragma once

// Conversions used by fromOtherDialects (Gateway API / Istio → App Mesh).

#include <optional>
#include <string>

#include "proxycore/dialects/fidelity.h"
#include "proxycore/model/config.h"

namespace routedeck::core::dialects::appmesh::detail {

// A GatewayRoute match for one source match (nullopt when the match cannot
// be expressed at all). `keepPrefix` asks for an App Mesh `prefix` match (an
// App Mesh prefix rewrite needs one) instead of the exact segment regex a
// Gateway API PathPrefix otherwise becomes.
std::optional<model::RouteMatch> gatewayRouteMatch(const model::Route& source,
                                                   const model::RouteMatch& match, bool keepPrefix,
                                                   const std::string& object,
                                                   const std::string& feature,
                                                   FidelityReport& report);

// App Mesh rewrite for a source rule: the gateway's default prefix and Host
// rewrites are switched off, because Gateway API and Istio keep both.
model::Rewrite gatewayRouteRewrite(const model::RouteRule& rule, const model::RouteMatch& converted,
                                   bool grpc, const std::string& object, const std::string& feature,
                                   FidelityReport& report);

// App Mesh retry policy (event names, required fields filled) for a source rule.
std::optional<model::RetryPolicy> meshRetryPolicy(const model::RouteRule& rule,
                                                  const std::string& object,
                                                  const std::string& feature,
                                                  FidelityReport& report);

// A route hostname as a GatewayRoute hostname match ("*.x" → suffix ".x"); none for "*".
std::optional<model::StringMatch> hostnameMatch(const std::string& host);

// Reports what App Mesh routes cannot do (redirects, header edits, mirrors...).
void reportUnsupportedActions(const model::RouteRule& rule, const std::string& object,
                              const std::string& feature, FidelityReport& report);

}  // namespace routedeck::core::dialects::appmesh::detail
