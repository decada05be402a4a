#pragma once

// Sends new traces of a TraceStore to an OTLP/HTTP collector (JSON
// encoding) from its own thread: batches of what arrived since the last
// send, at most every `interval`. A collector that is down costs dropped
// batches (counted), never a worker's time.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "proxycore/common/result.h"
#include "proxycore/trace/otlp_json.h"
#include "proxycore/trace/trace_store.h"

namespace routedeck::core::trace {

struct OtlpOptions {
  std::string endpoint;  // http(s)://host:port/v1/traces
  Resource resource;
  std::chrono::milliseconds interval{1000};
  std::chrono::milliseconds timeout{5000};
  size_t maxTracesPerBatch = 512;
};

struct OtlpCounters {
  uint64_t exportedSpans = 0;
  uint64_t failedBatches = 0;
  uint64_t skippedTraces = 0;  // evicted from the store before they could be sent
};

class OtlpExporter {
 public:
  // Checks the endpoint's form (an error names what is wrong); starts the thread.
  static Result<std::unique_ptr<OtlpExporter>> start(const TraceStore& store, OtlpOptions options);
  ~OtlpExporter();  // sends what is pending (bounded by the timeout), then stops

  OtlpCounters counters() const;
  // The last failure ("connection refused", "HTTP 500 ..."), empty after a success.
  std::string lastError() const;

 private:
  OtlpExporter(const TraceStore& store, OtlpOptions options);
  void run();
  bool send(const std::string& body);

  const TraceStore& m_store;
  OtlpOptions m_options;
  std::atomic<bool> m_stop{false};
  mutable std::mutex m_mutex;
  OtlpCounters m_counters;
  std::string m_lastError;
  std::thread m_thread;
};

}  // namespace routedeck::core::trace
