// App Mesh → Istio: the walkthrough requests go through the emitted Gateway
// and VirtualService (first-match http[] order) and must land where App Mesh
// sent them, gRPC metadata inversion included.
#include <QTest>

#include "proxycore/dialects/appmesh/appmesh.h"
#include "proxycore/dialects/appmesh/appmesh_istio_rules.h"
#include "proxycore/yaml/yaml_io.h"
#include "tests/proxycore/dialects_appmesh/appmesh_test_util.h"
#include "tests/proxycore/dialects_appmesh/route_sim.h"
#include "tests/proxycore/dialects_appmesh/translate_cases.h"
#include "tests/support/test_support.h"

using namespace routedeck::core;
using namespace routedeck::tests::appmesh;
namespace am = routedeck::core::dialects::appmesh;
using dialects::Fidelity;

namespace {

std::vector<yaml::Node> translate(const model::Config& config, dialects::FidelityReport& report) {
  std::vector<yaml::Node> out;
  am::toIstio(config, out, report);
  if (qEnvironmentVariableIsSet("ROUTEDECK_DUMP")) {
    qInfo("%s\n%s", yaml::writeDocuments(out).c_str(), report.format().c_str());
  }
  return out;
}

std::string hostOf(const model::Config& config, const std::string& node) {
  for (const auto& n : config.virtualNodes) {
    if (n.meta.name == node && n.dnsHostname) {
      return *n.dnsHostname;
    }
  }
  return "<no VirtualNode " + node + ">";
}

model::Config ingressGateway(Diagnostics& diags) {
  return importAll(
      {samplesDir() + QStringLiteral("/howto-k8s-ingress-gateway/v1beta2/manifest.yaml")}, diags);
}

}  // namespace

class TestAppMeshToIstio : public QObject {
  Q_OBJECT

 private slots:
  void walkthroughCases_data();
  void walkthroughCases();
  void grpcMetadataCases_data();
  void grpcMetadataCases();
  void oneVirtualServicePerGateway();
  void defaultRewriteIsExact_data();
  void defaultRewriteIsExact();
  void fidelity();
  void percentWeights_data();
  void percentWeights();
};

void TestAppMeshToIstio::walkthroughCases_data() {
  addWalkCaseRows(httpWalkCases());
}

void TestAppMeshToIstio::walkthroughCases() {
  QFETCH(int, index);
  if (index < 0) {
    QSKIP(qPrintable(routedeck::tests::corpusMissingMessage()));
  }
  const WalkCase c = httpWalkCases()[index];
  Diagnostics diags;
  const model::Config config = importCase(c, diags);
  QVERIFY2(!diags.hasErrors(), diags.format().c_str());
  dialects::FidelityReport report;
  const auto docs = translate(config, report);
  const auto outcome = routeIstio(docs, requestFrom(c.request, c.listenerPort));
  QVERIFY2(outcome.has_value(), yaml::write(c.request).c_str());
  QCOMPARE(outcome->service, hostOf(config, text(c.expect, "virtualNode")));
  if (c.expect.has("upstreamPath")) {
    QCOMPARE(outcome->upstreamPath, text(c.expect, "upstreamPath"));
  }
  if (c.expect.has("virtualNodePort")) {
    QCOMPARE(outcome->port.value_or(0), std::stoi(text(c.expect, "virtualNodePort")));
  }
  if (c.expect.has("gatewayRoute")) {
    QCOMPARE(outcome->route.substr(0, outcome->route.find('.')), text(c.expect, "gatewayRoute"));
  }
}

void TestAppMeshToIstio::grpcMetadataCases_data() {
  addWalkCaseRows(grpcWalkCases());
}

