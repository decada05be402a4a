#include "proxycore/dialects/appmesh/appmesh.h"
namespace routedeck::core::dialects::appmesh {
void fromOtherDialects(const model::Config&, std::vector<yaml::Node>&, FidelityReport&) {}
}
