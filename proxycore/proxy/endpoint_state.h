#pragma once

#include <asio/ip/tcp.hpp>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

namespace routedeck::core::proxy {

// Passive outlier detection settings (Envoy's consecutive_5xx idea).
struct OutlierSettings {
  int consecutiveFailures = 5;
  std::chrono::milliseconds baseEjection{30000};
  std::chrono::milliseconds maxEjection{300000};
};

// Health of one backend address, shared by every worker and kept across
// reloads (the registry hands the same object to each new runtime).
class EndpointState {
 public:
  EndpointState(std::string address, asio::ip::tcp::endpoint ep)
      : m_address(std::move(address)), m_endpoint(ep) {}

  const std::string& address() const { return m_address; }
  const asio::ip::tcp::endpoint& endpoint() const { return m_endpoint; }

  bool available(int64_t nowMs) const {
    return m_healthy.load(std::memory_order_relaxed) &&
           m_ejectedUntilMs.load(std::memory_order_relaxed) <= nowMs;
  }
  bool ejected(int64_t nowMs) const {
    return m_ejectedUntilMs.load(std::memory_order_relaxed) > nowMs;
  }
  void setHealthy(bool healthy) { m_healthy.store(healthy, std::memory_order_relaxed); }
  bool healthy() const { return m_healthy.load(std::memory_order_relaxed); }
  int ejections() const { return m_ejections.load(std::memory_order_relaxed); }

  void recordSuccess() {
    if (m_consecutive.load(std::memory_order_relaxed) != 0) {
      m_consecutive.store(0, std::memory_order_relaxed);
    }
  }
  // A 5xx answer or a connect failure. Returns true when this ejected it.
  bool recordFailure(const OutlierSettings& s, int64_t nowMs) {
    int n = m_consecutive.fetch_add(1, std::memory_order_relaxed) + 1;
    if (n < s.consecutiveFailures || ejected(nowMs)) {
      return false;
    }
    m_consecutive.store(0, std::memory_order_relaxed);
    // Each ejection lasts longer, as in Envoy: base × times ejected.
    int times = m_ejections.fetch_add(1, std::memory_order_relaxed) + 1;
    auto span = std::min<int64_t>(s.baseEjection.count() * times, s.maxEjection.count());
    m_ejectedUntilMs.store(nowMs + span, std::memory_order_relaxed);
    return true;
  }

  static int64_t nowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
  }

 private:
  std::string m_address;
  asio::ip::tcp::endpoint m_endpoint;
  std::atomic<int> m_consecutive{0};
  std::atomic<int> m_ejections{0};
  std::atomic<int64_t> m_ejectedUntilMs{0};
  std::atomic<bool> m_healthy{true};
};

}  // namespace routedeck::core::proxy
