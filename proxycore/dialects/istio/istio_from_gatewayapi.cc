#include "proxycore/dialects/istio/istio.h"
#include "proxycore/dialects/istio/istio_internal.h"

namespace routedeck::core::dialects::istio {
void fromGatewayApi(const model::Config&, std::vector<yaml::Node>&, FidelityReport&) {}
void toGatewayApi(const model::Config&, std::vector<yaml::Node>&, FidelityReport&) {}
}  // namespace routedeck::core::dialects::istio
