#include "tests/kubeapi/kubeconfig.h"

#include "tests/kubeapi/json_support.h"

namespace routedeck::tests::kubeapi {

std::string kubeconfigYaml(const Pki& pki, int port, const std::string& token) {
  const std::string server = "https://127.0.0.1:" + std::to_string(port);
  return "apiVersion: v1\n"
         "kind: Config\n"
         "clusters:\n"
         "- name: routedeck-test\n"
         "  cluster:\n"
         "    server: " +
         server +
         "\n"
         "    certificate-authority-data: " +
         base64Encode(pki.caCertPem) +
         "\n"
         "users:\n"
         "- name: token-user\n"
         "  user:\n"
         "    token: " +
         token +
         "\n"
         "- name: cert-user\n"
         "  user:\n"
         "    client-certificate-data: " +
         base64Encode(pki.clientCertPem) +
         "\n"
         "    client-key-data: " +
         base64Encode(pki.clientKeyPem) +
         "\n"
         "contexts:\n"
         "- name: token\n"
         "  context:\n"
         "    cluster: routedeck-test\n"
         "    user: token-user\n"
         "    namespace: default\n"
         "- name: cert\n"
         "  context:\n"
         "    cluster: routedeck-test\n"
         "    user: cert-user\n"
         "    namespace: default\n"
         "current-context: token\n"
         "preferences: {}\n";
}

}  // namespace routedeck::tests::kubeapi
