#pragma once
// The kubeconfig the fixture writes: cluster "routedeck-test", a bearer
// token user and a client-certificate user, as contexts "token" (current)
// and "cert", both in namespace default.

#include <string>

#include "tests/kubeapi/pki.h"

namespace routedeck::tests::kubeapi {

std::string kubeconfigYaml(const Pki& pki, int port, const std::string& token);

}  // namespace routedeck::tests::kubeapi
