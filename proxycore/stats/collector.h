#pragma once

// The control side of the stats: a thread that, every `interval`, merges
// the workers' shards into an immutable Snapshot, publishes it (latest-wins
// slot plus subscriber callbacks, called on this thread), and drains the
// workers' access records into the recent-samples ring, the in-memory
// access log and the optional sink.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "proxycore/stats/access_log_sink.h"
#include "proxycore/stats/recorder.h"

namespace routedeck::core::stats {

struct CollectorOptions {
  std::chrono::milliseconds interval{250};
  size_t recentSamples = 256;     // Snapshot::recent
  size_t recentAccessLog = 1024;  // recentAccessLog()
  // Access records each worker contributes to recentAccessLog() per
  // interval (the newest ones); the rest only reach the sink.
  size_t keepPerInterval = 64;
};

class Collector {
 public:
  using Callback = std::function<void(SnapshotConstSharedPtr)>;

  Collector(Recorder& recorder, CollectorOptions options);
  ~Collector();

  // Before start(): where access-log lines go (none by default).
  void setSink(std::unique_ptr<AccessLogSink> sink);
  bool hasSink() const { return m_sink != nullptr; }
  void start();
  // Publishes one last snapshot, flushes the sink, joins the thread.
  void stop();

  SnapshotConstSharedPtr latest() const { return m_latest.load(); }
  // The callback runs on the collector thread after each snapshot; it must
  // not block for long. Any thread may subscribe or unsubscribe.
  uint64_t subscribe(Callback cb);
  void unsubscribe(uint64_t id);
  // Newest last; redacted.
  std::vector<AccessRecord> recentAccessLog(size_t n) const;
  // A cursor over the in-memory access log for streaming consumers (the
  // admin API), shaped like trace::TraceStore's: records are numbered from 1
  // in the order they enter the ring. Returns records numbered >= from,
  // oldest first, at most max; *resume gets the number to pass next time and
  // *skipped (when given) how many had already left the ring. Under heavy
  // load the ring keeps only the newest records of each drain, so a stream
  // is a sample, not a complete log (the sink is the complete log).
  std::vector<AccessRecord> accessLogSince(uint64_t from, size_t max, uint64_t* resume,
                                           uint64_t* skipped = nullptr) const;
  // The number the next record gets.
  uint64_t accessLogNext() const;
  // Blocks until a record numbered >= from exists or the timeout passes.
  bool waitForAccessLog(uint64_t from, std::chrono::milliseconds timeout) const;
  // Before start(): adds what the recorder does not know (server-wide
  // connection counts) to each snapshot, on the collector thread.
  void setDecorator(std::function<void(Snapshot&)> decorate) { m_decorate = std::move(decorate); }
  // Any thread (SIGHUP): the sink reopens its file on the collector thread.
  void reopenSink() { m_reopen.store(true, std::memory_order_release); wake(); }

 private:
  void run();
  void drain();
  void publish();
  void wake();

  Recorder& m_recorder;
  CollectorOptions m_options;
  std::unique_ptr<AccessLogSink> m_sink;
  std::function<void(Snapshot&)> m_decorate;
  std::atomic<std::shared_ptr<const Snapshot>> m_latest;
  std::atomic<bool> m_reopen{false};
  uint64_t m_sequence = 0;

  std::mutex m_wakeMutex;
  std::condition_variable m_wake;
  bool m_stop = false;
  std::thread m_thread;

  mutable std::mutex m_subMutex;
  std::map<uint64_t, Callback> m_subscribers;
  uint64_t m_nextId = 1;

  std::deque<RequestSample> m_samples;  // collector thread only
  std::vector<size_t> m_keepBudget;     // per shard, refilled each snapshot
  mutable std::mutex m_logMutex;
  mutable std::condition_variable m_logAdded;
  std::deque<AccessRecord> m_log;  // numbered m_logNext - size() .. m_logNext - 1
  uint64_t m_logNext = 1;
};

}  // namespace routedeck::core::stats
