#pragma once

#include <string>
#include <vector>

#include "proxycore/dialects/fidelity.h"
#include "proxycore/dialects/reader.h"
#include "proxycore/model/config.h"

namespace routedeck::core::dialects::envoy {

// Is `root` an Envoy envoy.config.route.v3.RouteConfiguration? Envoy documents
// carry no apiVersion/kind: a bare RouteConfiguration (virtual_hosts, or an
// "@type" naming it), one wrapped in `route_config:` (as in an
// HttpConnectionManager) or an xDS `resources:` list of them.
bool isRouteConfiguration(const yaml::Node& root);

// Imports the RouteConfiguration(s) of r's document as one synthetic Gateway
// (kind RouteConfiguration, named after it or the file) and one Route of kind
// VirtualHost per virtual host, its Envoy routes as rules in file order.
// Fields RouteDeck does not model are warnings at their line and column; on
// any error nothing of the document is imported.
void importDocument(const Reader& r, model::Config& out);

// An Envoy HeaderMatcher list as model conditions that must all hold (also
// used by route-test for request_header_matches / response_header_matches).
// `path` is the list's field path for diagnostics.
std::vector<model::HeaderMatch> readHeaderMatchers(const Reader& r, const yaml::Node& list,
                                                   const std::string& path);

// Envoy is read-only: these explain why export to it is refused.
std::string exportRefusal();

// Envoy virtual hosts → Gateway API HTTPRoutes attached to a Gateway per
// RouteConfiguration; what differs is in the report.
void toGatewayApi(const model::Config& config, std::vector<yaml::Node>& out,
                  FidelityReport& report);
// The same translation as model objects, for the Istio and App Mesh writers.
model::Config envoyAsGatewayApi(const model::Config& config, FidelityReport& report);

}  // namespace routedeck::core::dialects::envoy
