#pragma once

#include <string>

#include "proxycore/yaml/node.h"
#include "tests/proxycore/conformance_live/live_case.h"

namespace routedeck::tests {

// A case whose request protocol is "WebSocket (HTTP/1.1 Upgrade)": dials
// ws://<host><path> through 127.0.0.1:port with a real client
// (python3-websockets), sends expect.websocket.textEcho as a text message
// and binaryEcho as a binary one, and passes when the handshake gets 101
// and each comes back unchanged. Skips when the client is not installed.
LiveResult runWebSocketCase(int port, const std::string& testName, const core::yaml::Node& request,
                            const core::yaml::Node& expect);

}  // namespace routedeck::tests
