#include "proxycore/admin/admin_server.h"

#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>

#include "proxycore/admin/admin_service.h"

namespace routedeck::core::admin {

struct AdminServer::Impl {
  std::unique_ptr<AdminServiceImpl> service;
  std::unique_ptr<grpc::Server> server;
};

namespace {

std::shared_ptr<grpc::ServerCredentials> credentials(const AdminSecurity& security) {
  if (!security.hasTls()) {
    return grpc::InsecureServerCredentials();
  }
  grpc::SslServerCredentialsOptions ssl(GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  ssl.pem_root_certs = security.tlsClientCaPem;
  ssl.pem_key_cert_pairs.push_back({security.tlsKeyPem, security.tlsCertPem});
  return grpc::SslServerCredentials(ssl);
}

}  // namespace

AdminServer::AdminServer(std::unique_ptr<Impl> impl, int port)
    : m_impl(std::move(impl)), m_port(port) {}

AdminServer::~AdminServer() {
  m_impl->service->stopStreams();
  m_impl->server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(1));
  m_impl->server->Wait();
}

Result<std::unique_ptr<AdminServer>> AdminServer::start(const std::string& address,
                                                        const AdminSecurity& security,
                                                        proxy::ProxyService& proxy,
                                                        control::LiveControl& control) {
  std::string host;
  int port = 0;
  if (auto ok = parseAdminAddress(address, security.authenticated(), &host, &port); !ok) {
    return ok.error();
  }
  if (security.hasTls() && (security.tlsKeyPem.empty() || security.tlsClientCaPem.empty())) {
    return makeError(ErrorCode::Invalid,
                     "mTLS needs --admin-tls-cert, --admin-tls-key and --admin-tls-client-ca");
  }
  auto impl = std::make_unique<Impl>();
  impl->service = std::make_unique<AdminServiceImpl>(proxy, control, security.token);
  grpc::ServerBuilder builder;
  int bound = 0;
  builder.AddListeningPort(host + ":" + std::to_string(port), credentials(security), &bound);
  builder.RegisterService(impl->service.get());
  // No SO_REUSEPORT: a second daemon on the same port must fail, not share it.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  impl->server = builder.BuildAndStart();
  if (!impl->server || bound == 0) {
    return makeError(ErrorCode::Io, "--admin " + address +
                                        ": cannot listen (address in use or "
                                        "not available on this host)");
  }
  return std::unique_ptr<AdminServer>(new AdminServer(std::move(impl), bound));
}

}  // namespace routedeck::core::admin
