#pragma once

// Pieces shared by the App Mesh → Gateway API and → Istio writers.

#include <optional>
#include <string>
#include <vector>

#include "proxycore/dialects/appmesh/appmesh_compose.h"
#include "proxycore/dialects/fidelity.h"
#include "proxycore/model/config.h"
#include "proxycore/yaml/node.h"

namespace routedeck::core::dialects::appmesh::detail {

// Whether `config` holds any App Mesh object (the translators stay silent otherwise).
bool hasAppMeshObjects(const model::Config& config);

// Reports, per object, the App Mesh features RouteDeck keeps only in the
// original documents (health checks, listener timeouts, outlier detection,
// client TLS, logging...) as lost in `target` ("Gateway API", "Istio").
void reportUnmodelled(const model::Config& config, const std::string& target,
                      FidelityReport& report);

// An RE2 pattern for a string match (prefix, suffix, presence); nullopt for a range.
std::optional<std::string> regexFor(const model::StringMatch& m);

// HTTP status codes App Mesh retries for its httpRetryEvents names; empty for
// events that are not status based (stream-error).
std::vector<int> retryCodes(const std::string& event);

// "a.b.svc.cluster.local" for a Service backend.
std::string serviceFqdn(const model::BackendRef& b);

// metadata {name, namespace, labels} for a translated document.
model::ObjectMeta translatedMeta(const std::string& name, const std::string& ns,
                                 const model::Labels& labels);

// The gateway listener a GatewayRoute's match.port selects, if any.
const model::Listener* listenerForPort(const model::Gateway& g, std::optional<int> port);

}  // namespace routedeck::core::dialects::appmesh::detail
