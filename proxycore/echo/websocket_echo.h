#pragma once

#include <asio/awaitable.hpp>

#include "proxycore/net/server_exchange.h"

namespace routedeck::core::echo {

// The echo backend's /ws (gateway-api echo-basic): checks the opening
// handshake (GET, Sec-WebSocket-Version 13, a valid Sec-WebSocket-Key),
// answers 101 with Sec-WebSocket-Accept, then echoes every text, binary and
// continuation frame as it came, answers pings with pongs and a close with
// a close of the same code, and returns (the connection closes). A bad
// handshake gets 400, or 426 for another protocol version; a protocol
// violation gets a close frame with 1002 (or 1009 for a frame too large).
asio::awaitable<void> serveWebSocketEcho(net::ServerExchange& ex);

}  // namespace routedeck::core::echo
