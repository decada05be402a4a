#pragma once
// The forward path's gRPC semantics (grpc_status.h has which requests are
// gRPC and the local replies): deadlines, statuses, per-method naming.

#include <chrono>
#include <optional>
#include <string_view>

#include "proxycore/model/policy.h"
#include "proxycore/net/http_message.h"

namespace routedeck::core::proxy {

// The grpc-timeout value ("1-8 digits" then H, M, S, m, u or n) as a
// duration rounded up to whole milliseconds; nullopt when malformed.
std::optional<std::chrono::milliseconds> parseGrpcTimeout(std::string_view value);

// The caller's grpc-timeout becomes the request timeout when it is shorter
// than the route's (its expiry answers 504, DEADLINE_EXCEEDED for gRPC).
void applyGrpcTimeout(const net::RequestHead& head, model::Timeouts& timeouts);

// grpc-status of a header block, nullopt when absent or not a number.
std::optional<int> grpcStatusOf(const net::Headers& h);

// "/pkg.Service/Method" → service "pkg.Service", method "Method"; false for
// any other path shape.
bool splitGrpcPath(std::string_view path, std::string_view& service, std::string_view& method);

}  // namespace routedeck::core::proxy
