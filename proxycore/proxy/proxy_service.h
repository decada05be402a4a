#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "proxycore/common/diagnostics.h"
#include "proxycore/common/result.h"
#include "proxycore/net/server.h"
#include "proxycore/net/workers.h"
#include "proxycore/proxy/health_checker.h"
#include "proxycore/proxy/runtime.h"

namespace routedeck::core::proxy {

struct ProxyOptions {
  int workers = 0;  // 0 = one per core
  net::ServerLimits limits;
  std::chrono::milliseconds connectTimeout{5000};
  // Request bodies up to this size are kept so that a retry or a mirror can
  // resend them; larger ones stream and are not retried.
  size_t maxBufferedBody = 1 << 20;
  OutlierSettings outlier;
  bool addVia = true;
};

class WorkerState;

// The running proxy: workers, the HTTP server, the current runtime and its
// atomic replacement. apply() is all-or-nothing: a config with errors, or
// whose listeners cannot be bound, changes nothing.
class ProxyService {
 public:
  explicit ProxyService(ProxyOptions options);
  ~ProxyService();

  Result<uint64_t> apply(std::shared_ptr<const model::Config> config, Diagnostics& diags);
  void start();
  // Stops accepting, lets in-flight requests finish (bounded), stops workers.
  void stop(std::chrono::milliseconds grace = std::chrono::milliseconds(5000));

  RuntimeConstSharedPtr current() const { return m_current.load(); }
  uint64_t version() const { return m_version.load(std::memory_order_acquire); }
  // Bound listeners: configured address and the port actually bound.
  struct Bound {
    std::string bind;
    int port = 0;
  };
  std::vector<Bound> bound() const;
  const ProxyOptions& options() const { return m_options; }
  int activeConnections() const { return m_server ? m_server->activeConnections() : 0; }

  // For the handler: the calling worker's state.
  WorkerState& worker();

 private:
  void reapRetired();

  ProxyOptions m_options;
  net::WorkerPool m_workers;
  std::unique_ptr<net::HttpServer> m_server;
  std::vector<std::unique_ptr<WorkerState>> m_workerStates;
  EndpointRegistry m_registry;
  std::atomic<std::shared_ptr<const Runtime>> m_current;
  // Replaced runtimes, kept here so that the last reference to one is always
  // this list and a large table is freed on the apply thread, not on a
  // worker in the middle of requests. Reaped after each swap.
  std::vector<RuntimeConstSharedPtr> m_retired;
  std::atomic<uint64_t> m_version{0};
  mutable std::mutex m_applyMutex;
  std::vector<Bound> m_bound;
  bool m_started = false;
  std::unique_ptr<HealthChecker> m_healthChecker;  // runs on worker 0
};

}  // namespace routedeck::core::proxy
