#pragma once
// The fixture's PKI, made at start-up with OpenSSL's C API: a CA, a server
// certificate for 127.0.0.1 and localhost, and a client certificate, all
// EC P-256 (quick to generate). PEM text; never logged.

#include <string>

#include "proxycore/common/result.h"

namespace routedeck::tests::kubeapi {

struct Pki {
  std::string caCertPem;
  std::string serverCertPem;
  std::string serverKeyPem;
  std::string clientCertPem;
  std::string clientKeyPem;
};

// `clientCommonName` becomes the client certificate's subject CN, which the
// server takes as the user name.
core::Result<Pki> generatePki(const std::string& clientCommonName);

}  // namespace routedeck::tests::kubeapi
