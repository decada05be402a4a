#include "proxycore/proxy/grpc.h"

#include <algorithm>

namespace routedeck::core::proxy {

std::optional<std::chrono::milliseconds> parseGrpcTimeout(std::string_view v) {
  if (v.size() < 2 || v.size() > 9) return std::nullopt;
  uint64_t n = 0;
  for (char c : v.substr(0, v.size() - 1)) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<uint64_t>(c - '0');
  }
  auto up = [](uint64_t x, uint64_t per) { return (x + per - 1) / per; };
  uint64_t ms = 0;
  switch (v.back()) {
    case 'H': ms = n * 3600 * 1000; break;
    case 'M': ms = n * 60 * 1000; break;
    case 'S': ms = n * 1000; break;
    case 'm': ms = n; break;
    case 'u': ms = up(n, 1000); break;
    case 'n': ms = up(n, 1000 * 1000); break;
    default: return std::nullopt;
  }
  return std::chrono::milliseconds(static_cast<int64_t>(ms));
}

void applyGrpcTimeout(const net::RequestHead& head, model::Timeouts& timeouts) {
  const std::string* v = head.headers.find("grpc-timeout");
  if (!v) return;
  const auto t = parseGrpcTimeout(*v);
  if (!t) return;
  // Zero would mean "no timeout" to the forward path; the caller's deadline
  // has simply already passed.
  const long long ms = std::max<long long>(1, t->count());
  if (!timeouts.request || timeouts.request->millis <= 0 || ms < timeouts.request->millis) {
    timeouts.request = model::Duration::fromMillis(ms);
  }
}

std::optional<int> grpcStatusOf(const net::Headers& h) {
  const std::string* s = h.find("grpc-status");
  if (!s || s->empty() || s->size() > 3) return std::nullopt;
  int code = 0;
  for (char c : *s) {
    if (c < '0' || c > '9') return std::nullopt;
    code = code * 10 + (c - '0');
  }
  return code;
}

bool splitGrpcPath(std::string_view path, std::string_view& service, std::string_view& method) {
  if (path.size() < 4 || path.front() != '/') return false;
  const size_t slash = path.find('/', 1);
  if (slash == std::string_view::npos || slash == 1 || slash + 1 >= path.size() ||
      path.find_first_of("/?", slash + 1) != std::string_view::npos) {
    return false;
  }
  service = path.substr(1, slash - 1);
  method = path.substr(slash + 1);
  return true;
}

}  // namespace routedeck::core::proxy
