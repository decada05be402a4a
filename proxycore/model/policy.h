#pragma once

#include <optional>
#include <string>
#include <vector>

#include "proxycore/model/basics.h"
#include "proxycore/model/match.h"

namespace routedeck::core::model {

struct Timeouts {
  std::optional<Duration> request;         // whole request, all retries included
  std::optional<Duration> backendRequest;  // one upstream attempt
  std::optional<Duration> idle;
  bool operator==(const Timeouts&) const = default;
  bool empty() const { return !request && !backendRequest && !idle; }
};

struct RetryPolicy {
  std::optional<int> attempts;  // retries after the first try
  std::optional<Duration> perTryTimeout;
  // Envoy retry-on names: 5xx, gateway-error, reset, connect-failure,
  // retriable-status-codes, server-error (App Mesh), stream-error...
  std::vector<std::string> retryOn;
  std::vector<int> statusCodes;
  std::optional<Duration> backoff;
  std::optional<Duration> maxBackoff;
  bool operator==(const RetryPolicy&) const = default;
};

struct FaultDelay {
  Duration delay;
  std::optional<double> percent;  // absent = 100
  bool operator==(const FaultDelay&) const = default;
};

struct FaultAbort {
  std::optional<int> httpStatus;
  std::optional<std::string> grpcStatus;
  std::optional<double> percent;
  bool operator==(const FaultAbort&) const = default;
};

struct FaultInjection {
  std::optional<FaultDelay> delay;
  std::optional<FaultAbort> abort;
  bool operator==(const FaultInjection&) const = default;
};

struct CorsPolicy {
  std::vector<StringMatch> allowOrigins;
  std::vector<std::string> allowMethods;
  std::vector<std::string> allowHeaders;
  std::vector<std::string> exposeHeaders;
  std::optional<Duration> maxAge;
  std::optional<bool> allowCredentials;
  bool operator==(const CorsPolicy&) const = default;
};

// Token bucket per route: `requests` tokens refilled every `per`, up to `burst`.
struct RateLimit {
  int requests = 0;
  Duration per;
  std::optional<int> burst;
  bool operator==(const RateLimit&) const = default;
};

struct JwtRequirement {
  std::string issuer;
  std::vector<std::string> audiences;
  std::string jwksUri;
  std::optional<std::string> fromHeader;
  bool operator==(const JwtRequirement&) const = default;
};

}  // namespace routedeck::core::model
