#pragma once

#include <string>
#include <vector>

#include "proxycore/dialects/fidelity.h"
#include "proxycore/yaml/node.h"

namespace routedeck::tests {

// Lookups into exporter and translator output, shared by the dialect tests.

// The document of that kind and metadata.name, or nullptr.
const core::yaml::Node* findDoc(const std::vector<core::yaml::Node>& docs, const std::string& kind,
                                const std::string& name);
// Dotted path lookup: "spec.rules[0].matches[1].path.value"; nullptr when absent.
const core::yaml::Node* at(const core::yaml::Node& root, const std::string& path);
// The scalar at path, or "<missing PATH>" so a failed QCOMPARE says what was absent.
std::string text(const core::yaml::Node& root, const std::string& path);
// The scalar text of parent[key], or `fallback` when absent or not a scalar.
std::string scalarOr(const core::yaml::Node* parent, std::string_view key, std::string fallback = {});
// Does a fidelity item of that level have an object, feature and detail
// containing the given parts?
bool hasItem(const core::dialects::FidelityReport& report, core::dialects::Fidelity level,
             const std::string& objectPart, const std::string& featurePart,
             const std::string& detailPart = {});

}  // namespace routedeck::tests
