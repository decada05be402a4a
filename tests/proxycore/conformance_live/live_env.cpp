#include "tests/proxycore/conformance_live/live_env.h"

#include <QFile>
#include <QTemporaryDir>

#include "proxycore/yaml/yaml_io.h"
#include "tests/support/test_certs.h"

namespace routedeck::tests {

using core::yaml::Node;

namespace {

std::string text(const Node* n, std::string_view key, const std::string& def = {}) {
  const Node* v = n ? n->find(key) : nullptr;
  return v && v->isScalar() ? v->text() : def;
}

const Node* path(const Node* n, std::initializer_list<const char*> keys) {
  for (const char* k : keys) {
    n = n ? n->find(k) : nullptr;
  }
  return n;
}

std::string nsOf(const Node& doc) { return text(doc.find("metadata"), "namespace", "default"); }
std::string nameOf(const Node& doc) { return text(doc.find("metadata"), "name"); }

bool writeFile(const QString& file, const std::string& content) {
  QFile f(file);
  if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
    return false;
  }
  f.write(content.data(), static_cast<qint64>(content.size()));
  return true;
}

// The Secret the Go suite creates before its TLS tests.
constexpr const char* kTlsSecretNs = "gateway-conformance-infra";
constexpr const char* kTlsSecretName = "tls-validity-checks-certificate";

// One certificate for the whole run (making it per test would cost seconds):
// the hostnames the HTTPS cases send as SNI.
const TestCerts* suiteCerts() {
  static QTemporaryDir dir;
  static TestCerts* certs = [] {
    auto* c = new TestCerts(dir.path());
    if (!c->ok() || !c->server(QStringLiteral("infra"), QStringLiteral("example.org"),
                               {QStringLiteral("second-example.org"), QStringLiteral("unknown-example.org"),
                                QStringLiteral("*.wildcard.org")})) {
      qWarning("no TLS certificate for the HTTPS cases: %s", qPrintable(c->error()));
      delete c;
      return static_cast<TestCerts*>(nullptr);
    }
    return c;
  }();
  return certs;
}

Node tlsSecret(const TestCerts& c) {
  Node doc = Node::map();
  doc.set("apiVersion", Node::str("v1"));
  doc.set("kind", Node::str("Secret"));
  Node meta = Node::map();
  meta.set("name", Node::str(kTlsSecretName));
  meta.set("namespace", Node::str(kTlsSecretNs));
  doc.set("metadata", meta);
  doc.set("type", Node::str("kubernetes.io/tls"));
  Node data = Node::map();
  data.set("tls.crt", Node::str(c.base64(QStringLiteral("infra.crt")).toStdString()));
  data.set("tls.key", Node::str(c.base64(QStringLiteral("infra.key")).toStdString()));
  doc.set("data", data);
  return doc;
}

// An HTTPS listener that terminates with the suite's Secret.
bool usesSuiteSecret(const Node& listener) {
  if (text(&listener, "protocol") != "HTTPS" || !suiteCerts()) {
    return false;
  }
  const Node* tls = listener.find("tls");
  const Node* refs = tls ? tls->find("certificateRefs") : nullptr;
  if (text(tls, "mode", "Terminate") != "Terminate" || !refs || !refs->isSequence() || refs->size() == 0) {
    return false;
  }
  const Node& ref = refs->items()[0];
  return text(&ref, "name") == kTlsSecretName && text(&ref, "namespace", kTlsSecretNs) == kTlsSecretNs;
}

// echo-basic serves gRPC instead of HTTP when its container has
// GRPC_ECHO_SERVER set (base.yaml's grpc-infra-backend-v1..v3).
bool isGrpcEcho(const Node& deployment) {
  const Node* containers = path(&deployment, {"spec", "template", "spec", "containers"});
  for (size_t i = 0; containers && containers->isSequence() && i < containers->size(); ++i) {
    const Node* env = containers->items()[i].find("env");
    for (size_t j = 0; env && env->isSequence() && j < env->size(); ++j) {
      const Node& var = env->items()[j];
      if (text(&var, "name") == "GRPC_ECHO_SERVER" && !text(&var, "value").empty()) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace

QString LiveEnvironment::caCertPath() const { return suiteCerts() ? suiteCerts()->caCert() : QString(); }

std::string objectKey(const Node& doc) {
  return text(&doc, "kind") + "/" + text(doc.find("metadata"), "namespace") + "/" + nameOf(doc);
}

int LiveEnvironment::portFor(const std::string& gateway, int listenerPort) const {
  auto it = m_ports.find({gateway, listenerPort});
  return it == m_ports.end() ? 0 : it->second;
}

bool LiveEnvironment::start(const std::vector<Node>& docs, const std::set<std::string>& deleted) {
  m_docs = docs;
  if (const TestCerts* certs = suiteCerts()) {
    m_docs.push_back(tlsSecret(*certs));
  }
  QStringList echoArgs{QStringLiteral("echo"), QStringLiteral("--log"), echoLogPath()};
  for (const auto& doc : m_docs) {
    if (text(&doc, "kind") != "Deployment") {
      continue;
    }
    const std::string id = nsOf(doc) + "/" + nameOf(doc);
    const int port = freeLoopbackPort();
    m_echoPorts[id] = port;
    echoArgs << (isGrpcEcho(doc) ? QStringLiteral("--grpc-listen") : QStringLiteral("--listen"))
             << QStringLiteral("127.0.0.1:%1").arg(port)
             << QStringLiteral("--name") << QString::fromStdString(nameOf(doc))
             << QStringLiteral("--namespace") << QString::fromStdString(nsOf(doc));
  }
  if (!m_echoPorts.empty() && !m_echo.start(echoArgs, static_cast<int>(m_echoPorts.size()))) {
    m_error = m_echo.error();
    return false;
  }
  return writeWorkspace(deleted) && startServe();
}

bool LiveEnvironment::writeWorkspace(const std::set<std::string>& deleted) {
  std::vector<Node> kept;
  for (const auto& doc : m_docs) {
    if (!deleted.count(objectKey(doc))) {
      kept.push_back(doc);
    }
  }
  if (!writeFile(m_dir.path() + QStringLiteral("/routes.yaml"), core::yaml::writeDocuments(kept))) {
    m_error = QStringLiteral("cannot write routes.yaml");
    return false;
  }
  // Listeners: one bind per (gateway, port) of HTTP listeners; the router
  // picks the listener by hostname among those on the port.
  std::string ws =
      "apiVersion: routedeck.dev/v1alpha1\nkind: Workspace\nmetadata:\n  name: conformance\n"
      "spec:\n  sources:\n  - routes.yaml\n  listeners:\n";
  std::set<std::pair<std::string, int>> seen;
  m_bindCount = 0;
  for (const auto& doc : kept) {
    const std::string kind = text(&doc, "kind");
    if (kind != "Gateway" && kind != "ListenerSet" && kind != "XListenerSet") {
      continue;
    }
    std::string gateway = nsOf(doc) + "/" + nameOf(doc);
    if (kind != "Gateway") {
      const Node* parent = path(&doc, {"spec", "parentRef"});
      gateway = text(parent, "namespace", nsOf(doc)) + "/" + text(parent, "name");
    }
    const Node* listeners = path(&doc, {"spec", "listeners"});
    for (size_t i = 0; listeners && i < listeners->size(); ++i) {
      const Node& l = listeners->items()[i];
      if (text(&l, "protocol") != "HTTP" && !usesSuiteSecret(l)) {
        continue;
      }
      const int port = std::atoi(text(&l, "port").c_str());
      if (!seen.insert({gateway, port}).second) {
        continue;
      }
      ++m_bindCount;
      int& bound = m_ports[{gateway, port}];
      if (!bound) {
        bound = freeLoopbackPort();
      }
      ws += "  - gateway: " + gateway + "\n    listener: " + text(&l, "name") +
            "\n    bind: 127.0.0.1:" + std::to_string(bound) + "\n";
    }
  }
  ws += "  services:\n";
  for (const auto& svc : kept) {
    if (text(&svc, "kind") != "Service") {
      continue;
    }
    const Node* selector = path(&svc, {"spec", "selector"});
    std::vector<int> echoPorts;
    for (const auto& dep : kept) {
      if (text(&dep, "kind") != "Deployment" || nsOf(dep) != nsOf(svc) || !selector ||
          !selector->isMap() || selector->entries().empty()) {
        continue;
      }
      const Node* labels = path(&dep, {"spec", "template", "metadata", "labels"});
      bool all = labels != nullptr;
      for (const auto& e : selector->entries()) {
        all = all && text(labels, e.key) == e.value.text();
      }
      if (all) {
        echoPorts.push_back(m_echoPorts[nsOf(dep) + "/" + nameOf(dep)]);
      }
    }
    if (echoPorts.empty() && (!selector || !selector->isMap() || selector->entries().empty())) {
      // What HTTPRouteServiceTypes does before its requests: fill the
      // manual EndpointSlices of a selector-less Service with the pod IPs of
      // Deployment infra-backend-v1.
      for (const auto& slice : kept) {
        if (text(&slice, "kind") == "EndpointSlice" && nsOf(slice) == nsOf(svc) &&
            text(path(&slice, {"metadata", "labels"}), "kubernetes.io/service-name") == nameOf(svc)) {
          echoPorts.push_back(m_echoPorts[nsOf(svc) + "/infra-backend-v1"]);
          break;
        }
      }
    }
    if (echoPorts.empty()) {
      continue;
    }
    const Node* ports = path(&svc, {"spec", "ports"});
    for (size_t i = 0; ports && i < ports->size(); ++i) {
      ws += "  - service: " + nsOf(svc) + "/" + nameOf(svc) +
            "\n    port: " + text(&ports->items()[i], "port") + "\n    endpoints:\n";
      for (int p : echoPorts) {
        ws += "    - address: 127.0.0.1:" + std::to_string(p) + "\n";
      }
    }
  }
  if (!writeFile(m_dir.path() + QStringLiteral("/workspace.yaml"), ws)) {
    m_error = QStringLiteral("cannot write workspace.yaml");
    return false;
  }
  return true;
}

bool LiveEnvironment::startServe() {
  if (!m_serve.start({QStringLiteral("serve"), QStringLiteral("--workers"), QStringLiteral("1"),
                      m_dir.path() + QStringLiteral("/workspace.yaml")},
                     m_bindCount)) {
    m_error = m_serve.error();
    return false;
  }
  return true;
}

bool LiveEnvironment::restartWithout(const std::set<std::string>& deleted) {
  m_serve.stop();
  return writeWorkspace(deleted) && startServe();
}

void LiveEnvironment::stop() {
  m_serve.stop();
  m_echo.stop();
}

}  // namespace routedeck::tests
