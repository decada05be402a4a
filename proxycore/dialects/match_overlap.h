#pragma once

#include <string>

#include "proxycore/model/match.h"

namespace routedeck::core::dialects {

// Whether some request could satisfy both matches. Conservative: it answers
// false only when the two provably exclude each other (different exact paths,
// disjoint prefixes, different methods or ports, different exact values of
// the same header, query parameter, gRPC service or method). Translators use
// it to find rule pairs whose winner changes between first-match (Istio,
// App Mesh priority) and most-specific-match (Gateway API) ordering.
bool mayOverlap(const model::RouteMatch& a, const model::RouteMatch& b);

// Does `value` (a request path, or the start of one) satisfy the path match?
// Regular expressions answer false: they cannot be decided on a prefix.
bool pathAccepts(const model::PathMatch& p, const std::string& value, bool ignoreCase);

// The literal every path accepted by a prefix match starts with.
std::string prefixStem(const model::PathMatch& p);

}  // namespace routedeck::core::dialects
