#pragma once

#include <QStringList>

#include <map>
#include <string>
#include <vector>

#include "proxycore/common/diagnostics.h"
#include "proxycore/dialects/fidelity.h"
#include "proxycore/model/config.h"
#include "proxycore/yaml/node.h"

namespace routedeck::tests::istio {

// Imports the documents of a YAML text: networking.istio.io documents through
// the Istio importer, gateway.networking.k8s.io ones through the Gateway API
// importer, Services through the Kubernetes one; others are skipped.
core::model::Config importText(const std::string& yaml, core::Diagnostics& diags,
                               const std::string& fileName = "inline.yaml");
// Re-imports exported documents as if they were one file.
core::model::Config reimport(const std::vector<core::yaml::Node>& docs, core::Diagnostics& diags);
bool isIstio(const core::yaml::Node& doc);

// The corpus folder of Istio samples, or empty (callers QSKIP).
QString samplesDir();

// A flat "key=value" listing of a model, one fact per line, so tests can
// assert the fields they care about from a _data() table.
QStringList describe(const core::model::Config& config);

const core::yaml::Node* findDoc(const std::vector<core::yaml::Node>& docs, const std::string& kind,
                                const std::string& name);
// Dotted path lookup: "spec.http[0].match[1].uri.prefix".
const core::yaml::Node* at(const core::yaml::Node& root, const std::string& path);
std::string text(const core::yaml::Node& root, const std::string& path);
// Does a fidelity item of that level have an object, feature and detail
// containing the given parts?
bool hasItem(const core::dialects::FidelityReport& report, core::dialects::Fidelity level,
             const std::string& objectPart, const std::string& featurePart,
             const std::string& detailPart = {});

// A request for the first-match simulator; header names lower-case.
struct Request {
  std::string path = "/";
  std::string method = "GET";
  std::map<std::string, std::string> headers;
};
Request parseRequest(const core::yaml::Node& request);
// Istio semantics: the first http[] entry with a matching match wins. Returns
// the index of the rule or -1 (404).
int firstMatch(const core::model::Route& vs, const Request& req);

}  // namespace routedeck::tests::istio
