#include "proxycore/echo/grpc/conformance_echo_service.h"

#include <string>

namespace routedeck::core::echo {

namespace {

constexpr const char* kService = "gateway_api_conformance.echo_basic.grpcecho.GrpcEcho";

std::string str(grpc::string_ref s) { return std::string(s.data(), s.size()); }

}  // namespace

void ConformanceEchoService::describe(const grpc::ServerContext& ctx, const char* method,
                                      EchoResponse* response) const {
  auto* a = response->mutable_assertions();
  a->set_fully_qualified_method(std::string("/") + kService + "/" + method);
  a->set_authority(str(ctx.ExperimentalGetAuthority()));
  for (const auto& [key, value] : ctx.client_metadata()) {
    auto* h = a->add_headers();
    h->set_key(str(key));
    h->set_value(str(value));
  }
  auto* c = a->mutable_context();
  c->set_namespace_(m_identity.ns);
  c->set_service_name(m_identity.service);
  c->set_pod(m_identity.pod);
}

grpc::Status ConformanceEchoService::Echo(grpc::ServerContext* ctx, const EchoRequest*, EchoResponse* response) {
  describe(*ctx, "Echo", response);
  return grpc::Status::OK;
}

grpc::Status ConformanceEchoService::EchoTwo(grpc::ServerContext* ctx, const EchoRequest*,
                                             EchoResponse* response) {
  describe(*ctx, "EchoTwo", response);
  return grpc::Status::OK;
}

grpc::Status ConformanceEchoService::EchoThree(grpc::ServerContext*, const EchoRequest*, EchoResponse*) {
  return {grpc::StatusCode::UNIMPLEMENTED, "EchoThree is deliberately not implemented (as in echo-basic)"};
}

}  // namespace routedeck::core::echo
