#pragma once

#include "tests/support/yaml_output.h"

#include <QStringList>

#include <map>
#include <string>
#include <vector>

#include "proxycore/common/diagnostics.h"
#include "proxycore/dialects/fidelity.h"
#include "proxycore/model/config.h"
#include "proxycore/yaml/node.h"

namespace routedeck::tests::istio {

using tests::at;
using tests::findDoc;
using tests::hasItem;
using tests::text;

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
