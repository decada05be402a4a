#include "proxycore/proxy/retry.h"

#include <algorithm>

namespace routedeck::core::proxy {

bool RetryDecider::has(const char* condition) const {
  return std::find(m_policy->retryOn.begin(), m_policy->retryOn.end(), condition) !=
         m_policy->retryOn.end();
}

int RetryDecider::maxAttempts() const {
  if (!m_policy) {
    return 1;
  }
  return 1 + std::max(0, m_policy->attempts.value_or(1));
}

bool RetryDecider::retryStatus(int status) const {
  if (!m_policy) {
    return false;
  }
  const auto& codes = m_policy->statusCodes;
  if (std::find(codes.begin(), codes.end(), status) != codes.end()) {
    return true;
  }
  if (m_policy->retryOn.empty()) {
    return codes.empty() && (status == 502 || status == 503 || status == 504);
  }
  if ((has("5xx") || has("server-error")) && status >= 500) {
    return true;
  }
  if (has("gateway-error") && (status == 502 || status == 503 || status == 504)) {
    return true;
  }
  if (has("retriable-4xx") && status == 409) {
    return true;
  }
  return false;
}

bool RetryDecider::retryFailure(AttemptFailure f) const {
  if (!m_policy || f == AttemptFailure::None) {
    return false;
  }
  if (m_policy->retryOn.empty() || has("5xx") || has("server-error") || has("gateway-error")) {
    return true;
  }
  switch (f) {
    case AttemptFailure::ConnectFailure:
      return has("connect-failure") || has("reset");
    case AttemptFailure::Reset:
      return has("reset") || has("stream-error");
    case AttemptFailure::Timeout:
      return has("reset");
    default:
      return false;
  }
}

bool RetryDecider::retryGrpcStatus(int grpcStatus) const {
  if (!m_policy) {
    return false;
  }
  switch (grpcStatus) {
    case 1: return has("cancelled");
    case 4: return has("deadline-exceeded");
    case 8: return has("resource-exhausted");
    case 13: return has("internal");
    case 14: return has("unavailable");
    default: return false;
  }
}

std::chrono::milliseconds RetryDecider::backoff(int retry, std::mt19937_64& rng) const {
  long long base = m_policy && m_policy->backoff ? m_policy->backoff->millis : 25;
  long long cap = m_policy && m_policy->maxBackoff ? m_policy->maxBackoff->millis : base * 10;
  long long ceiling = base;
  for (int i = 1; i < retry && ceiling < cap; ++i) {
    ceiling *= 2;
  }
  ceiling = std::max(1LL, std::min(ceiling, cap));
  return std::chrono::milliseconds(static_cast<long long>(rng() % static_cast<uint64_t>(ceiling + 1)));
}

std::string RetryDecider::retryReason(int status, std::optional<int> grpcStatus) const {
  if (retryStatus(status)) return "status " + std::to_string(status);
  if (grpcStatus && retryGrpcStatus(*grpcStatus)) return "grpc-status " + std::to_string(*grpcStatus);
  return {};
}

}  // namespace routedeck::core::proxy
