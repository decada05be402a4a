#pragma once

#include <string>

#include "proxycore/yaml/node.h"
#include "tests/proxycore/conformance_live/live_case.h"

namespace routedeck::tests {

// Whether the listener on 127.0.0.1:port answers the HTTP/2 client preface
// (prior knowledge, h2c) with a SETTINGS frame; `why` says what it did
// instead. gRPC cases are skipped while the proxy cannot.
bool speaksH2c(int port, std::string* why);

// One gRPC conformance case (README "gRPC case"): the call goes to the
// proxy's listener with the case's :authority and metadata; grpcStatus,
// the answering backend, namespace and method are compared, and for
// GRPCRouteWeight the share each backend gets. `uncertain` cases are
// checked on status, backend and namespace only.
LiveResult runGrpcCase(LiveEnvironment& env, const core::yaml::Node& testFile, const core::yaml::Node& testCase);

}  // namespace routedeck::tests
