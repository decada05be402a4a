#pragma once

#include <vector>

#include "proxycore/dialects/reader.h"
#include "proxycore/model/config.h"

namespace routedeck::core::dialects::kubernetes {

// Core objects every dialect leans on: Service (backends), Namespace
// (labels for allowedRoutes and App Mesh selectors) and Secret (TLS
// certificates of HTTPS listeners).
void importDocument(const Reader& r, model::Config& out);

// Services, Namespaces and unmodelled objects, patched onto their originals.
void exportDocuments(const model::Config& config, std::vector<yaml::Node>& out);

}  // namespace routedeck::core::dialects::kubernetes
