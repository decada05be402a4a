#include "proxycore/admin/admin_address.h"

#include <arpa/inet.h>

#include <fstream>
#include <sstream>

namespace routedeck::core::admin {

namespace {

bool isLoopback(const unsigned char* bytes, bool v6) {
  if (!v6) {
    return bytes[0] == 127;
  }
  static const unsigned char kLoopback6[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  return std::equal(bytes, bytes + 16, kLoopback6);
}

}  // namespace

Result<bool> parseAdminAddress(const std::string& address, bool authenticated, std::string* host,
                               int* port) {
  auto bad = [&](const std::string& why) {
    return makeError(ErrorCode::Invalid, "--admin \"" + address + "\": " + why);
  };
  const size_t colon = address.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    return bad("expected HOST:PORT, e.g. 127.0.0.1:9901");
  }
  std::string h = address.substr(0, colon);
  const std::string p = address.substr(colon + 1);
  bool v6 = false;
  if (h.size() >= 2 && h.front() == '[' && h.back() == ']') {
    h = h.substr(1, h.size() - 2);
    v6 = true;
  }
  unsigned char buf[16];
  if (inet_pton(v6 ? AF_INET6 : AF_INET, h.c_str(), buf) != 1) {
    return bad("\"" + h + "\" is not an IPv4 address or a bracketed IPv6 address");
  }
  if (p.empty() || p.size() > 5 || p.find_first_not_of("0123456789") != std::string::npos ||
      std::stoi(p) > 65535) {
    return bad("port \"" + p + "\" is not a number from 0 to 65535");
  }
  if (!authenticated && !isLoopback(buf, v6)) {
    return bad("is not a loopback address; the admin API can change routing, so binding " + h +
               " needs --admin-token-file or mTLS (--admin-tls-cert, --admin-tls-key, "
               "--admin-tls-client-ca)");
  }
  *host = v6 ? "[" + h + "]" : h;
  *port = std::stoi(p);
  return true;
}

Result<std::string> readPemFile(const std::string& path, const std::string& what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return makeError(ErrorCode::Io, what + " \"" + path + "\" cannot be read");
  }
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

Result<std::string> readTokenFile(const std::string& path) {
  auto text = readPemFile(path, "--admin-token-file");
  if (!text) {
    return text.error();
  }
  const std::string& t = *text;
  const size_t first = t.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) {
    return makeError(ErrorCode::Invalid, "--admin-token-file \"" + path + "\" is empty");
  }
  const size_t last = t.find_last_not_of(" \t\r\n");
  return t.substr(first, last - first + 1);
}

bool constantTimeEquals(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) {
    return false;
  }
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  }
  return diff == 0;
}

}  // namespace routedeck::core::admin
