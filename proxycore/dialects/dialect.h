#pragma once

#include <string>
#include <vector>

#include "proxycore/common/diagnostics.h"
#include "proxycore/dialects/fidelity.h"
#include "proxycore/model/config.h"
#include "proxycore/yaml/node.h"

namespace routedeck::core::dialects {

// Which dialect an apiVersion/kind pair belongs to, if RouteDeck reads it.
enum class DocumentKind {
  Unknown,
  GatewayApi,
  Istio,
  AppMesh,
  Kubernetes,  // Service, Namespace: backends and selectors for every dialect
  Workspace,
};

DocumentKind classify(const std::string& apiVersion, const std::string& kind);

// Imports one document into `out` (appending). Unknown kinds are kept as
// OtherObject. Semantic problems go to diags; the schema validator is run
// separately (schema::validateDocument).
void importDocument(const yaml::Document& doc, model::Config& out, Diagnostics& diags);

// Exports the whole configuration in the target dialect. Objects already in
// that dialect are written back from their original documents (lossless);
// others are translated and the report says how faithfully.
std::vector<yaml::Node> exportConfig(const model::Config& config, model::Dialect target,
                                     FidelityReport& report);

// Writes every object back in its own dialect (lossless for unedited
// objects): what "save" means for a workspace that mixes dialects.
std::vector<yaml::Node> exportNative(const model::Config& config);

}  // namespace routedeck::core::dialects
