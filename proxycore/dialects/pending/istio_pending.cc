#include "proxycore/dialects/istio/istio.h"

namespace routedeck::core::dialects::istio {
void importDocument(const Reader& r, model::Config& out) { out.others.push_back({readMeta(r)}); }
void exportOwn(const model::Config&, std::vector<yaml::Node>&) {}
void fromGatewayApi(const model::Config&, std::vector<yaml::Node>&, FidelityReport&) {}
void toGatewayApi(const model::Config&, std::vector<yaml::Node>&, FidelityReport&) {}
}  // namespace routedeck::core::dialects::istio
