#include "proxycore/stats/worker_shard.h"

namespace routedeck::core::stats {

namespace {

void finishCounters(CounterCells& c, const Finished& f) {
  bump(c.finished);
  if (f.status >= 100 && f.status < 600) {
    bump(c.classes[static_cast<size_t>(f.status / 100 - 1)]);
  }
  if (f.localReply) bump(c.localReplies);
  if (f.attempts > 1) bump(c.retries, static_cast<uint64_t>(f.attempts - 1));
  if (f.flags & kFlagUT) bump(c.timeouts);
  if (f.flags & kFlagDI) bump(c.faultDelays);
  if (f.flags & kFlagFI) bump(c.faultAborts);
  if (f.flags & kFlagRL) bump(c.rateLimited);
  if (f.connectFailures > 0) bump(c.connectFailures, static_cast<uint64_t>(f.connectFailures));
  bump(c.bytesIn, f.bytesIn);
  bump(c.bytesOut, f.bytesOut);
}

}  // namespace

void WorkerShard::listenerStarted(int listener) {
  if (listener >= 0) {
    if (ListenerCell* l = m_listeners.find(static_cast<uint32_t>(listener))) {
      bump(l->c.requests);
    }
  }
}

void WorkerShard::ruleStarted(uint32_t rule) {
  if (rule != kNoSlot) bump(m_rules[rule].c.requests);
}

void WorkerShard::backendStarted(uint32_t rule, uint32_t backend, uint32_t mirrors) {
  if (backend != kNoSlot) bump(m_backends[backend].c.requests);
  if (rule != kNoSlot && mirrors > 0) bump(m_rules[rule].c.mirrors, mirrors);
}

void WorkerShard::finish(const Finished& f) {
  if (f.listener >= 0) {
    if (ListenerCell* l = m_listeners.find(static_cast<uint32_t>(f.listener))) {
      finishCounters(l->c, f);
    }
  }
  if (f.rule != kNoSlot) {
    RuleCell& r = m_rules[f.rule];
    finishCounters(r.c, f);
    r.total.record(f.totalMicros);
    if (f.upstreamMicros >= 0) r.upstream.record(static_cast<uint64_t>(f.upstreamMicros));
    r.status.record(f.status);
    r.flags.record(f.flags);
    if (!f.grpcService.empty()) finishGrpc(f);
  } else if (f.flags & (kFlagNR | kFlagMR)) {
    bump(m_noRoute.requests);
    finishCounters(m_noRoute, f);
  }
  if (f.backend != kNoSlot) {
    BackendCell& b = m_backends[f.backend];
    finishCounters(b.c, f);
    if (f.upstreamMicros >= 0) b.upstream.record(static_cast<uint64_t>(f.upstreamMicros));
    b.status.record(f.status);
  }
}

void WorkerShard::finishGrpc(const Finished& f) {
  m_grpcScratch.assign(f.grpcService).append("/").append(f.grpcMethod);
  const size_t code = f.grpcStatus >= 0 && f.grpcStatus < 17 ? static_cast<size_t>(f.grpcStatus) : 17;
  std::lock_guard lock(m_grpcMutex);
  auto it = m_grpc.find(std::pair<uint32_t, std::string_view>(f.rule, m_grpcScratch));
  if (it == m_grpc.end()) {
    if (m_grpc.size() >= kMaxGrpcMethods) m_grpcScratch = "other";
    it = m_grpc.try_emplace(GrpcMethodKey(f.rule, m_grpcScratch)).first;
  }
  ++it->second.codes[code];
  it->second.micros += f.totalMicros;
}

GrpcMethodCells WorkerShard::grpcMethods() const {
  std::lock_guard lock(m_grpcMutex);
  return m_grpc;
}

}  // namespace routedeck::core::stats