void TestAppMeshToIstio::grpcMetadataCases() {
  QFETCH(int, index);
  if (index < 0) {
    QSKIP(qPrintable(routedeck::tests::corpusMissingMessage()));
  }
  const WalkCase c = grpcWalkCases()[index];
  Diagnostics diags;
  const model::Config config = importCase(c, diags);
  QVERIFY2(!diags.hasErrors(), diags.format().c_str());
  dialects::FidelityReport report;
  const auto docs = translate(config, report);
  const auto outcome = routeIstio(docs, requestFrom(c.request, c.listenerPort));
  // Istio has withoutHeaders: every case, inversion included, is exact.
  QCOMPARE(outcome.has_value(), text(c.expect, "grpcStatus") == "OK");
  if (outcome) {
    QCOMPARE(outcome->service, std::string("greeter.${APP_NAMESPACE}.svc.cluster.local"));
    QCOMPARE(outcome->port.value_or(0), 9111);
  }
  QVERIFY(!hasItem(report, Fidelity::Lost, "GatewayRoute", ""));
}

void TestAppMeshToIstio::oneVirtualServicePerGateway() {
  if (samplesDir().isEmpty()) {
    QSKIP(qPrintable(routedeck::tests::corpusMissingMessage()));
  }
  Diagnostics diags;
  const model::Config config = ingressGateway(diags);
  dialects::FidelityReport report;
  const auto docs = translate(config, report);
  const yaml::Node* gw = findDoc(docs, "Gateway", "ingress-gw");
  QVERIFY(gw);
  QCOMPARE(text(*gw, "apiVersion"), std::string("networking.istio.io/v1beta1"));
  QCOMPARE(text(*gw, "spec.servers[0].port.number"), std::string("8088"));
  QCOMPARE(text(*gw, "spec.servers[0].port.protocol"), std::string("HTTP"));
  const yaml::Node* vs = findDoc(docs, "VirtualService", "ingress-gw");
  QVERIFY(vs);
  QCOMPARE(text(*vs, "spec.gateways[0]"), std::string("ingress-gw"));
  // Every rule behind gateway prefix /headers keeps the default rewrite: a
  // "/headers/" + "/headers" pair each. The /paths rules get a /pathsX twin,
  // and the /paths catch-all the same pair.
  QCOMPARE(at(*vs, "spec.http")->size(), size_t(5 * 2 + 4 * 2 + 2));
  QCOMPARE(text(*vs, "spec.http[0].name"), std::string("gateway-route-headers.color-route-blue"));
  QCOMPARE(text(*vs, "spec.http[0].match[0].uri.prefix"), std::string("/headers/"));
  QCOMPARE(text(*vs, "spec.http[1].match[0].uri.prefix"), std::string("/headers"));
  QCOMPARE(text(*vs, "spec.http[1].rewrite.uri"), std::string("/"));
  QCOMPARE(text(*vs, "spec.http[0].match[0].headers.color_header.exact"), std::string("blue"));
  QCOMPARE(text(*vs, "spec.http[0].rewrite.authority"),
           std::string("color-headers.${APP_NAMESPACE}.svc.cluster.local"));
  QCOMPARE(text(*vs, "spec.http[4].match[0].headers.color_header.prefix"), std::string("red"));
  QCOMPARE(text(*vs, "spec.http[6].match[0].headers.color_header.regex"), std::string(".*"));
  const std::string red = "spec.http[14]";
  QCOMPARE(text(*vs, red + ".name"), std::string("gateway-route-paths.color-route-red"));
  QCOMPARE(text(*vs, red + ".match[0].uri.prefix"), std::string("/paths/red"));
  QCOMPARE(text(*vs, red + ".rewrite.uri"), std::string("/red"));
  QCOMPARE(text(*vs, red + ".route[0].destination.host"),
           std::string("color-red.${APP_NAMESPACE}.svc.cluster.local"));
  QCOMPARE(text(*vs, red + ".route[0].destination.port.number"), std::string("8080"));
  // Mesh VirtualServices for in-mesh callers of the two routers.
  const yaml::Node* mesh = findDoc(docs, "VirtualService", "color-paths");
  QVERIFY(mesh);
  QCOMPARE(text(*mesh, "spec.hosts[0]"),
           std::string("color-paths.${APP_NAMESPACE}.svc.cluster.local"));
  QVERIFY(!at(*mesh, "spec.gateways"));
}

