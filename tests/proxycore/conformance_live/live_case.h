#pragma once

#include <string>

#include "proxycore/yaml/node.h"
#include "tests/proxycore/conformance_live/live_env.h"

namespace routedeck::tests {

struct LiveResult {
  enum class Kind { Pass, Fail, Skip } kind = Kind::Pass;
  // Why it failed or was skipped; for a pass, a note on how it ran (if any).
  std::string why;
};

// Sends one conformance case's request(s) through the running proxy and
// checks the answer the way the upstream harness does (README of
// gateway-api-conformance): status, answering backend and namespace, what
// the backend saw, response headers, redirects, mirrors, weight shares.
LiveResult runLiveCase(LiveEnvironment& env, const core::yaml::Node& testFile,
                       const core::yaml::Node& testCase);

}  // namespace routedeck::tests
