#pragma once

// The admin endpoint of `routedeckd serve --admin`: a gRPC server (see
// proto/routedeck/admin/v1/admin.proto) over the running proxy. This header
// is gRPC-free so the daemon does not compile generated code.

#include <memory>
#include <string>

#include "proxycore/admin/admin_address.h"
#include "proxycore/common/result.h"

namespace routedeck::core::proxy {
class ProxyService;
}
namespace routedeck::core::control {
class LiveControl;
}

namespace routedeck::core::admin {

class AdminServiceImpl;

class AdminServer {
 public:
  // Binds `address` (HOST:PORT, port 0 = any free port; checked by
  // parseAdminAddress) and starts serving on gRPC's own threads. `proxy` and
  // `control` must outlive the server. Fails with the reason, never the token.
  static Result<std::unique_ptr<AdminServer>> start(const std::string& address,
                                                    const AdminSecurity& security,
                                                    proxy::ProxyService& proxy,
                                                    control::LiveControl& control);
  // Ends open streams and shuts down (bounded: in-flight calls get 1 s).
  ~AdminServer();

  int port() const { return m_port; }

 private:
  struct Impl;
  explicit AdminServer(std::unique_ptr<Impl> impl, int port);
  std::unique_ptr<Impl> m_impl;
  int m_port = 0;
};

}  // namespace routedeck::core::admin
