#include "tests/proxycore/dialects_appmesh/translate_cases.h"

#include <QFile>
#include <QTest>
#include <QRegularExpression>
#include <QtGlobal>

#include "proxycore/dialects/dialect.h"
#include "proxycore/yaml/yaml_io.h"
#include "tests/proxycore/dialects_appmesh/appmesh_test_util.h"

namespace routedeck::tests::appmesh {

using namespace routedeck::core;

namespace {

const yaml::Node& expected() {
  static const yaml::Node root = [] {
    QFile file(samplesDir() + QStringLiteral("/expected-behaviour.yaml"));
    if (!file.open(QIODevice::ReadOnly)) {
      return yaml::Node::map();
    }
    // yaml-cpp 0.7 rejects a plain scalar containing "?" inside a flow mapping
    // ({path: /query?color_type=white}), which YAML allows; quote those paths.
    QString text = QString::fromUtf8(file.readAll());
    text.replace(QRegularExpression(QStringLiteral("path: (/[^,}\\n]*\\?[^,}\\n]*)")),
                 QStringLiteral("path: \"\\1\""));
    Diagnostics diags;
    auto docs = yaml::loadString(text.toStdString(), "expected-behaviour.yaml", diags);
    if (!diags.empty()) {
      qWarning("%s", diags.format().c_str());
    }
    return docs.empty() ? yaml::Node::map() : docs.front().root;
  }();
  return root;
}

QStringList listOf(const yaml::Node* seq, const QString& base) {
  QStringList out;
  for (size_t i = 0; seq && i < seq->size(); ++i) {
    out << base + QString::fromStdString(seq->items()[i].text());
  }
  return out;
}

std::vector<WalkCase> casesOf(const std::string& name, const QStringList& baseFiles,
                              const QString& appliedBase) {
  std::vector<WalkCase> out;
  const yaml::Node* w = walkthrough(expected(), name);
  if (!w) {
    return out;
  }
  const yaml::Node* entry = w->find("entry");
  const yaml::Node* port = entry ? entry->find("listenerPort") : nullptr;
  const QString dir = samplesDir() + QStringLiteral("/");
  QStringList files = baseFiles.isEmpty() ? listOf(w->find("manifests"), dir) : baseFiles;
  const yaml::Node* cases = w->find("cases");
  for (size_t i = 0; cases && i < cases->size(); ++i) {
    const yaml::Node& c = cases->items()[i];
    WalkCase wc;
    wc.tag = QString::fromStdString(name) + QStringLiteral("#") + QString::number(i);
    wc.files = files + listOf(c.find("applied"), appliedBase);
    wc.listenerPort = port ? static_cast<int>(port->asInt().value_or(0)) : 0;
    wc.request = *c.find("request");
    wc.expect = *c.find("expect");
    if (const yaml::Node* m = c.find("gatewayRouteMatch")) {
      wc.grpcMatch = *m;
    }
    out.push_back(std::move(wc));
  }
  return out;
}

}  // namespace

std::vector<WalkCase> httpWalkCases() {
  if (samplesDir().isEmpty()) {
    return {};
  }
  const QString v2 = samplesDir() + QStringLiteral("/howto-k8s-http-ingress-v2/v1beta2/");
  std::vector<WalkCase> out = casesOf("howto-k8s-ingress-gateway", {}, {});
  for (auto& c : casesOf("howto-k8s-http-ingress-v2", {v2 + QStringLiteral("manifest.yaml")}, v2)) {
    out.push_back(std::move(c));
  }
  for (auto& c : casesOf("howto-k8s-multiple-listeners", {}, {})) {
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<WalkCase> grpcWalkCases() {
  return samplesDir().isEmpty() ? std::vector<WalkCase>{}
                                : casesOf("howto-k8s-grpc-ingress-v2", {}, {});
}

model::Config importCase(const WalkCase& c, Diagnostics& diags) {
  model::Config out;
  for (const auto& f : c.files) {
    for (auto d : yaml::loadFile(f.toStdString(), diags)) {
      const yaml::Node* kind = d.root.find("kind");
      if (!c.grpcMatch.isNull() && kind && kind->text() == "GatewayRoute") {
        d.root.find("spec")->find("grpcRoute")->set("match", c.grpcMatch);
      }
      dialects::importDocument(d, out, diags);
    }
  }
  return out;
}

void addWalkCaseRows(const std::vector<WalkCase>& cases) {
  QTest::addColumn<int>("index");
  if (cases.empty()) {
    QTest::newRow("no-corpus") << -1;
  }
  for (size_t i = 0; i < cases.size(); ++i) {
    QTest::newRow(qPrintable(cases[i].tag)) << static_cast<int>(i);
  }
}

}  // namespace routedeck::tests::appmesh
