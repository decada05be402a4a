#pragma once

#include <string>
#include <vector>

#include "proxycore/router/route_table.h"
#include "proxycore/yaml/node.h"

namespace routedeck::tests {

// Outcome of checking one transcribed conformance case against the router.
struct CaseResult {
  enum class Kind { Pass, Fail, Skip } kind = Kind::Skip;
  std::string why;
};

// Checks one case of a conformance test file (see the corpus README for the
// format) against `table`. Cases whose outcome depends on the data plane
// (timeouts, retries, traffic distribution, WebSocket) are skipped with the
// reason; everything routing decides is compared.
CaseResult checkCase(const core::router::RouteTable& table, const core::yaml::Node& testFile,
                     const core::yaml::Node& testCase);

}  // namespace routedeck::tests
