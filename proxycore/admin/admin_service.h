#pragma once

// The Admin gRPC service over the running proxy. Private to admin/ (it
// includes the generated code); AdminServer owns it.

#include <atomic>
#include <string>

#include "proxycore/admin/proto_convert.h"
#include "proxycore/common/result.h"
#include "routedeck/admin/v1/admin.grpc.pb.h"

namespace routedeck::core::proxy {
class ProxyService;
}
namespace routedeck::core::control {
class LiveControl;
}

namespace routedeck::core::admin {

class AdminServiceImpl final : public pb::Admin::Service {
 public:
  // An empty token accepts every caller (loopback or mTLS).
  AdminServiceImpl(proxy::ProxyService& proxy, control::LiveControl& control, std::string token);

  // Ends the streams (each notices within one poll interval) before the
  // server shuts down.
  void stopStreams() { m_stopping.store(true); }

  grpc::Status ApplyConfig(grpc::ServerContext* ctx, const pb::ApplyConfigRequest* req,
                           pb::ApplyConfigResponse* resp) override;
  grpc::Status GetConfig(grpc::ServerContext* ctx, const pb::GetConfigRequest* req,
                         pb::GetConfigResponse* resp) override;
  grpc::Status Explain(grpc::ServerContext* ctx, const pb::ExplainRequest* req,
                       pb::ExplainResponse* resp) override;
  grpc::Status SetWeights(grpc::ServerContext* ctx, const pb::SetWeightsRequest* req,
                          pb::SetWeightsResponse* resp) override;
  grpc::Status SetFault(grpc::ServerContext* ctx, const pb::SetFaultRequest* req,
                        pb::SetFaultResponse* resp) override;
  grpc::Status ClearFaults(grpc::ServerContext* ctx, const pb::ClearFaultsRequest* req,
                           pb::ClearFaultsResponse* resp) override;
  // Streams: admin_streams.cc.
  grpc::Status WatchStats(grpc::ServerContext* ctx, const pb::WatchStatsRequest* req,
                          grpc::ServerWriter<pb::StatsSnapshot>* writer) override;
  grpc::Status WatchAccessLog(grpc::ServerContext* ctx, const pb::WatchAccessLogRequest* req,
                              grpc::ServerWriter<pb::AccessRecord>* writer) override;
  grpc::Status WatchTraces(grpc::ServerContext* ctx, const pb::WatchTracesRequest* req,
                           grpc::ServerWriter<pb::Trace>* writer) override;
  grpc::Status GetTrace(grpc::ServerContext* ctx, const pb::GetTraceRequest* req,
                        pb::Trace* resp) override;

 private:
  // OK, or UNAUTHENTICATED when a token is configured and the call's
  // `authorization: Bearer` metadata does not carry it.
  grpc::Status authorize(const grpc::ServerContext* ctx) const;
  bool streaming(const grpc::ServerContext* ctx) const {
    return !m_stopping.load() && !ctx->IsCancelled();
  }

  proxy::ProxyService& m_proxy;
  control::LiveControl& m_control;
  const std::string m_token;
  std::atomic<bool> m_stopping{false};
};

// Maps a core error onto the gRPC status code clients branch on.
grpc::Status toStatus(const Error& e);

}  // namespace routedeck::core::admin
