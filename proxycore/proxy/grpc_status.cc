#include "proxycore/proxy/grpc_status.h"

#include <array>
#include <cstring>

#include "proxycore/proxy/request_info.h"

namespace routedeck::core::proxy {

namespace {
constexpr std::array<std::string_view, 17> kNames = {
    "OK",        "CANCELLED",          "UNKNOWN",        "INVALID_ARGUMENT", "DEADLINE_EXCEEDED",
    "NOT_FOUND", "ALREADY_EXISTS",     "PERMISSION_DENIED", "RESOURCE_EXHAUSTED",
    "FAILED_PRECONDITION", "ABORTED",  "OUT_OF_RANGE",   "UNIMPLEMENTED",    "INTERNAL",
    "UNAVAILABLE", "DATA_LOSS",        "UNAUTHENTICATED"};

bool flagIs(const char* flag, const char* expected) { return flag && std::strcmp(flag, expected) == 0; }
}  // namespace

bool isGrpcRequest(const net::RequestHead& head) {
  const std::string* ct = head.headers.find("content-type");
  if (!ct || ct->size() < 16 || !net::iequals(std::string_view(*ct).substr(0, 16), "application/grpc")) {
    return false;
  }
  return ct->size() == 16 || (*ct)[16] == '+' || (*ct)[16] == ';';
}

std::optional<int> grpcCodeFromName(std::string_view name) {
  if (!name.empty() && name.size() <= 2 && name.find_first_not_of("0123456789") == std::string_view::npos) {
    const int code = std::stoi(std::string(name));
    return code < static_cast<int>(kNames.size()) ? std::optional<int>(code) : std::nullopt;
  }
  std::string upper(name);
  for (char& c : upper) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c == '-') c = '_';
  }
  for (size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == upper) return static_cast<int>(i);
  }
  return std::nullopt;
}

std::string_view grpcCodeName(int code) {
  return code >= 0 && code < static_cast<int>(kNames.size()) ? kNames[static_cast<size_t>(code)] : "UNKNOWN";
}

int grpcCodeForLocalReply(int httpStatus, const char* flag) {
  if (flagIs(flag, flags::kNoRoute)) return 12;          // UNIMPLEMENTED
  if (flagIs(flag, flags::kUpstreamTimeout)) return 4;   // DEADLINE_EXCEEDED
  switch (httpStatus) {
    case 400: return 13;  // INTERNAL
    case 401: return 16;  // UNAUTHENTICATED
    case 403: return 7;   // PERMISSION_DENIED
    case 404: return 12;  // UNIMPLEMENTED
    case 408: return 4;   // DEADLINE_EXCEEDED
    case 413: return 8;   // RESOURCE_EXHAUSTED
    case 429:
    case 502:
    case 503: return 14;  // UNAVAILABLE
    case 504: return 4;   // DEADLINE_EXCEEDED
    default: return 2;    // UNKNOWN
  }
}

std::string grpcMessageEncode(std::string_view text) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    if (c >= 0x20 && c <= 0x7e && c != '%') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    }
  }
  return out;
}

}  // namespace routedeck::core::proxy
