#pragma once

#include <string>
#include <utility>
#include <vector>

#include "proxycore/model/action.h"
#include "proxycore/router/request.h"

namespace routedeck::core::router {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// What Envoy %COMMAND% header values may refer to.
struct FormatContext {
  std::string downstreamAddress = "127.0.0.1";
  int downstreamPort = 0;
  std::string protocol = "HTTP/1.1";
  const Request* request = nullptr;  // for %REQ(name)%
};

// Expands the Envoy format commands RouteDeck knows (DOWNSTREAM_REMOTE_ADDRESS
// and _WITHOUT_PORT, DOWNSTREAM_LOCAL_ADDRESS..., PROTOCOL, REQ(name), "%%");
// others are left as written.
std::string formatHeaderValue(const std::string& value, const FormatContext& ctx);

// Applies a header modifier in Envoy's order: removals, then overwrites, then
// appends (a repeated header keeps each value; lookups join them with ",").
// Names compare case-insensitively. ctx == nullptr: values are literal.
void applyHeaderModifier(const model::HeaderModifier& m, HeaderList& headers,
                         const FormatContext* ctx);

}  // namespace routedeck::core::router
