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

}  // namespace routedeck::tests::appmesh
