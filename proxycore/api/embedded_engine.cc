// The embedded engine: ProxyService plus the built-in traffic generator.
#include <atomic>
#include <mutex>

#include "proxycore/api/engine.h"
#include "proxycore/api/traffic_profile.h"
#include "proxycore/control/live_control.h"
#include "proxycore/loadgen/load_generator.h"
#include "proxycore/proxy/proxy_service.h"

namespace routedeck::core::api {

namespace {

loadgen::Profile toLoadgen(const TrafficProfile& p) {
  loadgen::Profile out;
  out.host = p.host;
  for (const auto& r : p.requests) {
    out.entries.push_back({r.method, r.host, r.path, r.headers, r.weight});
  }
  return out;
}

class EmbeddedEngine final : public Engine {
 public:
  explicit EmbeddedEngine(EngineOptions options)
      : m_proxy(proxyOptions(options)), m_control(m_proxy) {
    m_proxy.start();
  }
  ~EmbeddedEngine() override {
    {
      std::lock_guard lock(m_trafficMutex);
      m_traffic.reset();
    }
    stop();
  }

  Result<uint64_t> apply(std::shared_ptr<const model::Config> config, Diagnostics& diags) override {
    auto applied = m_control.apply(std::move(config), diags);
    if (applied) followListener();
    return applied;
  }
  // The running config: the object apply() got, or the copy an edit made.
  std::shared_ptr<const model::Config> config() const override { return m_control.config(); }
  uint64_t version() const override { return m_proxy.version(); }
  std::vector<BoundListener> bound() const override {
    std::vector<BoundListener> out;
    for (const auto& b : m_proxy.bound()) {
      out.push_back({b.bind, b.port});
    }
    return out;
  }

  // The core's collector: every request through the proxy, whoever sent it.
  stats::SnapshotConstSharedPtr latestSnapshot() const override { return m_proxy.latestSnapshot(); }
  std::vector<stats::AccessRecord> recentAccessLog(size_t n) const override {
    return m_proxy.recentAccessLog(n);
  }
  std::vector<trace::TraceConstSharedPtr> recentTraces(const std::string& rule,
                                                       size_t n) const override {
    return m_proxy.traces().recent(rule, n);
  }
  trace::TraceConstSharedPtr findTrace(const std::string& traceIdHex) const override {
    return m_proxy.traces().find(traceIdHex);
  }

  void stop() override {
    if (!m_stopped.exchange(true)) {
      m_proxy.stop(std::chrono::milliseconds(2000));
    }
  }

  Result<uint64_t> setWeights(const std::string& rule, const std::vector<int>& weights) override {
    return m_control.setWeights(rule, weights);
  }
  Result<uint64_t> setFault(const std::string& rule, const model::FaultInjection& fault,
                            std::chrono::milliseconds revertAfter) override {
    auto set = m_control.setFault(rule, fault, revertAfter);
    if (!set) {
      return set.error();
    }
    return set->version;
  }
  Result<uint64_t> clearFaults(bool configured) override {
    return m_control.clearFaults(configured);
  }

  void setTrafficProfile(const TrafficProfile& profile) override {
    std::lock_guard lock(m_trafficMutex);
    m_profile = profile;
    m_traffic.reset();
  }
  // A workspace that binds elsewhere closes the old address: the traffic
  // generator moves to the first bound listener, keeping its rate.
  void followListener() {
    std::lock_guard lock(m_trafficMutex);
    if (!m_traffic) return;
    auto b = m_proxy.bound();
    if (!b.empty() && b.front().port == m_trafficPort) return;
    const bool running = m_traffic->running();
    const double rps = m_traffic->rate();
    m_traffic.reset();
    if (b.empty()) return;
    m_trafficPort = b.front().port;
    m_traffic = std::make_unique<loadgen::LoadGenerator>("127.0.0.1:" + std::to_string(m_trafficPort),
                                                         toLoadgen(m_profile));
    if (running) m_traffic->start(rps);
  }

  void startTraffic(double rps) override {
    std::lock_guard lock(m_trafficMutex);
    if (!m_traffic) {
      auto b = m_proxy.bound();
      if (b.empty()) {
        return;
      }
      m_trafficPort = b.front().port;
      m_traffic = std::make_unique<loadgen::LoadGenerator>("127.0.0.1:" + std::to_string(m_trafficPort),
                                                           toLoadgen(m_profile));
    }
    m_traffic->start(rps);
  }
  void stopTraffic() override {
    std::lock_guard lock(m_trafficMutex);
    if (m_traffic) {
      m_traffic->stop();
    }
  }
  bool trafficRunning() const override {
    std::lock_guard lock(m_trafficMutex);
    return m_traffic && m_traffic->running();
  }
  double trafficRate() const override {
    std::lock_guard lock(m_trafficMutex);
    return m_traffic ? m_traffic->rate() : 0.0;
  }
  TrafficTotals trafficTotals() const override {
    std::lock_guard lock(m_trafficMutex);
    TrafficTotals t;
    if (!m_traffic) {
      return t;
    }
    for (const auto& e : m_traffic->observations().entries) {
      t.sent += e.sent;
      t.responses += e.responses2xx + e.responses3xx + e.responses4xx + e.responses5xx;
      t.responses5xx += e.responses5xx;
      t.transportErrors += e.transportErrors;
    }
    return t;
  }

 private:
  static proxy::ProxyOptions proxyOptions(const EngineOptions& o) {
    proxy::ProxyOptions p;
    p.workers = std::max(1, o.workers);
    // The live access log and trace views show every request at demo rates.
    p.keepEveryAccessRecord = true;
    p.recentAccessPerInterval = 1024;
    return p;
  }

  proxy::ProxyService m_proxy;
  control::LiveControl m_control;
  std::atomic<bool> m_stopped{false};
  mutable std::mutex m_trafficMutex;
  TrafficProfile m_profile;
  std::unique_ptr<loadgen::LoadGenerator> m_traffic;
  int m_trafficPort = 0;
};

}  // namespace

std::unique_ptr<Engine> createEmbeddedEngine(EngineOptions options) {
  return std::make_unique<EmbeddedEngine>(options);
}

}  // namespace routedeck::core::api
