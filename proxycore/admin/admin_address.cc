#include "proxycore/admin/admin_address.h"

#include <fstream>
#include <sstream>

#include "proxycore/common/listen_address.h"

namespace routedeck::core::admin {

Result<bool> parseAdminAddress(const std::string& address, bool authenticated, std::string* host,
                               int* port) {
  auto parsed = parseListenAddress("--admin", address, "127.0.0.1:9901");
  if (!parsed) {
    return parsed.error();
  }
  if (!authenticated && !parsed->loopback) {
    return makeError(ErrorCode::Invalid,
                     "--admin \"" + address + "\": is not a loopback address; the admin API can change "
                     "routing, so binding " + parsed->literal +
                         " needs --admin-token-file or mTLS (--admin-tls-cert, --admin-tls-key, "
                         "--admin-tls-client-ca)");
  }
  *host = parsed->host;
  *port = parsed->port;
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
