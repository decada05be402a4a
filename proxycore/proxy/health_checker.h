#pragma once

#include <asio/io_context.hpp>
#include <chrono>
#include <memory>

#include "proxycore/proxy/runtime.h"

namespace routedeck::core::proxy {

// Active HTTP health checks of the workspace's services (services[].healthCheck).
// One coroutine per checked endpoint runs on the given loop (the service
// uses worker 0) and flips EndpointState::setHealthy, which every worker's
// endpoint pick reads. Not thread-safe: call restart()/stop() from one
// thread (ProxyService does so under its apply mutex).
class HealthChecker {
 public:
  explicit HealthChecker(asio::io_context& ctx) : m_ctx(ctx) {}
  ~HealthChecker() { stop(); }

  // Replaces every running check with those of `rt`'s config. Endpoints no
  // check covers any more are marked healthy again: their health state lives
  // on in the shared registry and would otherwise stay stuck.
  void restart(const Runtime& rt);
  void stop();

  struct Generation;  // the checks of one config; stopped ones end at their next wake-up

 private:
  asio::io_context& m_ctx;
  std::shared_ptr<Generation> m_current;
};

}  // namespace routedeck::core::proxy
