#include "proxycore/trace/trace_store.h"

#include <algorithm>

namespace routedeck::core::trace {

TraceStore::TraceStore(TraceStoreOptions options) : m_options(options) {
  m_options.perRule = std::max<size_t>(1, m_options.perRule);
  m_options.backlog = std::max<size_t>(1, m_options.backlog);
}

void TraceStore::add(TraceConstSharedPtr trace) {
  if (!trace) {
    return;
  }
  std::string id = trace->traceIdHex();
  {
    std::lock_guard lock(m_mutex);
    auto& ring = m_byRule[trace->rule];
    ring.push_back(trace);
    if (ring.size() > m_options.perRule) {
      const std::string old = ring.front()->traceIdHex();
      if (auto it = m_byId.find(old); it != m_byId.end() && it->second == ring.front()) {
        m_byId.erase(it);
      }
      ring.pop_front();
    }
    // A retried or continued trace id may arrive twice: the newest wins.
    m_byId[std::move(id)] = trace;
    m_backlog.push_back(std::move(trace));
    if (m_backlog.size() > m_options.backlog) {
      m_backlog.pop_front();
    }
    ++m_next;
  }
  m_added.notify_all();
}

std::vector<TraceConstSharedPtr> TraceStore::recent(const std::string& rule, size_t n) const {
  std::lock_guard lock(m_mutex);
  auto it = m_byRule.find(rule);
  if (it == m_byRule.end()) {
    return {};
  }
  const auto& ring = it->second;
  const size_t take = std::min(n, ring.size());
  return {ring.end() - static_cast<std::ptrdiff_t>(take), ring.end()};
}

std::vector<std::string> TraceStore::rules() const {
  std::lock_guard lock(m_mutex);
  std::vector<std::string> out;
  out.reserve(m_byRule.size());
  for (const auto& [rule, ring] : m_byRule) {
    if (!ring.empty()) {
      out.push_back(rule);
    }
  }
  return out;
}

TraceConstSharedPtr TraceStore::find(const std::string& traceIdHex) const {
  std::string id = traceIdHex;
  std::transform(id.begin(), id.end(), id.begin(),
                 [](char c) { return static_cast<char>(c >= 'A' && c <= 'F' ? c - 'A' + 'a' : c); });
  std::lock_guard lock(m_mutex);
  auto it = m_byId.find(id);
  return it == m_byId.end() ? nullptr : it->second;
}

uint64_t TraceStore::next() const {
  std::lock_guard lock(m_mutex);
  return m_next;
}

uint64_t TraceStore::added() const {
  std::lock_guard lock(m_mutex);
  return m_next - 1;
}

std::vector<TraceConstSharedPtr> TraceStore::since(uint64_t from, size_t max, uint64_t* resume,
                                                   uint64_t* skipped) const {
  std::lock_guard lock(m_mutex);
  const uint64_t first = m_next - m_backlog.size();
  from = std::max<uint64_t>(from, 1);
  if (skipped) {
    *skipped = from < first ? first - from : 0;
  }
  from = std::max(from, first);
  std::vector<TraceConstSharedPtr> out;
  uint64_t i = from;
  for (; i < m_next && out.size() < max; ++i) {
    out.push_back(m_backlog[static_cast<size_t>(i - first)]);
  }
  if (resume) {
    *resume = i;
  }
  return out;
}

bool TraceStore::waitFor(uint64_t from, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(m_mutex);
  return m_added.wait_for(lock, timeout, [&] { return m_next > from; });
}

}  // namespace routedeck::core::trace
