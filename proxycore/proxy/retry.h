#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <random>

#include "proxycore/model/policy.h"

namespace routedeck::core::proxy {

// How an upstream attempt ended, for retry decisions and response flags.
enum class AttemptFailure { None, ConnectFailure, Reset, Timeout };

// Retry-on semantics of Envoy's router (which Istio and App Mesh compile
// to): "5xx" and "server-error" cover every 5xx plus resets, connect
// failures and per-try timeouts; "gateway-error" covers 502/503/504 and the
// same failures; "reset", "connect-failure" cover only those; with
// "retriable-status-codes" (or a Gateway API codes list) the listed codes.
// A policy that names no condition retries the gateway errors and failures.
class RetryDecider {
 public:
  explicit RetryDecider(const model::RetryPolicy* policy) : m_policy(policy) {}

  int maxAttempts() const;
  bool retryStatus(int status) const;
  bool retryFailure(AttemptFailure f) const;
  // A gRPC status in the response headers (a trailers-only answer), as
  // Envoy's retry-on "cancelled", "deadline-exceeded", "internal",
  // "resource-exhausted" and "unavailable" (Istio retryOn, App Mesh
  // grpcRetryEvents).
  bool retryGrpcStatus(int grpcStatus) const;
  // Why a response with `status` (and, for gRPC, the head's `grpcStatus`)
  // is retried — "status 503", "grpc-status 14" — or empty when it is not.
  std::string retryReason(int status, std::optional<int> grpcStatus) const;
  // Exponential back-off with full jitter before retry number `retry` (1-based).
  std::chrono::milliseconds backoff(int retry, std::mt19937_64& rng) const;

 private:
  bool has(const char* condition) const;
  const model::RetryPolicy* m_policy;
};

}  // namespace routedeck::core::proxy
