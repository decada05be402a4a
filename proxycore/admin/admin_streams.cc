// The server-streaming RPCs. Each stream runs on its own gRPC thread and
// waits with a bounded timeout, so it notices a cancelled call or a
// stopping server within kPoll.
#include <condition_variable>
#include <mutex>

#include "proxycore/admin/admin_service.h"
#include "proxycore/proxy/proxy_service.h"

namespace routedeck::core::admin {

namespace {

constexpr std::chrono::milliseconds kPoll{200};
constexpr size_t kBatch = 256;

// The newest snapshot handed over from the collector thread.
struct SnapshotSlot {
  std::mutex mutex;
  std::condition_variable arrived;
  stats::SnapshotConstSharedPtr latest;
};

}  // namespace

grpc::Status AdminServiceImpl::WatchStats(grpc::ServerContext* ctx,
                                          const pb::WatchStatsRequest* req,
                                          grpc::ServerWriter<pb::StatsSnapshot>* writer) {
  if (auto s = authorize(ctx); !s.ok()) {
    return s;
  }
  auto slot = std::make_shared<SnapshotSlot>();
  slot->latest = m_proxy.latestSnapshot();
  const uint64_t sub = m_proxy.subscribeSnapshots([slot](stats::SnapshotConstSharedPtr s) {
    {
      std::lock_guard lock(slot->mutex);
      slot->latest = std::move(s);
    }
    slot->arrived.notify_one();
  });
  uint64_t sent = 0;
  bool first = true;
  while (streaming(ctx)) {
    stats::SnapshotConstSharedPtr next;
    {
      std::unique_lock lock(slot->mutex);
      slot->arrived.wait_for(
          lock, kPoll, [&] { return slot->latest && (first || slot->latest->sequence > sent); });
      if (slot->latest && (first || slot->latest->sequence > sent)) {
        next = slot->latest;
      }
    }
    if (!next) {
      continue;
    }
    // A slow client skips snapshots instead of queueing them (latest wins).
    pb::StatsSnapshot msg;
    toProto(*next, req->include_recent(), &msg);
    if (!writer->Write(msg)) {
      break;
    }
    sent = next->sequence;
    first = false;
  }
  m_proxy.unsubscribeSnapshots(sub);
  return grpc::Status::OK;
}

grpc::Status AdminServiceImpl::WatchAccessLog(grpc::ServerContext* ctx,
                                              const pb::WatchAccessLogRequest* req,
                                              grpc::ServerWriter<pb::AccessRecord>* writer) {
  if (auto s = authorize(ctx); !s.ok()) {
    return s;
  }
  const stats::Collector& log = m_proxy.collector();
  const uint64_t next = log.accessLogNext();
  uint64_t cursor = next > req->backlog() ? next - req->backlog() : 1;
  while (streaming(ctx)) {
    uint64_t resume = cursor;
    auto records = log.accessLogSince(cursor, kBatch, &resume);
    if (records.empty()) {
      log.waitForAccessLog(cursor, kPoll);
      continue;
    }
    // Sequence numbers of the records returned end at resume - 1.
    uint64_t seq = resume - records.size();
    for (const auto& r : records) {
      pb::AccessRecord msg;
      toProto(r, seq++, &msg);
      if (!writer->Write(msg)) {
        return grpc::Status::OK;
      }
    }
    cursor = resume;
  }
  return grpc::Status::OK;
}

grpc::Status AdminServiceImpl::WatchTraces(grpc::ServerContext* ctx,
                                           const pb::WatchTracesRequest* req,
                                           grpc::ServerWriter<pb::Trace>* writer) {
  if (auto s = authorize(ctx); !s.ok()) {
    return s;
  }
  const trace::TraceStore& store = m_proxy.traces();
  // The backlog comes from the per-rule ring when filtering (the global
  // backlog may hold none of the rule's traces), else from since().
  uint64_t cursor = store.next();
  if (req->backlog() > 0) {
    std::vector<trace::TraceConstSharedPtr> backlog;
    if (!req->rule().empty()) {
      backlog = store.recent(req->rule(), req->backlog());
    } else {
      const uint64_t from = cursor > req->backlog() ? cursor - req->backlog() : 1;
      backlog = store.since(from, req->backlog(), &cursor);
    }
    for (const auto& t : backlog) {
      pb::Trace msg;
      toProto(*t, &msg);
      if (!writer->Write(msg)) {
        return grpc::Status::OK;
      }
    }
  }
  while (streaming(ctx)) {
    uint64_t resume = cursor;
    auto traces = store.since(cursor, kBatch, &resume);
    if (traces.empty()) {
      store.waitFor(cursor, kPoll);
      continue;
    }
    cursor = resume;
    for (const auto& t : traces) {
      if (!req->rule().empty() && t->rule != req->rule()) {
        continue;
      }
      pb::Trace msg;
      toProto(*t, &msg);
      if (!writer->Write(msg)) {
        return grpc::Status::OK;
      }
    }
  }
  return grpc::Status::OK;
}

}  // namespace routedeck::core::admin
