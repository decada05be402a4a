#include "proxycore/dialects/appmesh/appmesh.h"
namespace routedeck::core::dialects::appmesh {
void toGatewayApi(const model::Config&, std::vector<yaml::Node>&, FidelityReport&) {}
void toIstio(const model::Config&, std::vector<yaml::Node>&, FidelityReport&) {}
void fromOtherDialects(const model::Config&, std::vector<yaml::Node>&, FidelityReport&) {}
}
