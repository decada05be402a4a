#pragma once

#include <vector>

#include "proxycore/dialects/fidelity.h"
#include "proxycore/dialects/reader.h"
#include "proxycore/model/config.h"

namespace routedeck::core::dialects::appmesh {

// Imports an appmesh.k8s.aws/v1beta2 document (Mesh, VirtualGateway,
// GatewayRoute, VirtualRouter, VirtualService, VirtualNode). BackendGroup and
// other kinds become OtherObject.
void importDocument(const Reader& r, model::Config& out);

// Writes the App Mesh objects of `config` back by patching their original
// documents (lossless for fields RouteDeck does not model).
void exportOwn(const model::Config& config, std::vector<yaml::Node>& out);

// App Mesh support ended upstream on 2026-09-30: these two are the migration
// paths. Each GatewayRoute is composed with the VirtualService → VirtualRouter
// → weighted route → VirtualNode chain it leads to, and the VirtualNodes'
// DNS hostnames become Kubernetes Service backends.
void toGatewayApi(const model::Config& config, std::vector<yaml::Node>& out,
                  FidelityReport& report);
void toIstio(const model::Config& config, std::vector<yaml::Node>& out, FidelityReport& report);

// Translates Gateway API and Istio objects into App Mesh documents.
void fromOtherDialects(const model::Config& config, std::vector<yaml::Node>& out,
                       FidelityReport& report);

}  // namespace routedeck::core::dialects::appmesh
