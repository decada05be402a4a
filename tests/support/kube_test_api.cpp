#include "tests/support/kube_test_api.h"

#include <QElapsedTimer>
#include <QFile>

#include "proxycore/kube/kubeconfig.h"
#include "proxycore/kube/rest_client.h"
#include "tests/support/test_support.h"

namespace routedeck::tests {

namespace {
QString serverBinary() { return binDir() + QStringLiteral("/routedeck-test-apiserver"); }
}  // namespace

KubeTestApi::KubeTestApi() = default;

KubeTestApi::~KubeTestApi() {
  if (m_server.state() != QProcess::NotRunning) {
    m_server.terminate();
    if (!m_server.waitForFinished(5000)) m_server.kill();
  }
}

bool KubeTestApi::available() { return QFile::exists(serverBinary()); }

bool KubeTestApi::startServer(const QString& dir) {
  m_kubeconfig = dir + QStringLiteral("/kubeconfig");
  m_server.start(serverBinary(), {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                                  QStringLiteral("--write-kubeconfig"), m_kubeconfig});
  if (!m_server.waitForStarted(5000)) {
    m_error = m_server.errorString();
    return false;
  }
  // "listening 127.0.0.1 PORT apiserver" once it accepts connections.
  QByteArray out;
  QElapsedTimer t;
  t.start();
  while (t.elapsed() < 10000 && m_server.state() == QProcess::Running) {
    m_server.waitForReadyRead(200);
    out += m_server.readAllStandardOutput();
    const int at = out.indexOf("listening ");
    const int eol = at < 0 ? -1 : out.indexOf('\n', at);
    if (eol > 0) {
      m_port = QString::fromUtf8(out.mid(at, eol - at)).split(QLatin1Char(' ')).value(2).toInt();
      return m_port > 0;
    }
  }
  m_error = QStringLiteral("routedeck-test-apiserver did not listen: ") +
            QString::fromUtf8(out + m_server.readAllStandardError());
  return false;
}

bool KubeTestApi::connect(const QString& kubeconfig, const std::string& context) {
  auto kc = core::kube::loadKubeconfig({kubeconfig.toStdString()});
  if (!kc) return false;
  auto cfg = core::kube::resolveContext(*kc, context);
  if (!cfg) return false;
  auto client = core::kube::RestClient::create(*cfg);
  if (!client) return false;
  m_client = std::move(*client);
  return true;
}

int KubeTestApi::send(const char* method, const std::string& path, const QString& body, const char* contentType) {
  if (!m_client) return -1;
  core::kube::RestRequest r;
  r.method = method;
  r.path = path;
  r.body = body.toStdString();
  r.contentType = contentType;
  auto a = m_client->send(r);
  return a.ok() ? a->status : -1;
}

std::string KubeTestApi::get(const std::string& path) {
  if (!m_client) return {};
  core::kube::RestRequest r;
  r.path = path;
  auto a = m_client->send(r);
  return a.ok() && a->status == 200 ? a->body : std::string();
}

QString namespaceObject(const QString& name) {
  return QStringLiteral(R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"%1"}})").arg(name);
}

QString weightsPatch(const QString& backendA, int weightA, const QString& backendB, int weightB) {
  return QStringLiteral(R"({"spec":{"rules":[{"backendRefs":[{"name":"%1","port":8080,"weight":%2},)"
                        R"({"name":"%3","port":8080,"weight":%4}]}]}})")
      .arg(backendA)
      .arg(weightA)
      .arg(backendB)
      .arg(weightB);
}

}  // namespace routedeck::tests
