#pragma once

#include <vector>

#include "proxycore/dialects/fidelity.h"
#include "proxycore/dialects/reader.h"
#include "proxycore/model/config.h"

namespace routedeck::core::dialects::gatewayapi {

// Imports a gateway.networking.k8s.io document (Gateway, HTTPRoute, GRPCRoute,
// ReferenceGrant; GatewayClass is kept as an OtherObject).
void importDocument(const Reader& r, model::Config& out);

// Writes the Gateway API objects of `config` (gateways, listener sets,
// routes, reference grants) by patching their original documents.
void exportOwn(const model::Config& config, std::vector<yaml::Node>& out);

// Shared by the Gateway API and the cross-dialect writers.
yaml::Node writeHeaderModifier(const model::HeaderModifier& m, const yaml::Node& base);

}  // namespace routedeck::core::dialects::gatewayapi
