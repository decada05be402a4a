#include "tests/proxycore/kube/kube_api_fixture.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonDocument>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "proxycore/kube/json_node.h"

#include <cstring>
#include "tests/support/test_support.h"

namespace kubetest {

using namespace routedeck::core;
using namespace routedeck::core::kube;

QString KubeApiFixture::serverPath() {
  const QString env = qEnvironmentVariable("ROUTEDECK_TEST_APISERVER");
  return env.isEmpty() ? routedeck::tests::binDir() + "/routedeck-test-apiserver" : env;
}

bool KubeApiFixture::start(QString* error) {
  m_kubeconfig = m_dir.filePath("kubeconfig").toStdString();
  m_proc = std::make_unique<QProcess>();
  m_proc->setProgram(serverPath());
  m_proc->setArguments({"--listen", "127.0.0.1:0", "--write-kubeconfig", QString::fromStdString(m_kubeconfig)});
  m_proc->start();
  if (!m_proc->waitForStarted(5000)) {
    *error = "cannot start " + serverPath() + ": " + m_proc->errorString();
    return false;
  }
  QElapsedTimer t;
  t.start();
  QByteArray out;
  while (m_port == 0 && t.elapsed() < 10000 && m_proc->state() == QProcess::Running) {
    m_proc->waitForReadyRead(100);
    out += m_proc->readAllStandardOutput();
    for (const QByteArray& line : out.split('\n')) {
      const QList<QByteArray> parts = line.trimmed().split(' ');
      if (parts.size() >= 3 && parts[0] == "listening") m_port = parts[2].toInt();
    }
  }
  if (m_port == 0) {
    *error = "the test API server did not get ready: " + QString::fromUtf8(m_proc->readAllStandardError());
    stop();
    return false;
  }
  m_control = client();
  return m_control != nullptr;
}

void KubeApiFixture::stop() {
  m_control.reset();
  if (m_proc && m_proc->state() == QProcess::Running) {
    m_proc->terminate();
    if (!m_proc->waitForFinished(3000)) {
      m_proc->kill();
      m_proc->waitForFinished(2000);
    }
  }
  m_proc.reset();
}

ClientConfig KubeApiFixture::context(const std::string& name) const {
  auto cfg = loadKubeconfig({m_kubeconfig});
  if (!cfg) return {};
  auto ctx = resolveContext(*cfg, name);
  return ctx ? ctx.value() : ClientConfig{};
}

std::unique_ptr<RestClient> KubeApiFixture::client(const std::string& ctx, RestOptions options) const {
  auto c = RestClient::create(context(ctx), std::move(options));
  return c ? std::move(c).value() : nullptr;
}

QJsonObject KubeApiFixture::control(const char* method, const QString& what, const QJsonObject& body, bool* ok) {
  RestRequest req;
  req.method = method;
  req.path = ("/fixture/v1/" + what).toStdString();
  if (!body.isEmpty()) {
    req.body = QJsonDocument(body).toJson(QJsonDocument::Compact).toStdString();
    req.contentType = "application/json";
  }
  auto resp = m_control->request(req);
  if (ok) *ok = resp.ok();
  if (!resp) {
    m_lastError = QString::fromStdString(resp.error().describe());
    return {};
  }
  const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(resp->body));
  if (doc.isArray()) return QJsonObject{{"items", doc.array()}};
  return doc.object();
}

bool KubeApiFixture::addFault(const QJsonObject& fault) {
  bool ok = false;
  control("POST", "faults", fault, &ok);
  return ok;
}
bool KubeApiFixture::clearFaults() {
  bool ok = false;
  control("DELETE", "faults", {}, &ok);
  return ok;
}
bool KubeApiFixture::compact() {
  bool ok = false;
  control("POST", "compact", {}, &ok);
  return ok;
}
bool KubeApiFixture::closeWatches() {
  bool ok = false;
  control("POST", "close-watches", {}, &ok);
  return ok;
}
bool KubeApiFixture::addToken(const QString& token, int expiresInSeconds) {
  bool ok = false;
  control("POST", "tokens", {{"token", token}, {"expiresInSeconds", expiresInSeconds}}, &ok);
  return ok;
}
QJsonArray KubeApiFixture::requests() {
  const QJsonObject o = control("GET", "requests");
  for (const char* key : {"items", "requests"}) {
    if (o.value(key).isArray()) return o.value(key).toArray();
  }
  return {};
}
bool KubeApiFixture::clearRequests() {
  bool ok = false;
  control("DELETE", "requests", {}, &ok);
  return ok;
}

yaml::Node httpRoute(const std::string& name, int w1, int w2) {
  const std::string text =
      "{\"apiVersion\":\"gateway.networking.k8s.io/v1\",\"kind\":\"HTTPRoute\",\"metadata\":{\"name\":\"" + name +
      "\",\"namespace\":\"default\"},\"spec\":{\"parentRefs\":[{\"name\":\"gw\"}],\"hostnames\":[\"shop.example\"],"
      "\"rules\":[{\"backendRefs\":[{\"name\":\"v1\",\"port\":80,\"weight\":" + std::to_string(w1) +
      "},{\"name\":\"v2\",\"port\":80,\"weight\":" + std::to_string(w2) + "}]}]}}";
  return parseJson(text).value();
}

