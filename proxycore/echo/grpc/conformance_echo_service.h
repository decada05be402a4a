#pragma once

#include "gateway_api_conformance/echo_basic/grpcecho.grpc.pb.h"
#include "proxycore/echo/grpc/grpc_echo_server.h"

namespace routedeck::core::echo {

// gateway_api_conformance.echo_basic.grpcecho.GrpcEcho for one listener:
// Echo and EchoTwo report the method, metadata, :authority and the
// listener's identity; EchoThree is deliberately UNIMPLEMENTED, as upstream.
class ConformanceEchoService final
    : public gateway_api_conformance::echo_basic::grpcecho::GrpcEcho::Service {
 public:
  using EchoRequest = gateway_api_conformance::echo_basic::grpcecho::EchoRequest;
  using EchoResponse = gateway_api_conformance::echo_basic::grpcecho::EchoResponse;

  explicit ConformanceEchoService(GrpcEchoListener identity) : m_identity(std::move(identity)) {}

  grpc::Status Echo(grpc::ServerContext* ctx, const EchoRequest* request, EchoResponse* response) override;
  grpc::Status EchoTwo(grpc::ServerContext* ctx, const EchoRequest* request, EchoResponse* response) override;
  grpc::Status EchoThree(grpc::ServerContext* ctx, const EchoRequest* request, EchoResponse* response) override;

 private:
  void describe(const grpc::ServerContext& ctx, const char* method, EchoResponse* response) const;

  const GrpcEchoListener m_identity;
};

}  // namespace routedeck::core::echo
