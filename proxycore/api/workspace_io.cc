#include "proxycore/api/workspace_io.h"

#include <algorithm>

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

LoadedWorkspace loadSources(const std::vector<workspace::Source>& sources) {
  LoadedWorkspace out;
  out.config = std::make_shared<model::Config>(workspace::loadSources(sources, out.diagnostics));
  for (const auto& s : sources) out.files.push_back(s.name);
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

namespace {

// Names each object of `a` without an equal object of the same kind and id
// in `b`, and how many more `b` has; `what` names the list ("route").
template <typename T>
void compareObjects(const std::vector<T>& a, const std::vector<T>& b, const std::string& what,
                    std::vector<std::string>& lost) {
  for (const auto& x : a) {
    const auto same = std::find_if(b.begin(), b.end(), [&](const T& y) {
      return y.meta.kind == x.meta.kind && y.meta.id() == x.meta.id();
    });
    const std::string name = what + " " + (x.meta.kind.empty() ? "" : x.meta.kind + " ") + x.meta.id();
    if (same == b.end()) {
      lost.push_back(name + " is not read back");
    } else if (!(*same == x)) {
      lost.push_back(name + " reads back different");
    }
  }
  if (b.size() > a.size()) {
    lost.push_back(std::to_string(b.size() - a.size()) + " " + what + "(s) more are read back than written");
  }
}

}  // namespace

WorkspaceText workspaceText(const model::Config& config, const std::string& name) {
  WorkspaceText out;
  std::vector<yaml::Node> docs{workspace::writeWorkspace(config, name)};
  for (auto& d : dialects::exportNative(config)) {
    docs.push_back(std::move(d));
  }
  out.yaml = yaml::writeDocuments(docs);
  Diagnostics diags;
  const auto back = workspace::loadSources({{name + ".yaml", out.yaml}}, diags);
  for (const auto& d : diags.items()) {
    if (d.severity == Severity::Error) {
      out.lost.push_back("reading it back: " + d.message);
    }
  }
  compareObjects(config.gateways, back.gateways, "gateway", out.lost);
  compareObjects(config.routes, back.routes, "route", out.lost);
  compareObjects(config.services, back.services, "service", out.lost);
  compareObjects(config.namespaces, back.namespaces, "namespace", out.lost);
  compareObjects(config.destinationRules, back.destinationRules, "destination rule", out.lost);
  compareObjects(config.referenceGrants, back.referenceGrants, "reference grant", out.lost);
  compareObjects(config.meshes, back.meshes, "mesh", out.lost);
  compareObjects(config.meshServices, back.meshServices, "mesh service", out.lost);
  compareObjects(config.virtualNodes, back.virtualNodes, "virtual node", out.lost);
  compareObjects(config.secrets, back.secrets, "secret", out.lost);
  compareObjects(config.others, back.others, "object", out.lost);
  if (back.listenerBindings != config.listenerBindings) {
    out.lost.push_back("the listener binds read back different");
  }
  if (back.serviceEndpoints != config.serviceEndpoints) {
    out.lost.push_back("the service endpoints read back different");
  }
  if (back.virtualNodeEndpoints != config.virtualNodeEndpoints) {
    out.lost.push_back("the virtual node endpoints read back different");
  }
  if (back.tracing != config.tracing) {
    out.lost.push_back("the tracing settings read back different");
  }
  if (out.lost.empty() && !(back == config)) {
    out.lost.push_back("the workspace reads back different");
  }
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
