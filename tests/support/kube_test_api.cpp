#include "tests/support/kube_test_api.h"

#include "proxycore/kube/kubeconfig.h"
#include "proxycore/kube/rest_client.h"

namespace routedeck::tests {

KubeTestApi::KubeTestApi() = default;
KubeTestApi::~KubeTestApi() = default;

bool KubeTestApi::connect(const QString& kubeconfig, const std::string& context) {
  auto kc = core::kube::loadKubeconfig({kubeconfig.toStdString()});
  if (!kc) return false;
  auto cfg = core::kube::resolveContext(*kc, context);
  if (!cfg) return false;
  auto client = core::kube::RestClient::create(*cfg);
  if (!client) return false;
  m_client = std::move(*client);
  return true;
}

int KubeTestApi::send(const char* method, const std::string& path, const QString& body, const char* contentType) {
  if (!m_client) return -1;
  core::kube::RestRequest r;
  r.method = method;
  r.path = path;
  r.body = body.toStdString();
  r.contentType = contentType;
  auto a = m_client->send(r);
  return a.ok() ? a->status : -1;
}

std::string KubeTestApi::get(const std::string& path) {
  if (!m_client) return {};
  core::kube::RestRequest r;
  r.path = path;
  auto a = m_client->send(r);
  return a.ok() && a->status == 200 ? a->body : std::string();
}

QString namespaceObject(const QString& name) {
  return QStringLiteral(R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"%1"}})").arg(name);
}

QString weightsPatch(const QString& backendA, int weightA, const QString& backendB, int weightB) {
  return QStringLiteral(R"({"spec":{"rules":[{"backendRefs":[{"name":"%1","port":8080,"weight":%2},)"
                        R"({"name":"%3","port":8080,"weight":%4}]}]}})")
      .arg(backendA)
      .arg(weightA)
      .arg(backendB)
      .arg(weightB);
}

}  // namespace routedeck::tests