yaml::Node referenceGrant(const std::string& name) {
  const std::string text =
      "{\"apiVersion\":\"gateway.networking.k8s.io/v1beta1\",\"kind\":\"ReferenceGrant\",\"metadata\":{\"name\":\"" +
      name + "\",\"namespace\":\"default\"},\"spec\":{\"from\":[{\"group\":\"gateway.networking.k8s.io\","
             "\"kind\":\"HTTPRoute\",\"namespace\":\"other\"}],\"to\":[{\"group\":\"\",\"kind\":\"Service\"}]}}";
  return parseJson(text).value();
}

static yaml::Node* backendRef(yaml::Node& route, size_t i) {
  yaml::Node* rules = route.find("spec")->find("rules");
  return &rules->items()[0].find("backendRefs")->items()[i];
}

void setWeight(yaml::Node& route, size_t i, int weight) { backendRef(route, i)->set("weight", yaml::Node::fromInt(weight)); }

long long weightOf(const yaml::Node& route, size_t i) {
  const yaml::Node* rules = findPath(route, {"spec", "rules"});
  if (!rules || !rules->isSequence() || rules->items().empty()) return -1000;
  const yaml::Node* refs = rules->items()[0].find("backendRefs");
  if (!refs || refs->items().size() <= i) return -1000;
  const yaml::Node* w = refs->items()[i].find("weight");
  return w && w->asInt() ? *w->asInt() : -1000;
}

int ConnectProxy::start() {
  m_listen = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  if (::bind(m_listen, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(m_listen, 16) != 0 ||
      ::getsockname(m_listen, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
    return 0;
  }
  m_acceptThread = std::thread([this] { acceptLoop(); });
  return ntohs(a.sin_port);
}

void ConnectProxy::stop() {
  m_stop.store(true);
  if (m_acceptThread.joinable()) m_acceptThread.join();
  for (auto& t : m_threads) {
    if (t.joinable()) t.join();
  }
  m_threads.clear();
  if (m_listen >= 0) ::close(m_listen);
  m_listen = -1;
}

QStringList ConnectProxy::targets() {
  std::lock_guard lock(m_mutex);
  return m_targets;
}

void ConnectProxy::acceptLoop() {
  while (!m_stop.load()) {
    pollfd p{m_listen, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    const int c = ::accept4(m_listen, nullptr, nullptr, SOCK_CLOEXEC);
    if (c < 0) continue;
    std::lock_guard lock(m_mutex);
    m_threads.emplace_back([this, c] { tunnel(c); });
  }
}

void ConnectProxy::tunnel(int client) {
  std::string head;
  char buf[16384];
  while (head.find("\r\n\r\n") == std::string::npos && head.size() < 8192) {
    const ssize_t n = ::recv(client, buf, sizeof buf, 0);
    if (n <= 0) {
      ::close(client);
      return;
    }
    head.append(buf, size_t(n));
  }
  // "CONNECT 127.0.0.1:PORT HTTP/1.1"
  const auto sp1 = head.find(' ');
  const auto sp2 = head.find(' ', sp1 + 1);
  const std::string target = head.substr(sp1 + 1, sp2 - sp1 - 1);
  {
    std::lock_guard lock(m_mutex);
    m_targets << QString::fromStdString(head.substr(0, sp1) + " " + target);
  }
  const auto colon = target.rfind(':');
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(uint16_t(std::stoi(target.substr(colon + 1))));
  ::inet_pton(AF_INET, target.substr(0, colon) == "localhost" ? "127.0.0.1" : target.substr(0, colon).c_str(), &a.sin_addr);
  const int up = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (::connect(up, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    const char* bad = "HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\n\r\n";
    ::send(client, bad, strlen(bad), MSG_NOSIGNAL);
    ::close(up);
    ::close(client);
    return;
  }
  const char* ok = "HTTP/1.1 200 Connection established\r\n\r\n";
  ::send(client, ok, strlen(ok), MSG_NOSIGNAL);
  pollfd fds[2] = {{client, POLLIN, 0}, {up, POLLIN, 0}};
  while (!m_stop.load()) {
    if (::poll(fds, 2, 50) <= 0) continue;
    bool closed = false;
    for (int i = 0; i < 2 && !closed; ++i) {
      if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      const ssize_t n = ::recv(fds[i].fd, buf, sizeof buf, 0);
      closed = n <= 0 || ::send(fds[1 - i].fd, buf, size_t(n), MSG_NOSIGNAL) != n;
    }
    if (closed) break;
  }
  ::close(up);
  ::close(client);
}

}  // namespace kubetest
