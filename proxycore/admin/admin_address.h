#pragma once

#include <string>

#include "proxycore/common/result.h"

namespace routedeck::core::admin {

// How the admin endpoint authenticates callers.
struct AdminSecurity {
  std::string token;       // the bearer token (file content, trimmed); empty = none
  std::string tlsCertPem;  // server certificate chain; with key and client CA = mTLS
  std::string tlsKeyPem;
  std::string tlsClientCaPem;
  bool hasTls() const { return !tlsCertPem.empty(); }
  bool authenticated() const { return !token.empty() || hasTls(); }
};

// Parses and checks an --admin address (HOST:PORT with an IPv4 or bracketed
// IPv6 literal, port 0..65535). A non-loopback host is refused unless
// `authenticated`: the admin API can change routing.
Result<bool> parseAdminAddress(const std::string& address, bool authenticated, std::string* host,
                               int* port);

// Reads a token file: its content without surrounding whitespace. Invalid
// when empty, Io when unreadable. The message never contains the token.
Result<std::string> readTokenFile(const std::string& path);

// Reads a whole (PEM) file.
Result<std::string> readPemFile(const std::string& path, const std::string& what);

// Equal strings, in time that depends only on the lengths (a token check
// must not tell an attacker how many leading bytes were right).
bool constantTimeEquals(const std::string& a, const std::string& b);

}  // namespace routedeck::core::admin
