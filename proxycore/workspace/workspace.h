#pragma once

#include <string>
#include <vector>

#include "proxycore/common/diagnostics.h"
#include "proxycore/model/config.h"
#include "proxycore/yaml/node.h"

namespace routedeck::core::workspace {

// Loads route files and workspaces into one Config. A file may hold
// routedeck.dev/v1alpha1 Workspace documents; their spec.sources are loaded
// (relative to the workspace file) and their listener bindings and endpoints
// are added. Every document is schema-validated and every error reported;
// the caller decides what to do with a config that has errors (nothing is
// applied from an invalid set). `loadedFiles` receives every file read,
// workspace sources included (what `serve --watch` watches).
model::Config load(const std::vector<std::string>& files, Diagnostics& diags,
                   std::vector<std::string>* loadedFiles = nullptr);

// One file given by content rather than path (the admin API's ApplyConfig).
struct Source {
  std::string name;  // as diagnostics report it; workspace `sources:` resolve against these names
  std::string text;
};

// load() over in-memory files: a Workspace's `sources:` must name other
// given sources (relative to the workspace's name); nothing is read from disk.
model::Config loadSources(const std::vector<Source>& sources, Diagnostics& diags);

// The Workspace document of a config's listener bindings, endpoint sets and tracing settings
// (no `sources:`), so that a config can travel as files: the route documents
// plus this one load back to an equal config.
yaml::Node writeWorkspace(const model::Config& config, const std::string& name = "routedeck");

}  // namespace routedeck::core::workspace
