// The App Mesh walkthrough expectations (samples/appmesh/expected-behaviour.yaml):
// for each request, the GatewayRoute, VirtualService, VirtualRouter route,
// VirtualNode and upstream path the router must pick.
#include <QFile>
#include <QRegularExpression>
#include <QTest>

#include "proxycore/common/strings.h"
#include "proxycore/dialects/dialect.h"
#include "proxycore/router/route_table.h"
#include "proxycore/yaml/yaml_io.h"
#include "tests/support/decision_compare.h"
#include "tests/support/test_support.h"
#include "tests/support/yaml_output.h"

using namespace routedeck;
using core::yaml::Node;
using tests::scalarOr;

namespace {

std::string chainName(const core::router::Decision& d, const std::string& kind) {
  for (const auto& s : d.chain) {
    if (s.kind == kind) {
      return s.name;
    }
  }
  return {};
}

// Replaces the match of GatewayRoute `name`'s grpcRoute with `match` (the
// walkthrough edits the resource in place between steps).
void patchGrpcMatch(std::vector<core::yaml::Document>& docs, const Node& match) {
  for (auto& d : docs) {
    if (scalarOr(&d.root, "kind") != "GatewayRoute") {
      continue;
    }
    Node* spec = d.root.find("spec");
    if (Node* grpc = spec ? spec->find("grpcRoute") : nullptr) {
      grpc->set("match", match);
    }
  }
}

}  // namespace

class TestAppMeshWalkthroughs : public QObject {
  Q_OBJECT

 private slots:
  void walkthroughs() {
    const QString corpus = tests::corpusDir();
    if (corpus.isEmpty()) {
      QSKIP(qPrintable(tests::corpusMissingMessage()));
    }
    const QString dir = corpus + QStringLiteral("/samples/appmesh/");
    QFile f(dir + QStringLiteral("expected-behaviour.yaml"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    // The file writes `path: /query?x=y` inside flow mappings, which YAML
    // parsers reject; quote such values before parsing.
    QString body = QString::fromUtf8(f.readAll());
    body.replace(QRegularExpression(QStringLiteral("(path: )(/[^,}\\s]*\\?[^,}\\s]*)")), QStringLiteral("\\1\"\\2\""));
    core::Diagnostics diags;
    auto expected = core::yaml::loadString(body.toStdString(), "expected-behaviour.yaml", diags);
    QVERIFY2(!diags.hasErrors(), diags.format().c_str());

    int checked = 0;
    QStringList failures;
    for (const auto& w : expected.front().root.find("walkthroughs")->items()) {
      const std::string name = scalarOr(&w, "name");
      const Node* entry = w.find("entry");
      const Node* cases = w.find("cases");
      if (!cases) {
        continue;  // probabilistic walkthroughs (retries, timeouts) have no exact cases
      }
      const std::string via = scalarOr(entry, "via");
      const bool inMesh = via.find("in-mesh") != std::string::npos;
      std::string gateway = inMesh ? "" : via.substr(via.find(' ') + 1);
      std::vector<std::string> baseFiles;
      if (const Node* m = w.find("manifests")) {
        for (const auto& item : m->items()) {
          baseFiles.push_back(item.text());
        }
      } else {
        baseFiles.push_back(name + "/v1beta2/manifest.yaml");
      }
      for (size_t ci = 0; ci < cases->size(); ++ci) {
        const Node& c = cases->items()[ci];
        std::vector<std::string> files = baseFiles;
        if (const Node* applied = c.find("applied")) {
          for (const auto& a : applied->items()) {
            files.push_back(name + "/v1beta2/" + a.text());
          }
        }
        std::vector<core::yaml::Document> docs;
        for (const auto& file : files) {
          auto more = core::yaml::loadFile((dir.toStdString() + file), diags);
          docs.insert(docs.end(), more.begin(), more.end());
        }
        if (const Node* m = c.find("gatewayRouteMatch")) {
          patchGrpcMatch(docs, *m);
        }
        auto config = std::make_shared<core::model::Config>();
        for (const auto& d : docs) {
          core::dialects::importDocument(d, *config, diags);
        }
        auto table = core::router::RouteTable::compile(config, diags);
        const Node* request = c.find("request");
        const Node* expect = c.find("expect");
        std::vector<std::string> headers;
        std::string line;
        const bool grpc = request->has("fullMethod");
        if (grpc) {
          line = "POST " + scalarOr(request, "fullMethod");
          headers.push_back("content-type: application/grpc");
        } else {
          line = scalarOr(request, "method", "GET") + " " + scalarOr(request, "path");
        }
        for (const char* key : {"headers", "metadata"}) {
          if (const Node* hs = request->find(key); hs && hs->isMap()) {
            for (const auto& e : hs->entries()) {
              headers.push_back(e.key + ": " + e.value.text());
            }
          }
        }
        headers.push_back("Host: gateway.example");
        auto req = core::router::Request::parse(line, headers);
        QVERIFY(req.ok());
        core::router::EntryPoint ep;
        ep.gateway = gateway.empty() ? "" : "${APP_NAMESPACE}/" + gateway;
        if (name == "howto-k8s-multiple-listeners") {
          ep.gateway = "colors/" + gateway;
        }
        ep.port = static_cast<int>(core::strings::parseInt(scalarOr(request, "listenerPort", scalarOr(entry, "listenerPort", "0"))).value_or(0));
        if (inMesh) {
          ep.meshService = "${APP_NAMESPACE}/color";
        }
        core::router::Decision d = table->route(*req, ep);
        const std::string label = name + " case " + std::to_string(ci) + " " + line;
        if (std::string diff = tests::traceModesDiffer(*table, *req, ep); !diff.empty()) {
          failures << QString::fromStdString(label + ": untraced route differs from explain:\n  " + diff);
        }
        auto mismatch = [&](const std::string& what, const std::string& got, const std::string& want) {
          if (!want.empty() && got != want) {
            failures << QString::fromStdString(label + ": " + what + " '" + got + "', expected '" + want + "'");
          }
        };
        ++checked;
        if (!d.error.empty()) {
          failures << QString::fromStdString(label + ": " + d.error);
          continue;
        }
        const std::string grpcStatus = scalarOr(expect, "grpcStatus");
        if (grpcStatus == "UNIMPLEMENTED") {
          mismatch("outcome", d.matched ? "OK" : "UNIMPLEMENTED", "UNIMPLEMENTED");
          continue;
        }
        mismatch("status", d.status ? std::to_string(d.status) : "200", scalarOr(expect, "status", "200"));
        if (!inMesh) {
          mismatch("gatewayRoute", d.route ? d.route->name : "", scalarOr(expect, "gatewayRoute"));
        }
        mismatch("virtualService", chainName(d, "VirtualService"), scalarOr(expect, "virtualService"));
        mismatch("virtualRouterRoute", chainName(d, "Route"), scalarOr(expect, "virtualRouterRoute"));
        auto live = d.live();
        mismatch("virtualNode", live.size() == 1 ? live.front()->name : std::to_string(live.size()) + " nodes",
                 scalarOr(expect, "virtualNode"));
        mismatch("upstreamPath", d.rewritePath.value_or(req->path), scalarOr(expect, "upstreamPath"));
      }
    }
    qInfo("App Mesh walkthrough cases checked: %d, failures: %lld", checked, static_cast<long long>(failures.size()));
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QLatin1Char('\n'))));
    QVERIFY(checked >= 20);
  }
};

QTEST_GUILESS_MAIN(TestAppMeshWalkthroughs)
#include "tst_appmesh_walkthroughs.moc"
