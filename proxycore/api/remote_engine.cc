// The remote engine: api::Engine over the admin API of a routedeckd. Reads
// are served from what three background streams delivered (latest stats
// snapshot, recent access records, recent traces), so the GUI's periodic
// polling never waits for the network; apply and edits are unary calls.
#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <deque>
#include <mutex>

#include "proxycore/admin/admin_client.h"
#include "proxycore/api/engine.h"
#include "proxycore/dialects/dialect.h"
#include "proxycore/workspace/workspace.h"
#include "proxycore/yaml/yaml_io.h"

namespace routedeck::core::api {

namespace {

constexpr size_t kLogKept = 1024;
constexpr size_t kTracesKept = 512;

// The files a config travels as: its route documents, each in its own
// dialect (lossless for unedited objects), and the workspace's binds and
// endpoints.
std::vector<workspace::Source> toSources(const model::Config& config) {
  return {{"routes.yaml", yaml::writeDocuments(dialects::exportNative(config))},
          {"workspace.yaml", yaml::writeDocuments({workspace::writeWorkspace(config)})}};
}

class RemoteEngine final : public Engine {
 public:
  RemoteEngine(const std::string& address, const std::string& token) : m_client(address, token) {
    m_statsWatch = m_client.watchStats([this](stats::Snapshot s) {
      auto snap = std::make_shared<const stats::Snapshot>(std::move(s));
      m_latest.store(snap);
    });
    m_logWatch = m_client.watchAccessLog(kLogKept, [this](stats::AccessRecord r) {
      std::lock_guard lock(m_mutex);
      m_log.push_back(std::move(r));
      if (m_log.size() > kLogKept) m_log.pop_front();
    });
    m_traceWatch = m_client.watchTraces("", kTracesKept, [this](trace::Trace t) {
      std::lock_guard lock(m_mutex);
      m_traces.push_back(std::make_shared<const trace::Trace>(std::move(t)));
      if (m_traces.size() > kTracesKept) m_traces.pop_front();
    });
  }
  ~RemoteEngine() override { stop(); }

  Result<uint64_t> apply(std::shared_ptr<const model::Config> config, Diagnostics& diags) override {
    auto v = m_client.applyConfig(toSources(*config), diags);
    if (v) {
      std::lock_guard lock(m_mutex);
      m_config = std::move(config);
      m_configVersion = *v;
    }
    return v;
  }

  // The daemon's running config, imported again from its files; cached per
  // version so repeated calls cost one round trip and no parse.
  std::shared_ptr<const model::Config> config() const override {
    auto remote = m_client.getConfig();
    std::lock_guard lock(m_mutex);
    if (!remote) {
      return m_config;
    }
    if (!m_config || remote->version != m_configVersion) {
      Diagnostics diags;
      m_config =
          std::make_shared<const model::Config>(workspace::loadSources(remote->sources, diags));
      m_configVersion = remote->version;
    }
    return m_config;
  }
  uint64_t version() const override {
    auto snap = m_latest.load();
    std::lock_guard lock(m_mutex);
    return std::max(m_configVersion, snap ? snap->configVersion : 0);
  }
  std::vector<BoundListener> bound() const override {
    std::vector<BoundListener> out;
    if (auto snap = m_latest.load()) {
      for (const auto& l : snap->listeners) {
        const size_t colon = l.bind.rfind(':');
        out.push_back(
            {l.bind, colon == std::string::npos ? 0 : std::atoi(l.bind.c_str() + colon + 1)});
      }
    }
    return out;
  }

  stats::SnapshotConstSharedPtr latestSnapshot() const override { return m_latest.load(); }
  std::vector<stats::AccessRecord> recentAccessLog(size_t n) const override {
    std::lock_guard lock(m_mutex);
    n = std::min(n, m_log.size());
    return {m_log.end() - static_cast<std::ptrdiff_t>(n), m_log.end()};
  }
  std::vector<trace::TraceConstSharedPtr> recentTraces(const std::string& rule,
                                                       size_t n) const override {
    std::lock_guard lock(m_mutex);
    std::vector<trace::TraceConstSharedPtr> out;
    for (auto it = m_traces.rbegin(); it != m_traces.rend() && out.size() < n; ++it) {
      if ((*it)->rule == rule) out.push_back(*it);
    }
    std::reverse(out.begin(), out.end());
    return out;
  }
  trace::TraceConstSharedPtr findTrace(const std::string& traceIdHex) const override {
    {
      std::lock_guard lock(m_mutex);
      for (const auto& t : m_traces) {
        if (t->traceIdHex() == traceIdHex) return t;
      }
    }
    auto t = m_client.getTrace(traceIdHex);
    return t ? std::make_shared<const trace::Trace>(std::move(*t)) : nullptr;
  }

  // Closes the streams; the daemon keeps serving.
  void stop() override {
    m_statsWatch.reset();
    m_logWatch.reset();
    m_traceWatch.reset();
  }

  Result<uint64_t> setWeights(const std::string& rule, const std::vector<int>& weights) override {
    return m_client.setWeights(rule, weights);
  }
  Result<uint64_t> setFault(const std::string& rule, const model::FaultInjection& fault,
                            std::chrono::milliseconds revertAfter) override {
    return m_client.setFault(rule, fault, revertAfter);
  }
  Result<uint64_t> clearFaults(bool configured) override {
    return m_client.clearFaults(configured);
  }

  // The traffic generator runs in the GUI's process next to an embedded
  // core only: not available on a remote core.
  void setTrafficProfile(const TrafficProfile&) override {}
  void startTraffic(double) override {}
  void stopTraffic() override {}
  bool trafficRunning() const override { return false; }
  double trafficRate() const override { return 0.0; }
  TrafficTotals trafficTotals() const override { return {}; }

 private:
  // mutable: config() caches what it imported.
  mutable admin::AdminClient m_client;
  std::atomic<std::shared_ptr<const stats::Snapshot>> m_latest;
  mutable std::mutex m_mutex;
  mutable std::shared_ptr<const model::Config> m_config;
  mutable uint64_t m_configVersion = 0;
  std::deque<stats::AccessRecord> m_log;
  std::deque<trace::TraceConstSharedPtr> m_traces;
  // Last: the streams call into the members above until they are destroyed.
  std::unique_ptr<admin::AdminWatch> m_statsWatch, m_logWatch, m_traceWatch;
};

}  // namespace

std::unique_ptr<Engine> createRemoteEngine(const std::string& address, const std::string& token) {
  return std::make_unique<RemoteEngine>(address, token);
}

Result<std::unique_ptr<Engine>> connectRemoteEngine(const std::string& address,
                                                    const std::string& token) {
  admin::AdminClient probe(address, token);
  auto remote = probe.getConfig();
  if (!remote) {
    return makeError(remote.error().code, address + ": " + remote.error().message);
  }
  auto engine = createRemoteEngine(address, token);
  if (!engine->config()) {
    return makeError(ErrorCode::Io, address + ": the daemon's config could not be read");
  }
  return engine;
}

}  // namespace routedeck::core::api
