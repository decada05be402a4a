#pragma once
// A live proxy for tests: a temp folder with a workspace and route files,
// `routedeckd echo` backends and `routedeckd serve`, all on loopback ports.
#include <QList>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <map>
#include <memory>
#include <vector>

namespace routedeck::tests {

// One routedeckd child process; stdout and stderr are collected as they come.
class Daemon {
 public:
  Daemon() = default;
  ~Daemon();
  // Runs build/bin/routedeckd, or `program` (e.g. routedeck-test-apiserver) from build/bin.
  bool start(const QStringList& args, const QString& program = QStringLiteral("routedeckd"));
  // Waits (bounded) for n "listening ..." lines; each is returned split on spaces.
  QList<QStringList> waitListening(int n, int timeoutMs = 10000);
  // Waits (bounded) until stderr contains `needle` at least `times` times.
  bool waitStderr(const QString& needle, int times = 1, int timeoutMs = 10000);
  QString err();
  // Everything the child wrote on stdout so far.
  QString out();
  void signal(int sig);
  void killHard();  // SIGKILL: a backend that dies mid-load
  qint64 pid() const { return m_proc.processId(); }

 private:
  void pump(int waitMs);
  QProcess m_proc;
  QString m_out;
  QString m_err;
};

class ProxyEnv {
 public:
  ProxyEnv();
  bool valid() const { return m_dir.isValid(); }
  QString path(const QString& name) const { return m_dir.filePath(name); }
  QString write(const QString& name, const QString& content);

  // Starts one echo process serving one listener per name; returns the ports
  // by name (also kept in echoPort()).
  std::map<QString, int> startEcho(const QStringList& names, const QStringList& extraArgs = {});
  int echoPort(const QString& name) const;
  Daemon* lastEcho() { return m_echos.empty() ? nullptr : m_echos.back().get(); }

  // The port the workspace's listener will bind (picked free up front).
  int proxyPort() const { return m_proxyPort; }
  // Adds "--workers 2" unless extraArgs names --workers.
  bool startServe(const QString& workspaceFile, const QStringList& extraArgs = {});
  Daemon* serve() { return m_serve.get(); }
  // SIGHUP, then waits for "applied configuration version N".
  bool reload(int expectVersion);

 private:
  QTemporaryDir m_dir;
  int m_proxyPort = 0;
  std::map<QString, int> m_echoPorts;
  std::vector<std::unique_ptr<Daemon>> m_echos;
  std::unique_ptr<Daemon> m_serve;
};

// YAML builders (namespace "test", gateway "test/edge" listener "http" port 80).
QString gatewayApiBase();
QString serviceObject(const QString& name, int port = 8080);
// An Istio Gateway "test/edge-gw" (port 80, host mesh.example.com) and the
// head of VirtualService `name` bound to it, up to its `http:` list.
QString istioEdge(const QString& virtualService);
// One workspace services[] entry; `extra` is appended as-is (e.g. a healthCheck block).
QString serviceEntry(const QString& service, int port, const QList<int>& endpointPorts,
                     const QString& extra = {});
QString workspaceYaml(const QString& gateway, const QString& listener, int bindPort,
                      const QStringList& sources, const QString& serviceEntries);

}  // namespace routedeck::tests
