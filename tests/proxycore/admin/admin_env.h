#pragma once
// A live routedeckd with --admin on loopback for the admin API tests: two
// echo backends (svc-a, svc-b), a Gateway API route with a weighted rule,
// and a gRPC stub to the daemon's admin port.
#include <grpcpp/grpcpp.h>

#include <QString>
#include <QStringList>
#include <memory>
#include <string>

#include "routedeck/admin/v1/admin.grpc.pb.h"
#include "tests/proxycore/proxy/proxy_env.h"

namespace routedeck::tests {

namespace pb = ::routedeck::admin::v1;

// Rule 0 (/split) sends everything to svc-a (weights 100/0); rule 1 (/plain)
// to svc-a only.
inline constexpr const char* kSplitRule = "HTTPRoute/test/shop#0";
inline constexpr const char* kPlainRule = "HTTPRoute/test/shop#1";
inline constexpr const char* kHost = "shop.example.com";

QString shopRoutes(int weightA = 100, int weightB = 0);

class AdminEnv {
 public:
  // Starts echo backends and `routedeckd serve --admin 127.0.0.1:0 extraArgs`.
  bool start(const QStringList& extraArgs = {});
  ProxyEnv& env() { return m_env; }
  int adminPort() const { return m_adminPort; }
  std::string adminTarget() const { return "127.0.0.1:" + std::to_string(m_adminPort); }
  // A stub on a fresh channel.
  std::unique_ptr<pb::Admin::Stub> stub() const;
  // The workspace and route files as ApplyConfig sources.
  QString workspaceText(const QString& routesName = QStringLiteral("routes.yaml")) const;

 private:
  ProxyEnv m_env;
  int m_adminPort = 0;
};

// A client context with a 10 s deadline and, when given, the bearer token.
std::unique_ptr<grpc::ClientContext> callContext(const std::string& token = {},
                                                 int timeoutMs = 10000);

}  // namespace routedeck::tests
