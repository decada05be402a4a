#pragma once

#include <memory>
#include <string>
#include <vector>

#include "proxycore/common/diagnostics.h"
#include "proxycore/model/config.h"
#include "proxycore/workspace/workspace.h"

namespace routedeck::core::api {

struct LoadedWorkspace {
  std::shared_ptr<const model::Config> config;
  Diagnostics diagnostics;           // every finding, file:line:column
  std::vector<std::string> files;    // every file read
};

// Loads a workspace or route files (blocking file I/O: call off the UI thread).
LoadedWorkspace loadWorkspace(const std::vector<std::string>& files);

// The same for in-memory files (e.g. a cluster's objects, see
// ClusterConnection::localSources()); `files` lists their names.
LoadedWorkspace loadSources(const std::vector<workspace::Source>& sources);

// Semantic and schema findings of an in-memory config (after an edit).
Diagnostics validate(const model::Config& config);

// The routes of `config` as Save would write them in their own dialects and
// a later load would read them back: every schema, importer and semantic
// finding of that text, and the config read back (what the dialects could
// express). Envoy routes are import-only and do not come back.
struct RoundTrip {
  Diagnostics diagnostics;
  std::shared_ptr<const model::Config> config;
};
RoundTrip roundTrip(const model::Config& config);

// The whole workspace as one self-contained file — what File → Save
// Workspace writes: a Workspace document (listener binds, service and
// virtual-node endpoints, tracing; no `sources:`) followed by every route
// document in its own dialect. The text is loaded back in memory before it
// is handed out: `lost` names each part the load would not restore as it
// is in `config` (and every error of that load), so a caller can refuse or
// ask instead of silently dropping data. Empty `lost`: loadWorkspace() of
// the file gives a config equal to `config`.
struct WorkspaceText {
  std::string yaml;
  std::vector<std::string> lost;
};
WorkspaceText workspaceText(const model::Config& config, const std::string& name);

enum class ExportDialect { Native, GatewayApi, Istio, AppMesh };

// One feature of a conversion and how faithfully it was converted.
struct FidelityNote {
  enum class Level { Exact, Approximate, Lost };
  Level level = Level::Exact;
  std::string object;   // e.g. "VirtualService default/reviews"
  std::string feature;  // e.g. "http[0].fault.delay"
  std::string detail;
};

struct ExportResult {
  std::string yaml;
  std::vector<std::string> fidelity;  // what was approximated or lost, one line each
  std::vector<FidelityNote> notes;    // every feature, exact ones included (empty for Native)
};

// Every object written back in its own dialect (Native), or converted.
ExportResult exportYaml(const model::Config& config, ExportDialect dialect);

}  // namespace routedeck::core::api
