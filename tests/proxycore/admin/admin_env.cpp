#include "tests/proxycore/admin/admin_env.h"

#include <QRegularExpression>

namespace routedeck::tests {

QString shopRoutes(int weightA, int weightB) {
  return gatewayApiBase() +
         QStringLiteral(R"(---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: shop, namespace: test}
spec:
  parentRefs: [{name: edge}]
  hostnames: [shop.example.com]
  rules:
  - matches: [{path: {type: PathPrefix, value: /split}}]
    backendRefs:
    - {name: svc-a, port: 8080, weight: %1}
    - {name: svc-b, port: 8080, weight: %2}
  - matches: [{path: {type: PathPrefix, value: /plain}}]
    backendRefs:
    - {name: svc-a, port: 8080}
)")
             .arg(weightA)
             .arg(weightB) +
         serviceObject(QStringLiteral("svc-a")) + serviceObject(QStringLiteral("svc-b"));
}

QString AdminEnv::workspaceText(const QString& routesName) const {
  const QString services =
      serviceEntry(QStringLiteral("svc-a"), 8080, {m_env.echoPort(QStringLiteral("svc-a"))}) +
      serviceEntry(QStringLiteral("svc-b"), 8080, {m_env.echoPort(QStringLiteral("svc-b"))});
  return workspaceYaml(QStringLiteral("test/edge"), QStringLiteral("http"), m_env.proxyPort(),
                       {routesName}, services);
}

bool AdminEnv::start(const QStringList& extraArgs) {
  if (m_env.startEcho({QStringLiteral("svc-a"), QStringLiteral("svc-b")}).size() != 2) {
    return false;
  }
  m_env.write(QStringLiteral("routes.yaml"), shopRoutes());
  const QString ws = m_env.write(QStringLiteral("workspace.yaml"), workspaceText());
  if (!m_env.startServe(
          ws, QStringList{QStringLiteral("--admin"), QStringLiteral("127.0.0.1:0")} + extraArgs)) {
    return false;
  }
  static const QRegularExpression adminLine(QStringLiteral("^admin \\S+ (\\d+)$"),
                                            QRegularExpression::MultilineOption);
  auto m = adminLine.match(m_env.serve()->out());
  m_adminPort = m.hasMatch() ? m.captured(1).toInt() : 0;
  return m_adminPort > 0;
}

std::unique_ptr<pb::Admin::Stub> AdminEnv::stub() const {
  return pb::Admin::NewStub(grpc::CreateChannel(adminTarget(), grpc::InsecureChannelCredentials()));
}

std::unique_ptr<grpc::ClientContext> callContext(const std::string& token, int timeoutMs) {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(timeoutMs));
  if (!token.empty()) {
    ctx->AddMetadata("authorization", "Bearer " + token);
  }
  return ctx;
}

}  // namespace routedeck::tests
