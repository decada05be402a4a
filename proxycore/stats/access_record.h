#pragma once

// One finished request as the access log and the GUI's recent-requests list
// see it. Workers fill these raw (the target may still carry secrets); the
// collector redacts before anything is stored or written (access_log_format.h).

#include <array>
#include <chrono>
#include <cstdint>
#include <string>

namespace routedeck::core::stats {

struct AccessRecord {
  std::chrono::system_clock::time_point time;  // request start
  std::string requestId;
  std::string traceId;  // W3C trace id once tracing lands; empty until then
  std::string client;   // address:port; filled by the collector from clientAddress
  // The worker copies the raw address (formatting it costs more than the
  // rest of the record); the collector formats it.
  struct RawAddress {
    std::array<unsigned char, 16> bytes{};
    bool v6 = false;
    uint16_t port = 0;
  } clientAddress;
  std::string method, authority, path, protocol;
  int status = 0;
  std::string flags;  // "UT,URX"
  std::string routeKind, routeNamespace, routeName;
  int rule = -1;
  std::string backend;   // BackendStats::service
  std::string endpoint;  // host:port of the last attempt
  int attempts = 0;
  uint64_t bytesIn = 0, bytesOut = 0;
  double totalSeconds = 0;
  double upstreamSeconds = -1;  // < 0: no upstream answer
  std::string userAgent;
  // gRPC calls (content-type application/grpc*): from :path
  // "/pkg.Service/Method", and the grpc-status relayed (-1: none).
  std::string grpcService, grpcMethod;
  int grpcStatus = -1;

  std::string ruleId() const;  // RuleKey::id() form, empty without a route
  void formatClient();         // client from clientAddress
};

}  // namespace routedeck::core::stats
