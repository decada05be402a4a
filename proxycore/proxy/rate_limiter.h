#pragma once

#include <chrono>
#include <mutex>

namespace routedeck::core::proxy {

// Token bucket shared by all workers for one route rule. The lock is held
// for a few instructions and only rules with a rate limit take it.
class TokenBucket {
 public:
  using Clock = std::chrono::steady_clock;
  TokenBucket(double tokensPerSecond, double burst)
      : m_rate(tokensPerSecond), m_burst(burst), m_tokens(burst), m_last(Clock::now()) {}

  // Takes a token; on refusal sets retryAfter to when one will be there.
  bool take(std::chrono::milliseconds* retryAfter) {
    std::lock_guard lock(m_mutex);
    auto now = Clock::now();
    double elapsed = std::chrono::duration<double>(now - m_last).count();
    m_last = now;
    m_tokens = std::min(m_burst, m_tokens + elapsed * m_rate);
    if (m_tokens >= 1.0) {
      m_tokens -= 1.0;
      return true;
    }
    if (retryAfter) {
      double wait = m_rate > 0 ? (1.0 - m_tokens) / m_rate : 1.0;
      *retryAfter = std::chrono::milliseconds(static_cast<long>(wait * 1000.0) + 1);
    }
    return false;
  }

 private:
  std::mutex m_mutex;
  double m_rate;
  double m_burst;
  double m_tokens;
  Clock::time_point m_last;
};

}  // namespace routedeck::core::proxy
