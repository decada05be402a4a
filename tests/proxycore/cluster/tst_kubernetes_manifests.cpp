// packaging/kubernetes/ is what operators apply: it must let routedeckd do
// exactly what the code does (watch every resource of watchedResources(),
// patch every status of writtenStatuses()), pass only flags routedeckd
// knows, and wire its ports consistently. The GatewayClass and Services are
// validated against the carried-over schemas.
#include <QDir>
#include <QTest>

#include <set>

#include "proxycore/cluster/watched_resources.h"
#include "proxycore/schema/schema_validator.h"
#include "proxycore/yaml/yaml_io.h"
#include "tests/support/test_support.h"

using namespace routedeck::core;
using routedeck::tests::binDir;
using routedeck::tests::sourceDir;

namespace {

std::vector<yaml::Document> loadAll(Diagnostics& diags) {
  std::vector<yaml::Document> docs;
  const QDir dir(sourceDir() + QStringLiteral("/packaging/kubernetes"));
  for (const QString& f : dir.entryList({QStringLiteral("*.yaml")}, QDir::Files, QDir::Name)) {
    for (auto& d : yaml::loadFile(dir.filePath(f).toStdString(), diags)) docs.push_back(std::move(d));
  }
  return docs;
}

std::string firstProblem(const Diagnostics& d) { return d.items().empty() ? std::string() : d.items().front().format(); }

std::string text(const yaml::Node* n) { return n && n->isScalar() ? n->text() : std::string(); }

const yaml::Node* path(const yaml::Node& root, std::initializer_list<const char*> keys) {
  const yaml::Node* n = &root;
  for (const char* k : keys) {
    n = n && n->isMap() ? n->find(k) : nullptr;
  }
  return n;
}

const yaml::Node* findKind(const std::vector<yaml::Document>& docs, const std::string& kind, const std::string& name) {
  for (const auto& d : docs) {
    if (text(d.root.find("kind")) == kind && text(path(d.root, {"metadata", "name"})) == name) return &d.root;
  }
  return nullptr;
}

// "group|resource|verb" for every grant of the ClusterRole.
std::set<std::string> grants(const yaml::Node& role) {
  std::set<std::string> out;
  const yaml::Node* rules = role.find("rules");
  for (const auto& r : rules ? rules->items() : std::vector<yaml::Node>{}) {
    for (const auto& g : r.find("apiGroups")->items()) {
      for (const auto& res : r.find("resources")->items()) {
        for (const auto& v : r.find("verbs")->items()) out.insert(g.text() + "|" + res.text() + "|" + v.text());
      }
    }
  }
  return out;
}

}  // namespace

class TestKubernetesManifests : public QObject {
  Q_OBJECT
  std::vector<yaml::Document> m_docs;

 private slots:
  void initTestCase() {
    Diagnostics diags;
    m_docs = loadAll(diags);
    QVERIFY2(!diags.hasErrors(), firstProblem(diags).c_str());
    QVERIFY(m_docs.size() >= 7);
  }

  void rbacCoversWhatTheControllerDoes() {
    const yaml::Node* role = findKind(m_docs, "ClusterRole", "routedeckd");
    QVERIFY(role);
    const auto granted = grants(*role);
    for (const auto& w : cluster::watchedResources()) {
      for (const char* verb : {"get", "list", "watch"}) {
        const std::string want = w.group + "|" + w.plural + "|" + verb;
        QVERIFY2(granted.count(want), ("rbac.yaml lacks " + want).c_str());
      }
    }
    for (const auto& s : cluster::writtenStatuses()) {
      const std::string want = s.group + "|" + s.plural + "/status|patch";
      QVERIFY2(granted.count(want), ("rbac.yaml lacks " + want).c_str());
    }
    // Least privilege: no write verb on anything but status subresources.
    for (const auto& g : granted) {
      const bool write = g.find("|create") != std::string::npos || g.find("|delete") != std::string::npos ||
                         g.find("|patch") != std::string::npos || g.find("|update") != std::string::npos;
      QVERIFY2(!write || g.find("/status|") != std::string::npos, ("write grant outside status: " + g).c_str());
    }
    const yaml::Node* binding = findKind(m_docs, "ClusterRoleBinding", "routedeckd");
    QVERIFY(binding);
    QCOMPARE(text(path(*binding, {"roleRef", "name"})), std::string("routedeckd"));
  }

  void deploymentFlagsAreRouteDecksOwn() {
    const yaml::Node* deploy = findKind(m_docs, "Deployment", "routedeckd");
    QVERIFY(deploy);
    const yaml::Node* containers = path(*deploy, {"spec", "template", "spec", "containers"});
    QVERIFY(containers && containers->size() == 1);
    const yaml::Node& c = containers->items().front();
    const auto help = routedeck::tests::run(binDir() + QStringLiteral("/routedeckd"), {"serve", "--help"});
    QCOMPARE(help.exitCode, 0);
    std::set<std::string> containerPorts;
    for (const auto& p : c.find("ports")->items()) containerPorts.insert(text(p.find("containerPort")));
    std::set<std::string> portNames;
    for (const auto& p : c.find("ports")->items()) portNames.insert(text(p.find("name")));
    for (const auto& a : c.find("args")->items()) {
      const std::string arg = a.text();
      if (arg.rfind("--", 0) != 0) continue;
      const std::string flag = arg.substr(0, arg.find('='));
      QVERIFY2(help.out.contains(QString::fromStdString("  " + flag + " ")) ||
                   help.out.contains(QString::fromStdString("  " + flag + "\n")),
               ("routedeckd serve has no " + flag).c_str());
      if (flag == "--port-map") {
        const std::string to = arg.substr(arg.rfind('=') + 1);
        QVERIFY2(containerPorts.count(to), (arg + ": no containerPort " + to).c_str());
      }
      if (flag == "--metrics") {
        const std::string port = arg.substr(arg.rfind(':') + 1);
        QCOMPARE(text(path(*deploy, {"spec", "template", "metadata", "annotations", "prometheus.io/port"})), port);
      }
    }
    // Every Service's targetPort names a container port.
    for (const auto& d : m_docs) {
      if (text(d.root.find("kind")) != "Service") continue;
      for (const auto& p : path(d.root, {"spec", "ports"})->items()) {
        QVERIFY2(portNames.count(text(p.find("targetPort"))), text(p.find("targetPort")).c_str());
      }
      QCOMPARE(text(path(d.root, {"spec", "selector", "app.kubernetes.io/name"})),
               text(path(*deploy, {"spec", "template", "metadata", "labels", "app.kubernetes.io/name"})));
    }
  }

  void gatewayClassAndServicesAreValid() {
    int checked = 0;
    for (const auto& d : m_docs) {
      const std::string apiVersion = text(d.root.find("apiVersion"));
      const std::string kind = text(d.root.find("kind"));
      if (!schema::hasSchema(apiVersion, kind)) continue;
      Diagnostics diags;
      QVERIFY(schema::validateDocument(d, diags));
      QVERIFY2(!diags.hasErrors(), firstProblem(diags).c_str());
      ++checked;
    }
    QVERIFY(checked >= 4);  // GatewayClass, Namespace, two Services
    const yaml::Node* gc = findKind(m_docs, "GatewayClass", "routedeck");
    QVERIFY(gc);
    QCOMPARE(text(path(*gc, {"spec", "controllerName"})), std::string("routedeck.dev/gateway-controller"));
  }
};

QTEST_GUILESS_MAIN(TestKubernetesManifests)
#include "tst_kubernetes_manifests.moc"
