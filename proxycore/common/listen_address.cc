#include "proxycore/common/listen_address.h"

#include <arpa/inet.h>

#include <algorithm>

namespace routedeck::core {

namespace {

bool isLoopback(const unsigned char* bytes, bool v6) {
  if (!v6) {
    return bytes[0] == 127;
  }
  static const unsigned char kLoopback6[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  return std::equal(bytes, bytes + 16, kLoopback6);
}

}  // namespace

Result<ListenAddress> parseListenAddress(const std::string& flag, const std::string& address,
                                         const std::string& example) {
  auto bad = [&](const std::string& why) {
    return makeError(ErrorCode::Invalid, flag + " \"" + address + "\": " + why);
  };
  const size_t colon = address.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    return bad("expected HOST:PORT, e.g. " + example);
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
  ListenAddress out;
  out.host = v6 ? "[" + h + "]" : h;
  out.literal = h;
  out.port = std::stoi(p);
  out.loopback = isLoopback(buf, v6);
  return out;
}

}  // namespace routedeck::core
