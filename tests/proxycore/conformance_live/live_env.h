#pragma once

#include <QString>
#include <QTemporaryDir>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "proxycore/yaml/node.h"
#include "tests/support/live_process.h"

namespace routedeck::tests {

// The running pieces of one conformance test: its manifests (plus base.yaml)
// written as a workspace, an echo backend per Deployment (gRPC, on h2c, for
// those whose container sets GRPC_ECHO_SERVER), and
// `routedeckd serve` with one bound port per (gateway, HTTP listener port),
// and per HTTPS listener port whose certificate is the suite's TLS Secret.
class LiveEnvironment {
 public:
  // docs: base + the test's manifests. Returns false with error() set.
  bool start(const std::vector<core::yaml::Node>& docs, const std::set<std::string>& deleted);
  // Rewrites the workspace without `deleted` objects and restarts serve.
  bool restartWithout(const std::set<std::string>& deleted);
  void stop();

  // Bound port for a gateway ("ns/name") listener port; 0 when none.
  int portFor(const std::string& gateway, int listenerPort) const;
  QString error() const { return m_error; }
  QString echoLogPath() const { return m_dir.path() + QStringLiteral("/echo.log"); }
  QString serveStderr() { return m_serve.stderrText(); }
  // The CA of the certificate in the suite's TLS Secret
  // (gateway-conformance-infra/tls-validity-checks-certificate); empty when
  // it could not be made, and HTTPS listeners then stay unbound.
  QString caCertPath() const;

 private:
  bool writeWorkspace(const std::set<std::string>& deleted);
  bool startServe();

  QTemporaryDir m_dir;
  std::vector<core::yaml::Node> m_docs;
  std::map<std::pair<std::string, int>, int> m_ports;     // (gateway, listener port) → bound
  int m_bindCount = 0;
  std::map<std::string, int> m_echoPorts;                  // deployment "ns/name" → port
  LiveProcess m_echo;
  LiveProcess m_serve;
  QString m_error;
};

// "Kind/namespace/name" of a manifest document.
std::string objectKey(const core::yaml::Node& doc);

}  // namespace routedeck::tests
