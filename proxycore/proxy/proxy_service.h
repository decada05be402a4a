#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "proxycore/common/diagnostics.h"
#include "proxycore/common/result.h"
#include "proxycore/net/server.h"
#include "proxycore/net/workers.h"
#include "proxycore/proxy/certificate_reloader.h"
#include "proxycore/proxy/health_checker.h"
#include "proxycore/proxy/runtime.h"
#include "proxycore/stats/access_log_format.h"
#include "proxycore/stats/collector.h"
#include "proxycore/stats/recorder.h"
#include "proxycore/trace/otlp_exporter.h"
#include "proxycore/trace/trace_store.h"

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
  // Per-request stats (counters, histograms, samples). Off only to measure
  // what they cost: snapshots then stay at zero and there is no access log.
  bool recordStats = true;
  // How often the stats collector publishes a snapshot.
  std::chrono::milliseconds snapshotInterval{250};
  // Every request's access record reaches recentAccessLog() (up to
  // recentAccessPerInterval per worker and snapshot interval), not only a
  // sample: the desktop app's live access log wants them all.
  bool keepEveryAccessRecord = false;
  size_t recentAccessPerInterval = 64;
  // Access log: a file, "-" for stdout, empty for none.
  std::string accessLogPath;
  stats::AccessLogFormat accessLogFormat = stats::AccessLogFormat::Json;
  // Traces: the percent of requests sampled when neither the caller nor the
  // workspace's tracing settings decide; traces kept per rule for the GUI.
  double traceSamplingPercent = 1.0;
  size_t tracesPerRule = 64;
  // OTLP/HTTP JSON collector (e.g. http://127.0.0.1:4318/v1/traces); empty for none.
  std::string otlpEndpoint;
  std::string serviceName = "routedeck";
  // How often certificate files named by the workspace are checked for a
  // change (CertificateReloader); 0 never checks.
  std::chrono::milliseconds certificatePollInterval{1000};
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

  // Stats. The latest snapshot (null before the first one, 'interval' after
  // start()); callbacks run on the collector thread after each snapshot.
  stats::SnapshotConstSharedPtr latestSnapshot() const;
  uint64_t subscribeSnapshots(std::function<void(stats::SnapshotConstSharedPtr)> callback);
  void unsubscribeSnapshots(uint64_t id);
  // The newest n access records (redacted), newest last.
  std::vector<stats::AccessRecord> recentAccessLog(size_t n) const;
  // The in-memory access log as a cursor (see stats::Collector::accessLogSince).
  const stats::Collector& collector() const { return m_collector; }
  // Reopens the access log file (log rotation); any thread.
  void reopenAccessLog();
  // Opens ProxyOptions::accessLogPath; call before start(). An error names the file.
  Result<bool> openAccessLog();
  stats::Recorder& statsRecorder() { return m_stats; }
  // Recent sampled traces, per rule (see ProxyOptions' tracing settings).
  trace::TraceStore& traces() { return m_traces; }
  const trace::TraceStore& traces() const { return m_traces; }
  // Starts sending traces to ProxyOptions::otlpEndpoint (when set); an error
  // says what is wrong with the URL. Null exporter when none is configured.
  Result<bool> startTraceExport();
  const trace::OtlpExporter* traceExporter() const { return m_otlp.get(); }
  // What certificate reloads did since the last call (reloaded, or why a
  // file was not taken), oldest first; at most the latest 100 are kept.
  std::vector<std::string> takeCertificateMessages();
  // Checks the certificate files now (the poll thread does it every
  // ProxyOptions::certificatePollInterval after start()).
  void pollCertificates();
  // True while the destructor destroys suspended requests.
  bool tearingDown() const { return m_tearingDown.load(std::memory_order_relaxed); }

 private:
  void reapRetired();
  void stopCertificatePolling();

  ProxyOptions m_options;
  // Declared before the workers: a request coroutine torn down with its
  // worker's io_context still records into its shard.
  stats::Recorder m_stats;
  stats::Collector m_collector;
  trace::TraceStore m_traces;
  std::unique_ptr<trace::OtlpExporter> m_otlp;  // declared after the store it reads
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
  std::atomic<bool> m_tearingDown{false};
  mutable std::mutex m_applyMutex;
  std::vector<Bound> m_bound;
  bool m_started = false;
  std::unique_ptr<HealthChecker> m_healthChecker;  // runs on worker 0
  CertificateReloader m_certificates;  // under m_applyMutex
  std::thread m_certificateThread;
  std::mutex m_certificateWaitMutex;
  std::condition_variable m_certificateWake;
  bool m_certificateStop = false;  // under m_certificateWaitMutex
  std::mutex m_certificateMessagesMutex;
  std::vector<std::string> m_certificateMessages;
};

}  // namespace routedeck::core::proxy
