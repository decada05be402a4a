#include "proxycore/proxy/local_reply.h"

#include "proxycore/proxy/grpc_status.h"
#include "proxycore/proxy/request_builder.h"

namespace routedeck::core::proxy {

asio::awaitable<void> localReply(net::ServerExchange& ex, RequestInfo& info, int status,
                                 const char* flag, const std::string& body, net::Headers headers,
                                 const model::HeaderModifier* extra) {
  if (status >= 400 && isGrpcRequest(ex.request())) {
    // A gRPC client reads only grpc-status; an HTTP error page would reach
    // it as a bare INTERNAL/UNKNOWN with the cause lost.
    std::string message = body;
    while (!message.empty() && message.back() == '\n') message.pop_back();
    co_await grpcLocalReply(ex, info, status, grpcCodeForLocalReply(status, flag), flag, message,
                            std::move(headers), extra);
    co_return;
  }
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

asio::awaitable<void> grpcLocalReply(net::ServerExchange& ex, RequestInfo& info, int httpStatus,
                                     int grpcCode, const char* flag, const std::string& message,
                                     net::Headers headers, const model::HeaderModifier* extra) {
  // Statistics keep the HTTP meaning (a 503 is an error on the charts); the
  // wire carries gRPC's trailers-only form: 200 and the status in HEADERS.
  info.status = httpStatus;
  info.localReply = true;
  if (flag) {
    info.addFlag(flag);
    headers.set("x-routedeck-response-flags", info.flags);
  }
  if (extra) {
    applyHeaderModifier(headers, *extra);
  }
  headers.set("content-type", "application/grpc");
  headers.set("grpc-status", std::to_string(grpcCode));
  if (!message.empty()) {
    headers.set("grpc-message", grpcMessageEncode(message));
  }
  co_await ex.respond(200, std::move(headers), {});
}

}  // namespace routedeck::core::proxy
