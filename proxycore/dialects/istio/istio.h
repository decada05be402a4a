#pragma once

#include <vector>

#include "proxycore/dialects/fidelity.h"
#include "proxycore/dialects/reader.h"
#include "proxycore/model/config.h"

namespace routedeck::core::dialects::istio {

// Imports a networking.istio.io document (Gateway, VirtualService,
// DestinationRule; v1, v1beta1, v1alpha3). Other Istio kinds become OtherObject.
void importDocument(const Reader& r, model::Config& out);

// Writes the Istio objects of `config` back by patching their original
// documents (lossless for fields RouteDeck does not model).
void exportOwn(const model::Config& config, std::vector<yaml::Node>& out);

// Translates Gateway API objects (Gateway, HTTPRoute, GRPCRoute) into Istio
// Gateway / VirtualService / DestinationRule documents.
void fromGatewayApi(const model::Config& config, std::vector<yaml::Node>& out,
                    FidelityReport& report);

// Translates Istio objects into Gateway API documents.
void toGatewayApi(const model::Config& config, std::vector<yaml::Node>& out,
                  FidelityReport& report);

}  // namespace routedeck::core::dialects::istio
