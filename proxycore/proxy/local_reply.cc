#include "proxycore/proxy/local_reply.h"

#include "proxycore/proxy/request_builder.h"

namespace routedeck::core::proxy {

asio::awaitable<void> localReply(net::ServerExchange& ex, RequestInfo& info, int status,
                                 const char* flag, const std::string& body, net::Headers headers,
                                 const model::HeaderModifier* extra) {
  info.status = status;
  info.localReply = true;
  if (flag) {
    info.addFlag(flag);
    headers.set("x-routedeck-response-flags", info.flags);
  }
  if (extra) {
    applyHeaderModifier(headers, *extra);
  }
  co_await ex.respond(status, std::move(headers), body);
}

}  // namespace routedeck::core::proxy
