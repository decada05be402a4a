#include "proxycore/stats/collector.h"

#include <algorithm>

namespace routedeck::core::stats {

namespace {

// Access records are drained more often than snapshots when they feed a
// sink, so a worker queue of a few thousand records rides out a burst.
constexpr std::chrono::milliseconds kSinkDrain{50};
// Records per worker and drain that reach the GUI's lists.

RequestSample toSample(const AccessRecord& r) {
  RequestSample s;
  s.time = r.time;
  s.method = r.method;
  s.authority = r.authority;
  s.path = r.path;
  s.status = r.status;
  s.flags = r.flags;
  s.rule = r.ruleId();
  s.backend = r.backend;
  s.seconds = r.totalSeconds;
  return s;
}

}  // namespace

Collector::Collector(Recorder& recorder, CollectorOptions options)
    : m_recorder(recorder), m_options(options) {
  if (m_options.interval.count() <= 0) m_options.interval = std::chrono::milliseconds(250);
}

Collector::~Collector() { stop(); }

void Collector::setSink(std::unique_ptr<AccessLogSink> sink) { m_sink = std::move(sink); }

void Collector::start() {
  if (m_thread.joinable()) return;
  {
    std::lock_guard lock(m_wakeMutex);
    m_stop = false;
  }
  m_thread = std::thread([this] { run(); });
}

void Collector::stop() {
  if (!m_thread.joinable()) return;
  {
    std::lock_guard lock(m_wakeMutex);
    m_stop = true;
  }
  m_wake.notify_all();
  m_thread.join();
}

void Collector::wake() { m_wake.notify_all(); }

uint64_t Collector::subscribe(Callback cb) {
  std::lock_guard lock(m_subMutex);
  const uint64_t id = m_nextId++;
  m_subscribers.emplace(id, std::move(cb));
  return id;
}

void Collector::unsubscribe(uint64_t id) {
  std::lock_guard lock(m_subMutex);
  m_subscribers.erase(id);
}

std::vector<AccessRecord> Collector::recentAccessLog(size_t n) const {
  std::lock_guard lock(m_logMutex);
  n = std::min(n, m_log.size());
  return {m_log.end() - static_cast<std::ptrdiff_t>(n), m_log.end()};
}

std::vector<AccessRecord> Collector::accessLogSince(uint64_t from, size_t max,
                                                   uint64_t* resume, uint64_t* skipped) const {
  std::lock_guard lock(m_logMutex);
  const uint64_t oldest = m_logNext - m_log.size();
  if (skipped) *skipped = from < oldest ? oldest - from : 0;
  from = std::clamp(from, oldest, m_logNext);
  const size_t n = std::min<uint64_t>(max, m_logNext - from);
  auto first = m_log.begin() + static_cast<std::ptrdiff_t>(from - oldest);
  if (resume) *resume = from + n;
  return {first, first + static_cast<std::ptrdiff_t>(n)};
}

uint64_t Collector::accessLogNext() const {
  std::lock_guard lock(m_logMutex);
  return m_logNext;
}

bool Collector::waitForAccessLog(uint64_t from, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(m_logMutex);
  return m_logAdded.wait_for(lock, timeout, [&] { return m_logNext > from; });
}

void Collector::run() {
  using Clock = std::chrono::steady_clock;
  auto nextSnapshot = Clock::now() + m_options.interval;
  for (;;) {
    const auto nextDrain = m_sink ? std::min(nextSnapshot, Clock::now() + kSinkDrain) : nextSnapshot;
    bool stopping;
    {
      std::unique_lock lock(m_wakeMutex);
      m_wake.wait_until(lock, nextDrain, [&] {
        return m_stop || m_reopen.load(std::memory_order_acquire);
      });
      stopping = m_stop;
    }
    if (m_reopen.exchange(false) && m_sink) {
      drain();
      m_sink->reopen();
    }
    drain();
    if (stopping || Clock::now() >= nextSnapshot) {
      m_keepBudget.assign(m_keepBudget.size(), m_options.keepPerInterval);
      publish();
      // Fixed rate: a slow tick does not shift the schedule, a very slow
      // one skips ahead instead of publishing a burst.
      nextSnapshot += m_options.interval;
      if (nextSnapshot < Clock::now()) nextSnapshot = Clock::now() + m_options.interval;
    }
    if (stopping) break;
  }
  if (m_sink) m_sink->flush();
}

void Collector::drain() {
  // Every record goes to the sink; at most keepPerInterval of each worker per
  // snapshot interval are kept for the GUI and the admin stream (the newest
  // of each drain while the budget lasts), so a busy proxy does not pay a
  // copy per request here while a quiet one keeps every request.
  std::vector<AccessRecord> fresh;
  m_keepBudget.resize(static_cast<size_t>(m_recorder.shardCount()), m_options.keepPerInterval);
  for (int i = 0; i < m_recorder.shardCount(); ++i) {
    RecordQueue& q = m_recorder.shard(i).records();
    const size_t n = q.size();
    size_t& budget = m_keepBudget[static_cast<size_t>(i)];
    const size_t keep = std::min(n, budget);
    budget -= keep;
    const size_t keepFrom = n - keep;
    size_t index = 0;
    q.drain([&](AccessRecord& r) {
      redact(r);
      r.formatClient();
      if (m_sink) m_sink->write(r);
      if (index++ >= keepFrom) fresh.push_back(r);
    });
  }
  if (m_sink) m_sink->flush();
  if (fresh.empty()) return;
  // Workers finish out of order across shards: keep the GUI's lists by time.
  std::sort(fresh.begin(), fresh.end(), [](const auto& a, const auto& b) { return a.time < b.time; });
  for (const auto& r : fresh) {
    m_samples.push_back(toSample(r));
    if (m_samples.size() > m_options.recentSamples) m_samples.pop_front();
  }
  {
    std::lock_guard lock(m_logMutex);
    for (auto& r : fresh) {
      m_log.push_back(std::move(r));
      ++m_logNext;
      if (m_log.size() > m_options.recentAccessLog) m_log.pop_front();
    }
  }
  m_logAdded.notify_all();
}

void Collector::publish() {
  auto snap = std::make_shared<Snapshot>();
  snap->taken = std::chrono::steady_clock::now();
  snap->wallTime = std::chrono::system_clock::now();
  snap->sequence = ++m_sequence;
  m_recorder.merge(*snap);
  if (m_decorate) m_decorate(*snap);
  snap->recent.assign(m_samples.begin(), m_samples.end());
  std::sort(snap->recent.begin(), snap->recent.end(),
            [](const auto& a, const auto& b) { return a.time < b.time; });
  SnapshotConstSharedPtr published = std::move(snap);
  m_latest.store(published);
  std::vector<Callback> callbacks;
  {
    std::lock_guard lock(m_subMutex);
    for (const auto& [id, cb] : m_subscribers) callbacks.push_back(cb);
  }
  for (const auto& cb : callbacks) cb(published);
}

}  // namespace routedeck::core::stats
