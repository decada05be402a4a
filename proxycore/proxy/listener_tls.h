#pragma once
// Resolves the certificates of HTTPS listeners into TLS termination
// settings: Gateway API certificateRefs to kubernetes.io/tls Secrets, Istio
// credentialName Secrets or certificate files, App Mesh VirtualGateway
// listener certificate files or SDS secrets (with validation.trust: mutual).

#include <memory>
#include <string>

#include "proxycore/common/diagnostics.h"
#include "proxycore/model/config.h"
#include "proxycore/proxy/file_stamp.h"

namespace routedeck::core::tls {
class ServerTls;
}

namespace routedeck::core::proxy {

// The TLS settings of a socket bound for the listeners on `port` of gateway
// `gatewayId` ("ns/name", including its ListenerSets): one certificate per
// HTTPS listener, chosen by SNI among their hostnames, the first listener's
// the default. Null when none of them terminates TLS. Each problem (missing
// Secret, unreadable file, bad certificate or key, key not matching the
// certificate) is an error at the listener that names it; the result is
// then null too. `files` (optional) receives every certificate file read,
// stamped before reading, for CertificateReloader.
std::shared_ptr<const tls::ServerTls> buildListenerTls(const model::Config& cfg,
                                                       const std::string& gatewayId, int port,
                                                       Diagnostics& diags,
                                                       std::vector<FileStamp>* files = nullptr);

}  // namespace routedeck::core::proxy
