#pragma once
// Certificate files named by the workspace (Istio serverCertificate,
// privateKey and caCertificates; App Mesh certificate.file and
// validation.trust.file) are polled; when one changes, the TLS settings of
// the sockets that use it are rebuilt from the files and swapped in for new
// handshakes. Open connections keep the settings they started with. A file
// that does not load keeps the previous certificate and reports why.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "proxycore/proxy/file_stamp.h"
#include "proxycore/proxy/runtime.h"

namespace routedeck::core::net {
class HttpServer;
}

namespace routedeck::core::proxy {

class CertificateReloader {
 public:
  // One line per outcome: "...: reloaded ..." or the diagnostics of a file
  // that did not load plus "; keeping the previous certificate".
  using Report = std::function<void(const std::string& line)>;

  // Checks every file `rt` read for its sockets' TLS, now. Not thread-safe:
  // the caller serialises it with config applies (ProxyService's apply lock),
  // so a reload never races a new config's own settings. A new runtime
  // version starts from the stamps its build took.
  void poll(const Runtime& rt, net::HttpServer& server, const Report& report);

 private:
  uint64_t m_version = 0;
  std::vector<std::vector<FileStamp>> m_stamps;  // per server listener index
};

}  // namespace routedeck::core::proxy
