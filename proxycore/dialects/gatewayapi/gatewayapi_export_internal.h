#pragma once

#include "proxycore/dialects/gatewayapi/gatewayapi.h"

// Pieces of the Gateway API writer shared between its files.
namespace routedeck::core::dialects::gatewayapi::detail {

// Each takes the original element (or an empty map) and patches the keys
// RouteDeck models onto it.
yaml::Node writePathModifier(const model::PathModifier& p, yaml::Node base);
yaml::Node writeBackendRef(const model::BackendRef& b, yaml::Node base);
// The rule's filters list, rebuilt from the model and the original list.
yaml::Node writeRuleFilters(const model::RouteRule& rule, const yaml::Node& base);

}  // namespace routedeck::core::dialects::gatewayapi::detail
