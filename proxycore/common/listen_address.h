#pragma once

#include <string>

#include "proxycore/common/result.h"

namespace routedeck::core {

// A HOST:PORT a server option binds (--metrics, --admin): an IPv4 or
// bracketed IPv6 literal and a port in 0..65535 (0 = any free one).
struct ListenAddress {
  std::string host;     // as a bind address: IPv6 keeps its brackets
  std::string literal;  // without brackets, for messages
  int port = 0;
  bool loopback = false;
};

// Errors read "FLAG "ADDRESS": why"; `example` shows the expected form.
Result<ListenAddress> parseListenAddress(const std::string& flag, const std::string& address,
                                         const std::string& example);

}  // namespace routedeck::core
