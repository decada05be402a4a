#pragma once

#include "tests/support/yaml_output.h"

#include <QString>
#include <string>
#include <vector>

#include "proxycore/common/diagnostics.h"
#include "proxycore/dialects/fidelity.h"
#include "proxycore/model/config.h"
#include "proxycore/yaml/node.h"

namespace routedeck::tests::appmesh {

using tests::at;
using tests::findDoc;
using tests::hasItem;
using tests::text;

// Imports the appmesh.k8s.aws documents of a YAML text (other documents are
// skipped: Kubernetes objects belong to another importer).
core::model::Config importText(const std::string& yaml, core::Diagnostics& diags,
                               const std::string& fileName = "inline.yaml");
// Same for several files; returns the parsed App Mesh documents too, in order.
core::model::Config importFiles(const QStringList& files, core::Diagnostics& diags,
                                std::vector<core::yaml::Node>* documents = nullptr);
bool isAppMesh(const core::yaml::Node& doc);
// Imports every document (Namespaces and Services too) through the dialect
// dispatcher, as `routedeck convert` does.
core::model::Config importAll(const QStringList& files, core::Diagnostics& diags);

// expected-behaviour.yaml's walkthrough `name`, or nullptr.
const core::yaml::Node* walkthrough(const core::yaml::Node& expected, const std::string& name);
// The Kubernetes Service name App Mesh resolved a VirtualNode to (its DNS hostname's first label).
std::string serviceOfNode(const core::model::Config& config, const std::string& node);

// The corpus folder of App Mesh samples, or empty (callers QSKIP).
QString samplesDir();


}  // namespace routedeck::tests::appmesh
