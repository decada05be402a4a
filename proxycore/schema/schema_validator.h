#pragma once

#include "proxycore/common/diagnostics.h"
#include "proxycore/yaml/node.h"

namespace routedeck::core::schema {

// Validates one Kubernetes-style document against the OpenAPI v3 schema of its
// apiVersion/kind, as the CRD (or core API) defines it: types, enums, ranges,
// lengths, patterns, required fields and unknown fields. Every violation is
// reported, each at the offending node with its field path.
// Returns false when no schema is known for the document's apiVersion/kind.
bool validateDocument(const yaml::Document& doc, Diagnostics& diags);

// True when RouteDeck carries a schema for apiVersion/kind.
bool hasSchema(const std::string& apiVersion, const std::string& kind);

// How many distinct CRD patterns RE2 cannot compile (ECMA-only syntax such as
// look-ahead). Those patterns are not enforced; everything else still is.
int skippedPatternCount();

}  // namespace routedeck::core::schema