void TestAppMeshToIstio::defaultRewriteIsExact_data() {
  QTest::addColumn<QString>("path");
  QTest::addColumn<QString>("service");
  QTest::addColumn<QString>("upstream");
  QTest::newRow("segment") << "/paths/red/x"
                           << "color-red"
                           << "/red/x";
  QTest::newRow("no-slash") << "/pathsred"
                            << "color-red"
                            << "/red";
  QTest::newRow("prefix-only") << "/paths"
                               << "color-white"
                               << "/";
  QTest::newRow("catch-all") << "/paths/other"
                             << "color-white"
                             << "/other";
  QTest::newRow("catch-all-no-slash") << "/pathsz"
                                      << "color-white"
                                      << "/z";
}

void TestAppMeshToIstio::defaultRewriteIsExact() {
  if (samplesDir().isEmpty()) {
    QSKIP(qPrintable(routedeck::tests::corpusMissingMessage()));
  }
  QFETCH(QString, path);
  QFETCH(QString, service);
  QFETCH(QString, upstream);
  Diagnostics diags;
  dialects::FidelityReport report;
  const auto docs = translate(ingressGateway(diags), report);
  Request r;
  r.listenerPort = 8088;
  r.path = path.toStdString();
  const auto outcome = routeIstio(docs, r);
  QVERIFY(outcome);
  QCOMPARE(outcome->service, service.toStdString() + ".${APP_NAMESPACE}.svc.cluster.local");
  QCOMPARE(outcome->upstreamPath, upstream.toStdString());
}

void TestAppMeshToIstio::fidelity() {
  if (samplesDir().isEmpty()) {
    QSKIP(qPrintable(routedeck::tests::corpusMissingMessage()));
  }
  Diagnostics diags;
  dialects::FidelityReport report;
  translate(ingressGateway(diags), report);
  QVERIFY(hasItem(report, Fidelity::Exact, "GatewayRoute ${APP_NAMESPACE}/gateway-route-paths",
                  "spec.priority", "first-match order"));
  QVERIFY(hasItem(report, Fidelity::Approximate, "VirtualGateway", "spec.podSelector"));
  QVERIFY(hasItem(report, Fidelity::Lost, "VirtualNode", "healthCheck", "Istio"));
  // Path composition, header kinds and rewrites are all exact in Istio.
  QVERIFY(!hasItem(report, Fidelity::Approximate, "GatewayRoute", ""));
  QVERIFY(!hasItem(report, Fidelity::Lost, "GatewayRoute", ""));
}

void TestAppMeshToIstio::percentWeights_data() {
  QTest::addColumn<QList<int>>("weights");
  QTest::addColumn<QList<int>>("percent");
  QTest::newRow("thirds") << QList<int>{1, 1, 1} << QList<int>{34, 33, 33};
  QTest::newRow("already") << QList<int>{90, 10} << QList<int>{90, 10};
  QTest::newRow("relative") << QList<int>{3, 1} << QList<int>{75, 25};
  QTest::newRow("zero-share") << QList<int>{0, 2} << QList<int>{0, 100};
}

void TestAppMeshToIstio::percentWeights() {
  QFETCH(QList<int>, weights);
  QFETCH(QList<int>, percent);
  const auto out = am::detail::percentWeights(std::vector<int>(weights.begin(), weights.end()));
  QCOMPARE(QList<int>(out.begin(), out.end()), percent);
}

int runAppMeshToIstioTests(int argc, char** argv) {
  TestAppMeshToIstio t;
  return QTest::qExec(&t, argc, argv);
}

#include "tst_appmesh_to_istio.moc"
