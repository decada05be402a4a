#include "models/document/export.h"

#include "proxycore/api/workspace_io.h"

namespace routedeck::models {

ExportText exportConfig(const ConfigConstPtr& config, ExportTarget target) {
  ExportText out;
  if (!config) {
    return out;
  }
  const auto dialect = static_cast<core::api::ExportDialect>(static_cast<int>(target));
  auto r = core::api::exportYaml(*config, dialect);
  out.yaml = QString::fromStdString(r.yaml);
  for (const auto& f : r.fidelity) {
    out.fidelity << QString::fromStdString(f);
  }
  for (const auto& n : r.notes) {
    out.notes.push_back({static_cast<FidelityRow::Level>(static_cast<int>(n.level)), QString::fromStdString(n.object),
                         QString::fromStdString(n.feature), QString::fromStdString(n.detail)});
  }
  return out;
}

}  // namespace routedeck::models
