#pragma once

#include <string>
#include <vector>

#include "proxycore/common/diagnostics.h"
#include "proxycore/yaml/node.h"

namespace routedeck::core::yaml {

// The only entry points to yaml-cpp. Errors are reported as diagnostics with
// the file's line and column; on a syntax error the file yields no documents.
std::vector<Document> loadFile(const std::string& path, Diagnostics& diags);
std::vector<Document> loadString(const std::string& text, const std::string& fileName,
                                 Diagnostics& diags);

// Block-style YAML for one node, and a multi-document stream separated by "---".
std::string write(const Node& node);
std::string writeDocuments(const std::vector<Node>& docs);

}  // namespace routedeck::core::yaml
