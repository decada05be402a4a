#pragma once
// TLS termination settings of one bound socket: a certificate per listener
// hostname, chosen by the client's SNI. Built once per config apply and
// shared read-only by every connection accepted on that socket.

#include <asio/ssl/context.hpp>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "proxycore/common/result.h"

namespace routedeck::core::tls {

// One certificate and the hostnames it serves. PEM text, never logged.
struct CertificateSource {
  // Listener hostnames: exact, "*.suffix" wildcard, or empty / "*" for any.
  std::vector<std::string> hostnames;
  std::string certificateChainPem;
  std::string privateKeyPem;
  // Non-empty: MUTUAL, handshakes without a client certificate signed by
  // one of these CAs fail.
  std::string clientCaPem;
  // With clientCaPem: ask for a client certificate without requiring one
  // (OPTIONAL, as kube-apiserver does, whose clients may authenticate with
  // a bearer token instead). A certificate that is sent must still verify
  // against clientCaPem, or the handshake fails.
  bool clientCertificateOptional = false;
  // ALPN offers h2 and http/1.1. False offers http/1.1 only: a server
  // running with ServerLimits::http2 = false must not let ALPN pick h2.
  bool offerHttp2 = true;
  // With clientCaPem: the client certificate must also carry one of these
  // subjectAltNames exactly (DNS, URI or email; App Mesh
  // validation.subjectAlternativeNames). Empty: any name.
  std::vector<std::string> clientSubjectAltNames;
  // Names the source in error messages ("Secret test/site-a").
  std::string description;
};

class ServerTls {
 public:
  // Validates every certificate and key (parse, key matches certificate,
  // CA bundle) and builds one OpenSSL context per source. The first source
  // is the default for clients without SNI or with an unknown name. An
  // error names the source and quotes OpenSSL's reason.
  static Result<std::shared_ptr<const ServerTls>> create(std::vector<CertificateSource> sources);

  ServerTls(const ServerTls&) = delete;
  ServerTls& operator=(const ServerTls&) = delete;

  // The context a handshake starts with; the SNI callback may switch it.
  asio::ssl::context& initialContext() const { return *m_entries.front().context; }

 private:
  struct Entry {
    std::vector<std::string> hostnames;  // lower case
    std::unique_ptr<asio::ssl::context> context;
  };
  ServerTls() = default;
  const Entry* select(std::string_view serverName) const;
  static int onServerName(SSL* ssl, int* alert, void* arg);

  std::vector<Entry> m_entries;
};

using ServerTlsConstSharedPtr = std::shared_ptr<const ServerTls>;

}  // namespace routedeck::core::tls
