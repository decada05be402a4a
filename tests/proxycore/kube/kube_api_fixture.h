#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>

#include <atomic>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>
#include <string>

#include "proxycore/kube/rest_client.h"
#include "proxycore/yaml/node.h"

namespace kubetest {

// routedeck-test-apiserver as a child process plus its /fixture/v1 control API.
class KubeApiFixture {
 public:
  ~KubeApiFixture() { stop(); }
  // ROUTEDECK_TEST_APISERVER, else build/bin/routedeck-test-apiserver.
  static QString serverPath();
  bool start(QString* error);
  void stop();

  std::string kubeconfigPath() const { return m_kubeconfig; }
  int port() const { return m_port; }
  // The kubeconfig's context, as loaded by the code under test.
  routedeck::core::kube::ClientConfig context(const std::string& name = "token") const;
  std::unique_ptr<routedeck::core::kube::RestClient> client(const std::string& context = "token",
                                                            routedeck::core::kube::RestOptions options = {}) const;

  bool addFault(const QJsonObject& fault);
  bool clearFaults();
  bool compact();
  bool closeWatches();
  bool addToken(const QString& token, int expiresInSeconds);
  QJsonArray requests();
  bool clearRequests();
  QString lastError() const { return m_lastError; }

 private:
  QJsonObject control(const char* method, const QString& what, const QJsonObject& body = {}, bool* ok = nullptr);

  QTemporaryDir m_dir;
  std::unique_ptr<QProcess> m_proc;
  std::string m_kubeconfig;
  int m_port = 0;
  std::unique_ptr<routedeck::core::kube::RestClient> m_control;
  QString m_lastError;
};

// An HTTP CONNECT proxy on loopback (for proxy-url): records each CONNECT target and
// splices bytes both ways. One thread per tunnel; stop() ends them all.
class ConnectProxy {
 public:
  ~ConnectProxy() { stop(); }
  int start();  // the port, 0 on failure
  void stop();
  QStringList targets();

 private:
  void acceptLoop();
  void tunnel(int client);
  int m_listen = -1;
  std::atomic<bool> m_stop{false};
  std::mutex m_mutex;
  QStringList m_targets;
  std::thread m_acceptThread;
  std::vector<std::thread> m_threads;  // tunnels, under m_mutex until m_acceptThread ends
};

// Test objects.
routedeck::core::yaml::Node httpRoute(const std::string& name, int weightV1, int weightV2);
routedeck::core::yaml::Node referenceGrant(const std::string& name);
// Sets spec.rules[0].backendRefs[i].weight.
void setWeight(routedeck::core::yaml::Node& route, size_t i, int weight);
long long weightOf(const routedeck::core::yaml::Node& route, size_t i);

}  // namespace kubetest
