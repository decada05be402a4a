#pragma once

// The recent traces of the running core: a bounded ring per route rule (the
// GUI's per-rule trace list), lookup by trace id, and a sequence number so
// that consumers (the admin stream, the OTLP exporter, the GUI) can each
// follow new traces at their own pace without callbacks on a worker.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "proxycore/trace/trace.h"

namespace routedeck::core::trace {

struct TraceStoreOptions {
  size_t perRule = 64;    // traces kept per rule ("" = requests no rule took)
  size_t backlog = 4096;  // newest traces kept for since(); older ones are skipped
};

class TraceStore {
 public:
  explicit TraceStore(TraceStoreOptions options = {});

  // Any thread (workers finishing a sampled request).
  void add(TraceConstSharedPtr trace);

  // Newest last; at most n.
  std::vector<TraceConstSharedPtr> recent(const std::string& rule, size_t n) const;
  // Every rule that has traces, sorted.
  std::vector<std::string> rules() const;
  // By lower- or upper-case hex trace id; null when unknown or evicted.
  TraceConstSharedPtr find(const std::string& traceIdHex) const;

  // Sequence numbers start at 1; `next()` is the number the next trace gets.
  uint64_t next() const;
  // Traces numbered >= from, oldest first, at most max; *resume receives the
  // number to pass next time. Traces evicted from the backlog are skipped
  // and counted in *skipped (when given).
  std::vector<TraceConstSharedPtr> since(uint64_t from, size_t max, uint64_t* resume,
                                         uint64_t* skipped = nullptr) const;
  // Blocks until a trace numbered >= from exists or the timeout passes;
  // true when one does.
  bool waitFor(uint64_t from, std::chrono::milliseconds timeout) const;
  uint64_t added() const;

 private:
  TraceStoreOptions m_options;
  mutable std::mutex m_mutex;
  mutable std::condition_variable m_added;
  std::map<std::string, std::deque<TraceConstSharedPtr>> m_byRule;
  std::deque<TraceConstSharedPtr> m_backlog;  // numbered m_next - size() .. m_next - 1
  std::unordered_map<std::string, TraceConstSharedPtr> m_byId;  // of traces in a rule ring
  uint64_t m_next = 1;
};

}  // namespace routedeck::core::trace
