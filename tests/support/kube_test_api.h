#pragma once
// routedeck-test-apiserver (tests/kubeapi) as a child process, and another
// operator's hands on it: plain REST writes and reads through RouteDeck's
// own client, for tests that change the cluster behind the code under test.
#include <QProcess>
#include <QString>

#include <memory>
#include <string>

namespace routedeck::core::kube {
class RestClient;
}

namespace routedeck::tests {

class KubeTestApi {
 public:
  KubeTestApi();
  ~KubeTestApi();
  // True when build/bin/routedeck-test-apiserver exists (tests QSKIP otherwise).
  static bool available();
  // Starts the server on a free loopback port, its kubeconfig written into
  // `dir`, and waits (bounded) until it listens. False with its output in error().
  bool startServer(const QString& dir);
  QString kubeconfig() const { return m_kubeconfig; }
  int port() const { return m_port; }
  QString error() const { return m_error; }
  // Connects as `context` ("" = current-context) of the fixture's kubeconfig.
  bool connect(const QString& kubeconfig, const std::string& context = {});
  // The HTTP status of the answer (-1 when none arrived).
  int send(const char* method, const std::string& path, const QString& body,
           const char* contentType = "application/json");
  // The body of a GET ("" on any failure).
  std::string get(const std::string& path);

 private:
  std::unique_ptr<core::kube::RestClient> m_client;
  QProcess m_server;
  QString m_kubeconfig;
  int m_port = 0;
  QString m_error;
};

// JSON bodies the cluster tests share.
QString namespaceObject(const QString& name);
// A merge patch setting an HTTPRoute's one rule to two weighted backends
// (port 8080).
QString weightsPatch(const QString& backendA, int weightA, const QString& backendB, int weightB);

}  // namespace routedeck::tests
