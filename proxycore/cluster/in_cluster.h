#pragma once
// The client configuration a pod gets from its service account, as
// client-go's rest.InClusterConfig builds it.

#include <string>

#include "proxycore/common/result.h"
#include "proxycore/kube/kubeconfig.h"

namespace routedeck::core::cluster {

inline constexpr const char* kServiceAccountDir = "/var/run/secrets/kubernetes.io/serviceaccount";

// True when KUBERNETES_SERVICE_HOST and _PORT are set (inside a pod).
bool runningInCluster();

// https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT with the
// account's ca.crt and token (re-read per request, so rotation is picked
// up) and namespace from `dir`.
Result<kube::ClientConfig> inClusterConfig(const std::string& dir = kServiceAccountDir);

}  // namespace routedeck::core::cluster
