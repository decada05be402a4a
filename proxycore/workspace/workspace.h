#pragma once

#include <string>
#include <vector>

#include "proxycore/common/diagnostics.h"
#include "proxycore/model/config.h"

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

}  // namespace routedeck::core::workspace
