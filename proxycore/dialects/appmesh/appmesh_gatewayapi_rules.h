#pragma once

// Composed App Mesh rules written as Gateway API HTTPRoute / GRPCRoute rules.

#include <vector>

#include "proxycore/dialects/appmesh/appmesh_compose.h"
#include "proxycore/dialects/fidelity.h"
#include "proxycore/yaml/node.h"

namespace routedeck::core::dialects::appmesh::detail {

yaml::Node writeHttpRule(const ComposedRoute& route, const ComposedRule& rule,
                         FidelityReport& report);
yaml::Node writeGrpcRule(const ComposedRoute& route, const ComposedRule& rule,
                         FidelityReport& report);

// Gateway API picks among overlapping rules on a listener by specificity
// (exact path, longest prefix, method, header count, query count; ties by
// route age and name, then rule order). Reports every pair where that choice
// differs from App Mesh's priority order. `routes` is in App Mesh order.
void reportPrecedence(const std::vector<ComposedRoute>& routes, FidelityReport& report);

}  // namespace routedeck::core::dialects::appmesh::detail
