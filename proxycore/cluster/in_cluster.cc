#include "proxycore/cluster/in_cluster.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace routedeck::core::cluster {

namespace {

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

}  // namespace

bool runningInCluster() { return !env("KUBERNETES_SERVICE_HOST").empty() && !env("KUBERNETES_SERVICE_PORT").empty(); }

Result<kube::ClientConfig> inClusterConfig(const std::string& dir) {
  const std::string host = env("KUBERNETES_SERVICE_HOST");
  const std::string port = env("KUBERNETES_SERVICE_PORT");
  if (host.empty() || port.empty()) {
    return makeError(ErrorCode::Usage,
                     "not inside a pod (KUBERNETES_SERVICE_HOST/KUBERNETES_SERVICE_PORT unset): "
                     "give --kubeconfig or set KUBECONFIG");
  }
  namespace fs = std::filesystem;
  const fs::path base(dir);
  for (const char* f : {"token", "ca.crt"}) {
    if (!fs::exists(base / f)) {
      return makeError(ErrorCode::Io, "in-cluster config: " + (base / f).string() +
                                          " is missing (is automountServiceAccountToken off?)");
    }
  }
  kube::ClientConfig c;
  c.contextName = "in-cluster";
  // An IPv6 service address needs brackets in a URL.
  const bool v6 = host.find(':') != std::string::npos;
  c.cluster.name = "in-cluster";
  c.cluster.server = "https://" + (v6 ? "[" + host + "]" : host) + ":" + port;
  c.cluster.certificateAuthorityFile = (base / "ca.crt").string();
  c.user.name = "serviceaccount";
  c.user.tokenFile = (base / "token").string();
  std::ifstream nsFile(base / "namespace");
  std::string ns;
  if (nsFile && std::getline(nsFile, ns) && !ns.empty()) c.ns = ns;
  return c;
}

}  // namespace routedeck::core::cluster
