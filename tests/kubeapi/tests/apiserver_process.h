#pragma once
// Test-side helpers for the test API server: the routedeck-test-apiserver
// child process, and a small HTTPS client (libcurl) that authenticates as
// the kubeconfig's token or certificate user.

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <memory>

namespace routedeck::tests::kubeapi {

// build/bin/routedeck-test-apiserver in `dir`, with its kubeconfig there.
class ApiServerProcess {
 public:
  ApiServerProcess() = default;
  ~ApiServerProcess();
  ApiServerProcess(const ApiServerProcess&) = delete;
  ApiServerProcess& operator=(const ApiServerProcess&) = delete;

  // False (see error()) when it does not print its listening line in time.
  bool start(const QString& dir, const QStringList& extraArgs = {});
  // SIGTERM; the exit code, or -1 when it had to be killed.
  int stop();

  int port() const { return m_port; }
  QString kubeconfig() const { return m_kubeconfig; }
  QString error() const { return m_error; }
  QString listeningLine() const { return m_line; }
  // Credentials read back from the kubeconfig (PEM / token text).
  QByteArray caPem() const { return m_ca; }
  QByteArray token() const { return m_token; }
  QByteArray clientCertPem() const { return m_cert; }
  QByteArray clientKeyPem() const { return m_key; }

 private:
  bool readKubeconfig();
  std::unique_ptr<QProcess> m_proc;
  int m_port = 0;
  QString m_kubeconfig;
  QString m_error;
  QString m_line;
  QByteArray m_ca, m_token, m_cert, m_key;
};

struct HttpReply {
  int status = 0;  // 0: no HTTP answer (see error)
  QByteArray body;
  QByteArray contentType;
  QList<QByteArray> headers;  // "name: value", as received
  QString error;              // curl's error, empty on success
  QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
  QJsonArray jsonArray() const;
};

struct WatchReply {
  QList<QJsonObject> events;  // one per line
  bool endedCleanly = false;  // the terminating chunk arrived
  bool dropped = false;       // the connection ended without it
  int status = 0;
  QString error;
};

class KubeClient {
 public:
  enum class Auth { Token, Cert, None };
  explicit KubeClient(const ApiServerProcess& server) : m_server(server) {}

  HttpReply request(const QByteArray& method, const QString& path, const QByteArray& body = {},
                    const QByteArray& contentType = "application/json", Auth auth = Auth::Token,
                    const QList<QByteArray>& headers = {}, int timeoutMs = 10000) const;
  // With another bearer token than the kubeconfig's.
  HttpReply requestWithToken(const QByteArray& method, const QString& path,
                             const QByteArray& token) const;
  // The control API (/fixture/v1/...), without credentials.
  HttpReply control(const QByteArray& method, const QString& what,
                    const QByteArray& body = {}) const;
  // Reads a watch until `maxEvents` events arrived, the stream ended or
  // `timeoutMs` passed.
  WatchReply watch(const QString& pathAndQuery, int maxEvents, int timeoutMs,
                   Auth auth = Auth::Token) const;

 private:
  const ApiServerProcess& m_server;
};

// Runs a program with `env` added to the environment (bounded).
struct ToolResult {
  int exitCode = -1;
  QString out;
  QString err;
};
ToolResult runTool(const QString& program, const QStringList& args, const QStringList& env,
                   int timeoutMs = 30000, const QByteArray& input = {});

}  // namespace routedeck::tests::kubeapi
