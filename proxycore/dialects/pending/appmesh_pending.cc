#include "proxycore/dialects/appmesh/appmesh.h"

namespace routedeck::core::dialects::appmesh {
void importDocument(const Reader& r, model::Config& out) { out.others.push_back({readMeta(r)}); }
void exportOwn(const model::Config&, std::vector<yaml::Node>&) {}
void toGatewayApi(const model::Config&, std::vector<yaml::Node>&, FidelityReport&) {}
void toIstio(const model::Config&, std::vector<yaml::Node>&, FidelityReport&) {}
void fromOtherDialects(const model::Config&, std::vector<yaml::Node>&, FidelityReport&) {}
}  // namespace routedeck::core::dialects::appmesh
