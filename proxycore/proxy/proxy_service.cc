#include "proxycore/proxy/proxy_service.h"

#include <algorithm>
#include <asio/post.hpp>
#include <thread>
#include <utility>

#include "proxycore/proxy/proxy_handler.h"
#include "proxycore/proxy/stats_declaration.h"
#include "proxycore/proxy/worker_state.h"

namespace routedeck::core::proxy {

namespace {
thread_local WorkerState* t_worker = nullptr;

stats::CollectorOptions collectorOptions(const ProxyOptions& o) {
  stats::CollectorOptions c;
  c.interval = o.snapshotInterval;
  c.keepPerInterval = o.recentAccessPerInterval;
  return c;
}

// Per worker: enough access records for a sink drained every 50 ms at
// about 80k requests/s per worker (twice what one worker serves).
constexpr size_t kRecordQueueCapacity = 4096;

int workerCount(int requested) {
  if (requested > 0) {
    return requested;
  }
  return std::max(1u, std::thread::hardware_concurrency());
}
}  // namespace

RuntimeConstSharedPtr WorkerState::runtime() {
  const uint64_t v = m_service.version();
  if (v != m_version || !m_runtime) {
    m_runtime = m_service.current();
    m_version = m_runtime ? m_runtime->version() : 0;
  }
  return m_runtime;
}

ProxyService::ProxyService(ProxyOptions options)
    : m_options(std::move(options)),
      m_stats(workerCount(m_options.workers), kRecordQueueCapacity),
      m_collector(m_stats, collectorOptions(m_options)),
      m_traces(trace::TraceStoreOptions{m_options.tracesPerRule}),
      m_workers(workerCount(m_options.workers)) {
  std::random_device seed;
  for (int i = 0; i < m_workers.size(); ++i) {
    uint64_t s = (static_cast<uint64_t>(seed()) << 32) ^ seed();
    m_workerStates.push_back(std::make_unique<WorkerState>(m_workers.context(i), *this, s));
    m_workerStates.back()->setStats(&m_stats.shard(i));
    m_stats.shard(i).setLogAll(m_options.keepEveryAccessRecord);
    asio::post(m_workers.context(i), [st = m_workerStates.back().get()] { t_worker = st; });
  }
  m_server = std::make_unique<net::HttpServer>(
      m_workers, m_options.limits,
      [this](net::ServerExchange& ex) { return handleRequest(*this, ex); });
  m_healthChecker = std::make_unique<HealthChecker>(m_workers.context(0));
  m_collector.setDecorator([server = m_server.get()](stats::Snapshot& s) {
    s.connectionsAccepted = server->acceptedConnections();
    s.connectionsActive = server->activeConnections();
    for (auto& l : s.listeners) {
      const auto c = server->listenerConnections(l.serverIndex);
      l.connectionsAccepted = c.accepted;
      l.connectionsActive = c.active;
    }
  });
}

ProxyService::~ProxyService() {
  stopCertificatePolling();
  m_collector.stop();
  m_healthChecker.reset();
  m_server.reset();
  m_workers.stop();
  m_workers.join();
  // Requests still suspended are destroyed now, while the worker states
  // they use exist; they record nothing.
  m_tearingDown.store(true, std::memory_order_relaxed);
  m_workers.shutdown();
}

WorkerState& ProxyService::worker() { return *t_worker; }

std::vector<ProxyService::Bound> ProxyService::bound() const {
  std::lock_guard lock(m_applyMutex);
  std::vector<Bound> open;
  for (const auto& b : m_bound) {
    if (!b.bind.empty()) open.push_back(b);
  }
  return open;
}

Result<uint64_t> ProxyService::apply(std::shared_ptr<const model::Config> config,
                                     Diagnostics& diags) {
  std::lock_guard lock(m_applyMutex);
  if (diags.hasErrors()) {
    return makeError(ErrorCode::Invalid, "the configuration has errors; nothing was applied");
  }
  // Server listener i is m_bound[i]; a closed one keeps its place with an
  // empty address, so indexes stay stable and nothing routes to it.
  std::vector<std::string> addresses;
  for (const auto& b : m_bound) {
    addresses.push_back(b.bind);
  }
  auto configured = [&](const std::string& bind) {
    return std::any_of(config->listenerBindings.begin(), config->listenerBindings.end(),
                       [&](const auto& lb) { return lb.bind == bind; });
  };
  std::vector<std::string> newBinds;
  for (const auto& lb : config->listenerBindings) {
    if (std::find(addresses.begin(), addresses.end(), lb.bind) == addresses.end() &&
        std::find(newBinds.begin(), newBinds.end(), lb.bind) == newBinds.end()) {
      newBinds.push_back(lb.bind);
    }
  }
  std::vector<std::string> all = addresses;
  all.insert(all.end(), newBinds.begin(), newBinds.end());
  const uint64_t version = m_version.load() + 1;
  auto rt = Runtime::build(config, all, m_registry, version, m_options.outlier, diags,
                           m_current.load().get(), m_options.traceSamplingPercent);
  if (diags.hasErrors()) {
    return makeError(ErrorCode::Invalid, "the configuration has errors; nothing was applied");
  }
  // TLS first: a new listener accepts with its certificates from the start.
  for (size_t i = 0; i < all.size(); ++i) {
    if (auto set = m_server->setTls(static_cast<int>(i), rt->tls(static_cast<int>(i))); !set) {
      return set.error();
    }
  }
  for (const auto& bind : newBinds) {
    auto port = m_server->listen(bind);
    if (!port) {
      return port.error();
    }
    m_bound.push_back({bind, *port});
  }
  // Stats slots exist before any worker can route with the new table.
  m_stats.declare(declareStats(*rt, m_bound.size()));
  if (auto previous = m_current.exchange(rt)) {
    m_retired.push_back(std::move(previous));
  }
  m_version.store(version, std::memory_order_release);
  // Addresses the new config no longer has stop accepting, and their
  // connections finish what they started (HTTP/2: GOAWAY). Never the last
  // one: the embedded core keeps a port to show an empty workspace on.
  for (size_t i = 0; i < m_bound.size(); ++i) {
    if (!m_bound[i].bind.empty() && !configured(m_bound[i].bind) && !config->listenerBindings.empty()) {
      m_server->closeListener(static_cast<int>(i));
      m_bound[i].bind.clear();
    }
  }
  m_healthChecker->restart(*rt);
  reapRetired();
  return version;
}

void ProxyService::reapRetired() {
  // use_count() == 1: only this list holds it, and nothing can take a new
  // reference (m_current points elsewhere), so destroying it here is safe.
  std::erase_if(m_retired, [](const RuntimeConstSharedPtr& r) { return r.use_count() == 1; });
}

void ProxyService::start() {
  if (!m_started) {
    m_started = true;
    m_workers.start();
    m_collector.start();
    if (m_options.certificatePollInterval.count() > 0) {
      m_certificateThread = std::thread([this] {
        std::unique_lock lock(m_certificateWaitMutex);
        while (!m_certificateWake.wait_for(lock, m_options.certificatePollInterval,
                                           [this] { return m_certificateStop; })) {
          lock.unlock();
          pollCertificates();
          lock.lock();
        }
      });
    }
  }
}

void ProxyService::pollCertificates() {
  // Under the apply lock: a reload never overwrites the settings a newer
  // config has just installed.
  std::lock_guard lock(m_applyMutex);
  RuntimeConstSharedPtr rt = m_current.load();
  if (!rt) {
    return;
  }
  m_certificates.poll(*rt, *m_server, [this](const std::string& line) {
    std::lock_guard messages(m_certificateMessagesMutex);
    m_certificateMessages.push_back(line);
    if (m_certificateMessages.size() > 100) {
      m_certificateMessages.erase(m_certificateMessages.begin());
    }
  });
}

std::vector<std::string> ProxyService::takeCertificateMessages() {
  std::lock_guard lock(m_certificateMessagesMutex);
  return std::exchange(m_certificateMessages, {});
}

void ProxyService::stopCertificatePolling() {
  {
    std::lock_guard lock(m_certificateWaitMutex);
    m_certificateStop = true;
  }
  m_certificateWake.notify_all();
  if (m_certificateThread.joinable()) {
    m_certificateThread.join();
  }
}

void ProxyService::stop(std::chrono::milliseconds grace) {
  stopCertificatePolling();
  {
    std::lock_guard lock(m_applyMutex);
    m_healthChecker->stop();
  }
  // Connections drain: HTTP/2 ones get a GOAWAY and close once their
  // streams are done, idle HTTP/1.1 ones close now, busy ones after their
  // current response. Stopping the loops earlier would cut them off.
  m_server->stopAccepting();
  auto until = std::chrono::steady_clock::now() + grace;
  while ((m_server->inflightRequests() > 0 || m_server->activeConnections() > 0) &&
         std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  m_workers.stop();
  m_workers.join();
  m_collector.stop();
}

stats::SnapshotConstSharedPtr ProxyService::latestSnapshot() const { return m_collector.latest(); }

uint64_t ProxyService::subscribeSnapshots(std::function<void(stats::SnapshotConstSharedPtr)> callback) {
  return m_collector.subscribe(std::move(callback));
}

void ProxyService::unsubscribeSnapshots(uint64_t id) { m_collector.unsubscribe(id); }

std::vector<stats::AccessRecord> ProxyService::recentAccessLog(size_t n) const {
  return m_collector.recentAccessLog(n);
}

void ProxyService::reopenAccessLog() { m_collector.reopenSink(); }

Result<bool> ProxyService::startTraceExport() {
  if (m_options.otlpEndpoint.empty() || m_otlp) {
    return true;
  }
  trace::OtlpOptions o;
  o.endpoint = m_options.otlpEndpoint;
  o.resource.serviceName = m_options.serviceName;
  auto started = trace::OtlpExporter::start(m_traces, std::move(o));
  if (!started) {
    return started.error();
  }
  m_otlp = std::move(*started);
  return true;
}

Result<bool> ProxyService::openAccessLog() {
  if (m_options.accessLogPath.empty()) {
    return true;
  }
  if (m_started) {
    return makeError(ErrorCode::Invalid, "the access log must be opened before the proxy starts");
  }
  auto sink = stats::AccessLogSink::open(m_options.accessLogPath, m_options.accessLogFormat);
  if (!sink) {
    return sink.error();
  }
  m_collector.setSink(std::move(*sink));
  for (int i = 0; i < m_stats.shardCount(); ++i) {
    m_stats.shard(i).setLogAll(true);
  }
  return true;
}

}  // namespace routedeck::core::proxy
