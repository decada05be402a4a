#include "proxycore/admin/admin_client.h"

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "proxycore/admin/proto_convert.h"
#include "routedeck/admin/v1/admin.grpc.pb.h"

namespace routedeck::core::admin {

namespace {

constexpr std::chrono::seconds kCallTimeout{10};
constexpr std::chrono::milliseconds kReconnectPause{500};

Error toError(const grpc::Status& s) {
  switch (s.error_code()) {
    case grpc::StatusCode::NOT_FOUND:
      return makeError(ErrorCode::NotFound, s.error_message());
    case grpc::StatusCode::INVALID_ARGUMENT:
    case grpc::StatusCode::FAILED_PRECONDITION:
      return makeError(ErrorCode::Invalid, s.error_message());
    case grpc::StatusCode::UNIMPLEMENTED:
      return makeError(ErrorCode::Unsupported, s.error_message());
    default:
      return makeError(ErrorCode::Io, "admin API: " + s.error_message() + " (gRPC status " +
                                          std::to_string(static_cast<int>(s.error_code())) + ")");
  }
}

// One streaming call on its own thread, reopened until cancelled.
class StreamWatch final : public AdminWatch {
 public:
  // `open(ctx)` starts the call and reads it to the end.
  explicit StreamWatch(std::function<void(grpc::ClientContext&)> run)
      : m_run(std::move(run)), m_thread([this] { loop(); }) {}
  ~StreamWatch() override {
    {
      std::lock_guard lock(m_mutex);
      m_stop = true;
      if (m_ctx) {
        m_ctx->TryCancel();
      }
    }
    m_wake.notify_all();
    m_thread.join();
  }

 private:
  void loop() {
    for (;;) {
      auto ctx = std::make_shared<grpc::ClientContext>();
      {
        std::lock_guard lock(m_mutex);
        if (m_stop) {
          return;
        }
        m_ctx = ctx;
      }
      m_run(*ctx);
      std::unique_lock lock(m_mutex);
      m_ctx.reset();
      if (m_wake.wait_for(lock, kReconnectPause, [&] { return m_stop; })) {
        return;
      }
    }
  }

  std::function<void(grpc::ClientContext&)> m_run;
  std::mutex m_mutex;
  std::condition_variable m_wake;
  bool m_stop = false;
  std::shared_ptr<grpc::ClientContext> m_ctx;
  std::thread m_thread;  // last: starts once the members above exist
};

}  // namespace

struct AdminClient::Impl {
  std::unique_ptr<pb::Admin::Stub> stub;
  std::string token;

