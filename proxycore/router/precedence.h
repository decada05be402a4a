#pragma once

#include <vector>

#include "proxycore/router/route_table.h"

namespace routedeck::core::router::precedence {

// Gateway API HTTPRoute / GRPCRoute order: exact path > regex > longest prefix
// > method > most headers > most query params > oldest route > namespace/name
// > rule order > match order.
void sortGatewayApi(std::vector<Candidate>& candidates);

// Istio: VirtualServices for the same host by creation time then
// namespace/name; inside a VirtualService, list order (first match wins).
void sortIstio(std::vector<Candidate>& candidates);

// App Mesh: priority ascending (0 highest; unset after every set one), then
// creation time and name for GatewayRoutes, list order for router routes.
void sortAppMesh(std::vector<Candidate>& candidates);

}  // namespace routedeck::core::router::precedence
