#pragma once

// Composed App Mesh rules written as Istio VirtualService http[] entries.

#include <vector>

#include "proxycore/dialects/appmesh/appmesh_compose.h"
#include "proxycore/dialects/fidelity.h"
#include "proxycore/yaml/node.h"

namespace routedeck::core::dialects::appmesh::detail {

// The http[] entries of one composed route, in App Mesh order. A rule under
// App Mesh's default prefix rewrite becomes two entries (prefix "/x/" and
// "/x", both rewritten to "/") because Istio's uri rewrite is literal.
std::vector<yaml::Node> writeHttpEntries(const ComposedRoute& route, FidelityReport& report);

// Istio route weights must add up to 100; App Mesh weights are relative.
std::vector<int> percentWeights(const std::vector<int>& weights);

}  // namespace routedeck::core::dialects::appmesh::detail
