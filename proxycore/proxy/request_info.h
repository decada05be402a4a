#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "proxycore/proxy/request_trace.h"
#include "proxycore/proxy/trace_context.h"

namespace routedeck::core::proxy {

// Envoy-style response flags: why a reply was generated or degraded.
namespace flags {
inline constexpr const char* kNoRoute = "NR";
inline constexpr const char* kNoHealthyUpstream = "UH";
inline constexpr const char* kUpstreamConnectFailure = "UF";
inline constexpr const char* kUpstreamTimeout = "UT";
inline constexpr const char* kUpstreamReset = "UC";
inline constexpr const char* kRetryLimitExceeded = "URX";
inline constexpr const char* kFaultAbort = "FI";
inline constexpr const char* kFaultDelay = "DI";
inline constexpr const char* kRateLimited = "RL";
inline constexpr const char* kDownstreamDisconnect = "DC";
inline constexpr const char* kMisdirected = "MR";
}  // namespace flags

// What happened to one request; filled along the way, read by the access
// log and stats (observability issue).
struct RequestInfo {
  std::chrono::steady_clock::time_point start;
  std::string requestId;
  TraceContext trace;
  // Spans of a sampled request (null when not sampled); shared with mirrors
  // that outlive the response.
  std::shared_ptr<RequestTrace> recording;
  std::string routeKind, routeNamespace, routeName;
  int rule = -1;
  std::string backend;   // ns/name
  std::string endpoint;  // host:port of the last attempt
  int status = 0;
  std::string flags;     // comma-separated
  int attempts = 0;
  uint64_t bytesIn = 0;
  uint64_t bytesOut = 0;
  std::chrono::microseconds upstreamTime{-1};  // < 0: no upstream response head
  std::chrono::steady_clock::time_point upstreamStart;  // of the last attempt
  int connectFailures = 0;
  bool localReply = false;
  // gRPC requests: the backend's grpc-status (trailers, or headers of a
  // trailers-only answer); -1 when none was relayed.
  bool grpc = false;
  int grpcStatus = -1;
  // Stats slots (stats::kNoSlot until known), set by RequestStatsScope.
  uint32_t ruleSlot = UINT32_MAX;
  uint32_t backendSlot = UINT32_MAX;

  void addFlag(const char* f) {
    if (!flags.empty()) flags += ',';
    flags += f;
  }
};

}  // namespace routedeck::core::proxy
