#include "tests/proxycore/dialects_appmesh/appmesh_test_util.h"

#include <QDir>

#include "proxycore/dialects/appmesh/appmesh.h"
#include "proxycore/dialects/dialect.h"
#include "proxycore/yaml/yaml_io.h"
#include "tests/support/test_support.h"

namespace routedeck::tests::appmesh {

using namespace routedeck::core;

bool isAppMesh(const yaml::Node& doc) {
  const yaml::Node* api = doc.find("apiVersion");
  return api && api->isScalar() && api->text().starts_with("appmesh.k8s.aws/");
}

namespace {
void importDocuments(const std::vector<yaml::Document>& docs, model::Config& out,
                     Diagnostics& diags, std::vector<yaml::Node>* documents) {
  for (const auto& d : docs) {
    if (!isAppMesh(d.root)) {
      continue;
    }
    dialects::Reader r(d, diags);
    dialects::appmesh::importDocument(r, out);
    if (documents) {
      documents->push_back(d.root);
    }
  }
}
}  // namespace

model::Config importText(const std::string& yaml, Diagnostics& diags, const std::string& fileName) {
  model::Config out;
  importDocuments(yaml::loadString(yaml, fileName, diags), out, diags, nullptr);
  return out;
}

model::Config importFiles(const QStringList& files, Diagnostics& diags,
                          std::vector<yaml::Node>* documents) {
  model::Config out;
  for (const auto& f : files) {
    importDocuments(yaml::loadFile(f.toStdString(), diags), out, diags, documents);
  }
  return out;
}

model::Config importAll(const QStringList& files, Diagnostics& diags) {
  model::Config out;
  for (const auto& f : files) {
    for (const auto& d : yaml::loadFile(f.toStdString(), diags)) {
      dialects::importDocument(d, out, diags);
    }
  }
  return out;
}

const yaml::Node* walkthrough(const yaml::Node& expected, const std::string& name) {
  const yaml::Node* list = expected.find("walkthroughs");
  for (size_t i = 0; list && i < list->size(); ++i) {
    const yaml::Node* n = list->items()[i].find("name");
    if (n && n->text() == name) {
      return &list->items()[i];
    }
  }
  return nullptr;
}

std::string serviceOfNode(const model::Config& config, const std::string& node) {
  for (const auto& n : config.virtualNodes) {
    if (n.meta.name == node && n.dnsHostname) {
      return n.dnsHostname->substr(0, n.dnsHostname->find('.'));
    }
  }
  return "<no VirtualNode " + node + ">";
}

QString samplesDir() {
  const QString corpus = corpusDir();
  if (corpus.isEmpty()) {
    return {};
  }
  QDir dir(corpus + QStringLiteral("/samples/appmesh"));
  return dir.exists() ? dir.absolutePath() : QString();
}

const yaml::Node* findDoc(const std::vector<yaml::Node>& docs, const std::string& kind,
                          const std::string& name) {
  for (const auto& d : docs) {
    const yaml::Node* k = d.find("kind");
    const yaml::Node* md = d.find("metadata");
    const yaml::Node* n = md ? md->find("name") : nullptr;
    if (k && n && k->text() == kind && n->text() == name) {
      return &d;
    }
  }
  return nullptr;
}

const yaml::Node* at(const yaml::Node& root, const std::string& path) {
  const yaml::Node* cur = &root;
  size_t i = 0;
  while (cur && i < path.size()) {
    if (path[i] == '.') {
      ++i;
      continue;
    }
    if (path[i] == '[') {
      size_t close = path.find(']', i);
      size_t index = std::stoul(path.substr(i + 1, close - i - 1));
      cur = cur->isSequence() && index < cur->size() ? &cur->items()[index] : nullptr;
      i = close + 1;
      continue;
    }
    size_t end = path.find_first_of(".[", i);
    std::string key = path.substr(i, end == std::string::npos ? std::string::npos : end - i);
    cur = cur->find(key);
    i = end == std::string::npos ? path.size() : end;
  }
  return cur;
}

std::string text(const yaml::Node& root, const std::string& path) {
  const yaml::Node* n = at(root, path);
  return n && n->isScalar() ? n->text() : std::string("<missing " + path + ">");
}

bool hasItem(const dialects::FidelityReport& report, dialects::Fidelity level,
             const std::string& objectPart, const std::string& featurePart,
             const std::string& detailPart) {
  for (const auto& i : report.items()) {
    if (i.level == level && i.object.find(objectPart) != std::string::npos &&
        i.feature.find(featurePart) != std::string::npos &&
        i.detail.find(detailPart) != std::string::npos) {
      return true;
    }
  }
  return false;
}

}  // namespace routedeck::tests::appmesh
