#pragma once

#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <string>

#include "proxycore/common/result.h"
#include "proxycore/kube/kubeconfig.h"

namespace routedeck::core::kube {

// What an exec plugin returned: a bearer token or a client certificate, and when it expires.
struct Credential {
  std::string token;
  std::string clientCertificateData;  // PEM
  std::string clientKeyData;          // PEM
  std::optional<std::chrono::system_clock::time_point> expiry;

  bool operator==(const Credential& o) const {
    return token == o.token && clientCertificateData == o.clientCertificateData;
  }
};

// RFC 3339 ("2024-05-01T10:00:00Z", fractions and offsets allowed).
std::optional<std::chrono::system_clock::time_point> parseRfc3339(const std::string& text);

// The KUBERNETES_EXEC_INFO the plugin receives: an ExecCredential of the configured
// apiVersion with spec.interactive=false and, with provideClusterInfo, spec.cluster.
std::string execInfoJson(const ExecConfig& exec, const Cluster& cluster);

// Runs the plugin once (no terminal, stdin from /dev/null), killing it after `timeout`.
// Errors name the user's exec command, carry the plugin's stderr and, when the command
// does not exist, its installHint. The plugin's stdout never appears in an error.
Result<Credential> runExecPlugin(const ExecConfig& exec, const Cluster& cluster,
                                 std::chrono::milliseconds timeout);

// Caches one user's credential until it expires. Thread-safe: concurrent callers wait for
// one plugin run instead of starting their own.
class ExecCredentialProvider {
 public:
  ExecCredentialProvider(ExecConfig exec, Cluster cluster,
                         std::chrono::milliseconds timeout = std::chrono::seconds(60));

  // The cached credential, or a fresh one when there is none or it has expired.
  Result<Credential> get();
  // After a 401: forget `rejected` so the next get() runs the plugin again. A credential
  // another thread has already replaced is left alone.
  void invalidate(const Credential& rejected);
  // How many times the plugin has run (tests check refresh behaviour).
  int runs() const { return m_runs.load(); }

 private:
  ExecConfig m_exec;
  Cluster m_cluster;
  std::chrono::milliseconds m_timeout;
  std::mutex m_mutex;
  std::optional<Credential> m_cached;
  std::atomic<int> m_runs{0};
};

}  // namespace routedeck::core::kube
