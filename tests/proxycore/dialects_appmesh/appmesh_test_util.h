#pragma once

#include <QString>

#include <string>
#include <vector>

#include "proxycore/common/diagnostics.h"
#include "proxycore/dialects/fidelity.h"
#include "proxycore/model/config.h"
#include "proxycore/yaml/node.h"

namespace routedeck::tests::appmesh {

// Imports the appmesh.k8s.aws documents of a YAML text (other documents are
// skipped: Kubernetes objects belong to another importer).
core::model::Config importText(const std::string& yaml, core::Diagnostics& diags,
                               const std::string& fileName = "inline.yaml");
// Same for several files; returns the parsed App Mesh documents too, in order.
core::model::Config importFiles(const QStringList& files, core::Diagnostics& diags,
                                std::vector<core::yaml::Node>* documents = nullptr);
bool isAppMesh(const core::yaml::Node& doc);

// The corpus folder of App Mesh samples, or empty (callers QSKIP).
QString samplesDir();

// Finds a document by kind and metadata.name in translator output.
const core::yaml::Node* findDoc(const std::vector<core::yaml::Node>& docs, const std::string& kind,
                                const std::string& name);
// Dotted path lookup: "spec.rules[0].matches[1].path.value".
const core::yaml::Node* at(const core::yaml::Node& root, const std::string& path);
std::string text(const core::yaml::Node& root, const std::string& path);
// A fidelity item whose object, feature and detail contain the given parts.
bool hasItem(const core::dialects::FidelityReport& report, core::dialects::Fidelity level,
             const std::string& objectPart, const std::string& featurePart,
             const std::string& detailPart = {});

}  // namespace routedeck::tests::appmesh