  void prepare(grpc::ClientContext& ctx, bool unary) const {
    if (!token.empty()) {
      ctx.AddMetadata("authorization", "Bearer " + token);
    }
    if (unary) {
      ctx.set_deadline(std::chrono::system_clock::now() + kCallTimeout);
    }
  }
};

AdminClient::AdminClient(const std::string& address, const std::string& token)
    : m_impl(std::make_unique<Impl>()) {
  m_impl->stub =
      pb::Admin::NewStub(grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
  m_impl->token = token;
}

AdminClient::~AdminClient() = default;

Result<uint64_t> AdminClient::applyConfig(const std::vector<workspace::Source>& sources,
                                          Diagnostics& diags) {
  pb::ApplyConfigRequest req;
  for (const auto& s : sources) {
    auto* f = req.add_sources();
    f->set_name(s.name);
    f->set_yaml(s.text);
  }
  pb::ApplyConfigResponse resp;
  grpc::ClientContext ctx;
  m_impl->prepare(ctx, true);
  grpc::Status status = m_impl->stub->ApplyConfig(&ctx, req, &resp);
  if (!status.ok()) {
    pb::ValidationReport report;
    if (report.ParseFromString(status.error_details())) {
      for (const auto& d : report.diagnostics()) {
        diags.add(fromProto(d));
      }
    }
    return toError(status);
  }
  for (const auto& d : resp.diagnostics()) {
    diags.add(fromProto(d));
  }
  return resp.version();
}

Result<RemoteConfig> AdminClient::getConfig(ConfigDialect dialect) {
  pb::GetConfigRequest req;
  req.set_dialect(dialect == ConfigDialect::GatewayApi ? pb::DIALECT_GATEWAY_API
                  : dialect == ConfigDialect::Istio    ? pb::DIALECT_ISTIO
                  : dialect == ConfigDialect::AppMesh  ? pb::DIALECT_APP_MESH
                                                       : pb::DIALECT_NATIVE);
  pb::GetConfigResponse resp;
  grpc::ClientContext ctx;
  m_impl->prepare(ctx, true);
  if (auto s = m_impl->stub->GetConfig(&ctx, req, &resp); !s.ok()) {
    return toError(s);
  }
  RemoteConfig out;
  out.version = resp.version();
  for (const auto& s : resp.sources()) {
    out.sources.push_back({s.name(), s.yaml()});
  }
  out.fidelity.assign(resp.fidelity().begin(), resp.fidelity().end());
  return out;
}

Result<std::string> AdminClient::explain(const std::string& requestLine,
                                         const std::vector<std::string>& headers) {
  pb::ExplainRequest req;
  req.set_request(requestLine);
  for (const auto& h : headers) {
    req.add_headers(h);
  }
  pb::ExplainResponse resp;
  grpc::ClientContext ctx;
  m_impl->prepare(ctx, true);
  if (auto s = m_impl->stub->Explain(&ctx, req, &resp); !s.ok()) {
    return toError(s);
  }
  return resp.decision_json();
}

Result<uint64_t> AdminClient::setWeights(const std::string& rule, const std::vector<int>& weights) {
  pb::SetWeightsRequest req;
  req.set_rule(rule);
  req.mutable_weights()->Assign(weights.begin(), weights.end());
  pb::SetWeightsResponse resp;
  grpc::ClientContext ctx;
  m_impl->prepare(ctx, true);
  if (auto s = m_impl->stub->SetWeights(&ctx, req, &resp); !s.ok()) {
    return toError(s);
  }
  return resp.version();
}

Result<uint64_t> AdminClient::setFault(const std::string& rule, const model::FaultInjection& fault,
                                       std::chrono::milliseconds revertAfter) {
  pb::SetFaultRequest req;
  req.set_rule(rule);
  if (fault.delay) {
    req.mutable_delay()->set_delay_ms(fault.delay->delay.millis);
    req.mutable_delay()->set_percent(fault.delay->percent.value_or(100));
  }
  if (fault.abort) {
    req.mutable_abort()->set_http_status(fault.abort->httpStatus.value_or(0));
    req.mutable_abort()->set_percent(fault.abort->percent.value_or(100));
  }
  req.set_revert_after_ms(revertAfter.count());
  pb::SetFaultResponse resp;
  grpc::ClientContext ctx;
  m_impl->prepare(ctx, true);
  if (auto s = m_impl->stub->SetFault(&ctx, req, &resp); !s.ok()) {
    return toError(s);
  }
  return resp.version();
}

Result<uint64_t> AdminClient::clearFaults(bool includeConfigured) {
  pb::ClearFaultsRequest req;
  req.set_include_configured(includeConfigured);
  pb::ClearFaultsResponse resp;
  grpc::ClientContext ctx;
  m_impl->prepare(ctx, true);
  if (auto s = m_impl->stub->ClearFaults(&ctx, req, &resp); !s.ok()) {
    return toError(s);
  }
  return resp.version();
}

Result<trace::Trace> AdminClient::getTrace(const std::string& traceIdHex) {
  pb::GetTraceRequest req;
  req.set_trace_id(traceIdHex);
  pb::Trace resp;
  grpc::ClientContext ctx;
  m_impl->prepare(ctx, true);
  if (auto s = m_impl->stub->GetTrace(&ctx, req, &resp); !s.ok()) {
    return toError(s);
  }
  return fromProto(resp);
}

std::unique_ptr<AdminWatch> AdminClient::watchStats(std::function<void(stats::Snapshot)> onItem) {
  return std::make_unique<StreamWatch>([this, onItem](grpc::ClientContext& ctx) {
    m_impl->prepare(ctx, false);
    pb::WatchStatsRequest req;
    req.set_include_recent(true);
    auto reader = m_impl->stub->WatchStats(&ctx, req);
    pb::StatsSnapshot msg;
    while (reader->Read(&msg)) {
      onItem(fromProto(msg));
    }
    reader->Finish();
  });
}

std::unique_ptr<AdminWatch> AdminClient::watchAccessLog(
    size_t backlog, std::function<void(stats::AccessRecord)> onItem) {
  // After a reconnect only new records are wanted: the backlog was seen.
  auto first = std::make_shared<std::atomic<bool>>(true);
  return std::make_unique<StreamWatch>([this, onItem, backlog, first](grpc::ClientContext& ctx) {
    m_impl->prepare(ctx, false);
    pb::WatchAccessLogRequest req;
    req.set_backlog(first->exchange(false) ? static_cast<uint32_t>(backlog) : 0);
    auto reader = m_impl->stub->WatchAccessLog(&ctx, req);
    pb::AccessRecord msg;
    while (reader->Read(&msg)) {
      onItem(fromProto(msg));
    }
    reader->Finish();
  });
}

std::unique_ptr<AdminWatch> AdminClient::watchTraces(const std::string& rule, size_t backlog,
                                                     std::function<void(trace::Trace)> onItem) {
  auto first = std::make_shared<std::atomic<bool>>(true);
  return std::make_unique<StreamWatch>(
      [this, onItem, rule, backlog, first](grpc::ClientContext& ctx) {
        m_impl->prepare(ctx, false);
        pb::WatchTracesRequest req;
        req.set_rule(rule);
        req.set_backlog(first->exchange(false) ? static_cast<uint32_t>(backlog) : 0);
        auto reader = m_impl->stub->WatchTraces(&ctx, req);
        pb::Trace msg;
        while (reader->Read(&msg)) {
          onItem(fromProto(msg));
        }
        reader->Finish();
      });
}

}  // namespace routedeck::core::admin
