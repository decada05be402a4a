#include "proxycore/proxy/request_stats.h"

#include "proxycore/proxy/grpc.h"
#include "proxycore/proxy/proxy_service.h"
#include "proxycore/proxy/stats_declaration.h"
#include "proxycore/proxy/worker_state.h"

namespace routedeck::core::proxy {

RequestStatsScope::RequestStatsScope(WorkerState& w, net::ServerExchange& ex, RequestInfo& info,
                                     uint64_t configVersion)
    : m_w(w), m_ex(ex), m_info(info), m_version(configVersion),
      m_on(w.service().options().recordStats) {
  if (m_on) w.stats().listenerStarted(ex.listener());
}

void RequestStatsScope::routed(const router::Decision& d) {
  if (!d.route || !m_on) return;
  stats::WorkerShard& shard = m_w.stats();
  // A decision that owns its route (Envoy cluster_header) points at
  // per-request storage; its rule is still table-owned, so key by that.
  const void* key = d.ownedRoute ? static_cast<const void*>(d.rule) : d.route;
  uint32_t slot = key ? shard.cached(key, false, m_version) : stats::kNoSlot;
  if (slot == stats::kNoSlot) {
    slot = m_w.service().statsRecorder().ruleSlot(ruleKey(*d.route));
    if (key) shard.cache(key, false, slot);
  }
  m_info.ruleSlot = slot;
  shard.ruleStarted(slot);
}

void RequestStatsScope::forwarding(const router::Decision& d, const router::BackendChoice& backend,
                                   size_t mirrors) {
  if (!m_on) return;
  stats::WorkerShard& shard = m_w.stats();
  uint32_t slot = stats::kNoSlot;
  if (m_info.ruleSlot != stats::kNoSlot) {
    const bool cacheable = !d.ownedBackends && !d.ownedRoute;
    slot = cacheable ? shard.cached(&backend, true, m_version) : stats::kNoSlot;
    if (slot == stats::kNoSlot) {
      slot = m_w.service().statsRecorder().backendSlot(m_info.ruleSlot, backendService(backend),
                                                       backend.weight);
      if (cacheable) shard.cache(&backend, true, slot);
    }
  }
  m_info.backendSlot = slot;
  shard.backendStarted(m_info.ruleSlot, slot, static_cast<uint32_t>(mirrors));
}

RequestStatsScope::~RequestStatsScope() {
  if (m_w.service().tearingDown()) {
    return;  // the exchange may already be gone
  }
  if (!m_on) {
    if (m_info.recording) finishTrace();
    return;
  }
  const auto now = std::chrono::steady_clock::now();
  stats::Finished f;
  f.listener = m_ex.listener();
  f.rule = m_info.ruleSlot;
  f.backend = m_info.backendSlot;
  f.status = m_info.status;
  f.flags = stats::parseFlags(m_info.flags.data(), m_info.flags.size());
  if (f.status == 0 && !(f.flags & stats::kFlagDC)) {
    f.flags |= stats::kFlagDC;  // torn down before any response
  }
  f.localReply = m_info.localReply;
  f.attempts = m_info.attempts;
  f.connectFailures = m_info.connectFailures;
  f.bytesIn = m_ex.bytesReceived();
  f.bytesOut = m_ex.bytesSent();
  f.totalMicros = static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::microseconds>(now - m_info.start).count());
  f.upstreamMicros = m_info.upstreamTime.count();
  if (m_info.grpc) {
    splitGrpcPath(m_ex.request().target, f.grpcService, f.grpcMethod);
    f.grpcStatus = m_info.grpcStatus;
  }
  m_w.stats().finish(f);
  fillRecord();
  if (m_info.recording) {
    finishTrace();
  }
}

void RequestStatsScope::finishTrace() {
  RequestTrace& t = *m_info.recording;
  constexpr size_t gw = RequestTrace::kGateway;
  if (!m_info.flags.empty()) {
    t.attr(gw, "routedeck.response_flags", m_info.flags);
  }
  if (m_info.attempts > 0) {
    t.attr(gw, "routedeck.attempts", m_info.attempts);
  }
  if (!m_info.endpoint.empty()) {
    t.attr(gw, "routedeck.endpoint", m_info.endpoint);
  }
  if (m_info.localReply) {
    t.attr(gw, "routedeck.local_reply", true);
  }
  std::string_view service, method;
  if (m_info.grpc && splitGrpcPath(m_ex.request().target, service, method)) {
    // OpenTelemetry's RPC semantic conventions.
    t.attr(gw, "rpc.system", "grpc");
    t.attr(gw, "rpc.service", std::string(service));
    t.attr(gw, "rpc.method", std::string(method));
    if (m_info.grpcStatus >= 0) t.attr(gw, "rpc.grpc.status_code", m_info.grpcStatus);
  }
  std::string rule;
  if (m_info.rule >= 0) {
    rule = stats::RuleKey{m_info.routeKind, m_info.routeNamespace, m_info.routeName, m_info.rule, {}}.id();
  }
  t.finish(m_info.status, rule, m_info.requestId);
  // A mirror still in flight keeps the trace open until it is answered.
  m_info.recording.reset();
}

void RequestStatsScope::fillRecord() {
  stats::WorkerShard& shard = m_w.stats();
  stats::AccessRecord* r = shard.recordSlot();
  if (!r) return;
  const net::RequestHead& head = m_ex.request();
  const auto total = std::chrono::steady_clock::now() - m_info.start;
  r->time = std::chrono::system_clock::now() -
            std::chrono::duration_cast<std::chrono::system_clock::duration>(total);
  r->requestId = m_info.requestId;
  r->traceId.clear();
  if (m_info.trace.hasTraceId()) {
    m_info.trace.appendTraceIdHex(r->traceId);
  }
  const auto& remote = m_ex.remote();
  r->clientAddress.v6 = remote.address().is_v6();
  if (r->clientAddress.v6) {
    const auto b = remote.address().to_v6().to_bytes();
    std::copy(b.begin(), b.end(), r->clientAddress.bytes.begin());
  } else {
    const auto b = remote.address().to_v4().to_bytes();
    std::copy(b.begin(), b.end(), r->clientAddress.bytes.begin());
  }
  r->clientAddress.port = remote.port();
  r->method = head.method;
  const std::string* host = head.headers.find("host");
  r->authority = host ? *host : std::string();
  r->path = head.target;
  r->protocol = std::string(net::protocolName(head));
  r->status = m_info.status;
  r->flags = m_info.flags;
  r->routeKind = m_info.routeKind;
  r->routeNamespace = m_info.routeNamespace;
  r->routeName = m_info.routeName;
  r->rule = m_info.rule;
  r->backend = m_info.backend;
  r->endpoint = m_info.endpoint;
  r->attempts = m_info.attempts;
  r->bytesIn = m_ex.bytesReceived();
  r->bytesOut = m_ex.bytesSent();
  r->totalSeconds = std::chrono::duration<double>(total).count();
  r->upstreamSeconds = m_info.upstreamTime.count() < 0 ? -1.0 : m_info.upstreamTime.count() / 1e6;
  const std::string* ua = head.headers.find("user-agent");
  r->userAgent = ua ? *ua : std::string();
  std::string_view service, method;
  if (m_info.grpc && splitGrpcPath(head.target, service, method)) {
    r->grpcService.assign(service);
    r->grpcMethod.assign(method);
  } else {
    r->grpcService.clear();
    r->grpcMethod.clear();
  }
  r->grpcStatus = m_info.grpcStatus;
  shard.records().commitPush();
}

}  // namespace routedeck::core::proxy
