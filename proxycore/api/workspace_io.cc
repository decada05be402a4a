#include "proxycore/api/workspace_io.h"

#include "proxycore/dialects/dialect.h"
#include "proxycore/dialects/fidelity.h"
#include "proxycore/dialects/semantic_checks.h"
#include "proxycore/workspace/workspace.h"
#include "proxycore/yaml/yaml_io.h"

namespace routedeck::core::api {

LoadedWorkspace loadWorkspace(const std::vector<std::string>& files) {
  LoadedWorkspace out;
  auto config = std::make_shared<model::Config>(workspace::load(files, out.diagnostics, &out.files));
  out.config = std::move(config);
  return out;
}

Diagnostics validate(const model::Config& config) {
  Diagnostics diags;
  dialects::checkSemantics(config, diags);
  return diags;
}

RoundTrip roundTrip(const model::Config& config) {
  RoundTrip out;
  const std::vector<workspace::Source> sources{{"routes.yaml", yaml::writeDocuments(dialects::exportNative(config))}};
  out.config = std::make_shared<model::Config>(workspace::loadSources(sources, out.diagnostics));
  return out;
}

ExportResult exportYaml(const model::Config& config, ExportDialect dialect) {
  ExportResult out;
  if (dialect == ExportDialect::Native) {
    out.yaml = yaml::writeDocuments(dialects::exportNative(config));
    return out;
  }
  const model::Dialect target = dialect == ExportDialect::Istio     ? model::Dialect::Istio
                                : dialect == ExportDialect::AppMesh ? model::Dialect::AppMesh
                                                                    : model::Dialect::GatewayApi;
  dialects::FidelityReport report;
  out.yaml = yaml::writeDocuments(dialects::exportConfig(config, target, report));
  for (const auto& item : report.items()) {
    const auto level = item.level == dialects::Fidelity::Exact         ? FidelityNote::Level::Exact
                       : item.level == dialects::Fidelity::Approximate ? FidelityNote::Level::Approximate
                                                                       : FidelityNote::Level::Lost;
    out.notes.push_back({level, item.object, item.feature, item.detail});
    if (item.level != dialects::Fidelity::Exact) {
      out.fidelity.push_back(item.object + " " + item.feature + ": " + item.detail);
    }
  }
  return out;
}

}  // namespace routedeck::core::api
