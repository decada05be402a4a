#pragma once
// The test control API under /fixture/v1/ (no authentication): faults,
// compaction, dropping watches, extra tokens and the request log. See
// README.md for the request bodies.

#include <string>
#include <string_view>

#include "tests/kubeapi/api_status.h"
#include "tests/kubeapi/server_state.h"

namespace routedeck::tests::kubeapi {

inline constexpr std::string_view kControlPrefix = "/fixture/v1/";

Answer handleControl(ServerState& state, const std::string& method, const std::string& path,
                     std::string_view body);

}  // namespace routedeck::tests::kubeapi
