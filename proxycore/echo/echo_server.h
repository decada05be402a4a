#pragma once

#include <asio/awaitable.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "proxycore/common/result.h"
#include "proxycore/net/server_exchange.h"

namespace routedeck::core::echo {

// Simulated latency: fixed "20ms", "uniform:10ms-50ms", "normal:50ms,10ms"
// (mean, standard deviation) or "exp:30ms" (exponential with that mean).
class LatencyDistribution {
 public:
  static Result<LatencyDistribution> parse(const std::string& text);
  std::chrono::microseconds sample(std::mt19937_64& rng) const;
  bool none() const { return m_kind == Kind::None; }

 private:
  enum class Kind { None, Fixed, Uniform, Normal, Exponential };
  Kind m_kind = Kind::None;
  double m_a = 0;  // microseconds
  double m_b = 0;
};

// One echo identity: what the backend reports as its service, pod and
// namespace, and how it misbehaves.
struct EchoIdentity {
  std::string service;
  std::string pod;
  std::string ns;
  LatencyDistribution latency;
  double errorRate = 0;  // 0..1: share of requests answered 503
};

class EchoState;

// The conformance echo backend's behaviour (gateway-api echo-basic): a JSON
// description of the request; X-Echo-Set-Header; ?delay=; /status/CODE;
// /retry/ with uuid, succeedAfter, responseCode, delayRetry.
class EchoService {
 public:
  explicit EchoService(std::vector<EchoIdentity> identities);
  // Appends one JSON line per request (service, namespace, pod, method,
  // path) to `path`, as a pod's log would show it: tests find mirrored
  // requests there.
  bool openLog(const std::string& path);
  ~EchoService();
  asio::awaitable<void> handle(net::ServerExchange& ex);

 private:
  std::vector<EchoIdentity> m_identities;  // by listener index
  std::unique_ptr<EchoState> m_state;
};

// Go-style header name canonicalisation ("x-foo-bar" → "X-Foo-Bar").
std::string canonicalHeaderName(const std::string& name);

}  // namespace routedeck::core::echo
