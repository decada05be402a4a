#pragma once
// gRPC over HTTP/2 as the proxy sees it: which requests are gRPC, the
// status codes by name, and how a proxy-made HTTP answer reads as gRPC.

#include <optional>
#include <string>
#include <string_view>

#include "proxycore/net/http_message.h"

namespace routedeck::core::proxy {

// content-type application/grpc or application/grpc+proto etc. (not
// grpc-web, whose trailers travel in the body).
bool isGrpcRequest(const net::RequestHead& head);

// "UNAVAILABLE" / "unavailable" / "14" → 14; nullopt for anything else.
std::optional<int> grpcCodeFromName(std::string_view name);
std::string_view grpcCodeName(int code);

// The gRPC status a proxy-generated HTTP status stands for (gRPC's
// http-grpc-status-mapping, with the cases a proxy knows better: no route
// is UNIMPLEMENTED, an upstream timeout DEADLINE_EXCEEDED).
int grpcCodeForLocalReply(int httpStatus, const char* flag);

// grpc-message is percent-encoded (PROTOCOL-HTTP2.md): printable ASCII
// except '%' stays, everything else becomes %XX.
std::string grpcMessageEncode(std::string_view text);

}  // namespace routedeck::core::proxy
