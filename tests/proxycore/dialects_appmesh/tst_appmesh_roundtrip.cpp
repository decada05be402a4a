// Export by patching: import → exportOwn → import is the identity on the
// model, and an unedited config writes back the very documents it came from.
#include <QTest>

#include "proxycore/dialects/appmesh/appmesh.h"
#include "proxycore/yaml/yaml_io.h"
#include "tests/proxycore/dialects_appmesh/appmesh_test_util.h"
#include "tests/support/test_support.h"

using namespace routedeck::core;
using namespace routedeck::tests::appmesh;
namespace am = routedeck::core::dialects::appmesh;

namespace {

// Re-imports exported documents as if they were a file.
model::Config reimport(const std::vector<yaml::Node>& docs, Diagnostics& diags) {
  return importText(yaml::writeDocuments(docs), diags, "exported.yaml");
}

}  // namespace

class TestAppMeshRoundTrip : public QObject {
  Q_OBJECT

 private slots:
  void corpusDocuments_data();
  void corpusDocuments();
  void editKeepsUnknownFields();
  void listenerTlsValidation();
  void editedDurationAndEvents();
  void protocolChangeMovesRoute();
  void freshObjectsExportAsNewDocuments();
};

void TestAppMeshRoundTrip::corpusDocuments_data() {
  QTest::addColumn<QString>("file");
  const QString dir = samplesDir();
  if (dir.isEmpty()) {
    QTest::newRow("no-corpus") << QString();
    return;
  }
  for (const QString& f : routedeck::tests::filesUnder(dir, {QStringLiteral(".yaml")})) {
    if (!f.endsWith(QStringLiteral("expected-behaviour.yaml"))) {
      QTest::newRow(qPrintable(f.mid(dir.size() + 1))) << f;
    }
  }
}

void TestAppMeshRoundTrip::corpusDocuments() {
  QFETCH(QString, file);
  if (file.isEmpty()) {
    QSKIP(qPrintable(routedeck::tests::corpusMissingMessage()));
  }
  Diagnostics diags;
  std::vector<yaml::Node> originals;
  const model::Config first = importFiles({file}, diags, &originals);
  QVERIFY2(diags.empty(), diags.format().c_str());
  QVERIFY(!originals.empty());

  std::vector<yaml::Node> exported;
  am::exportOwn(first, exported);
  QCOMPARE(exported.size(), originals.size());
  for (size_t i = 0; i < originals.size(); ++i) {
    QVERIFY2(exported[i] == originals[i],
             ("document " + std::to_string(i) + " changed:\n--- original\n" +
              yaml::write(originals[i]) + "--- exported\n" + yaml::write(exported[i]))
                 .c_str());
  }

  Diagnostics again;
  const model::Config second = reimport(exported, again);
  QVERIFY2(again.empty(), again.format().c_str());
  QVERIFY(second == first);
}

void TestAppMeshRoundTrip::editKeepsUnknownFields() {
  Diagnostics diags;
  model::Config config = importText(R"(
apiVersion: appmesh.k8s.aws/v1beta2
kind: VirtualRouter
metadata:
  name: color
  namespace: demo
  annotations: {team: blue}
spec:
  meshRef: {name: m, uid: "123"}
  listeners:
    - portMapping: {port: 8080, protocol: http}
  routes:
    - name: first
      priority: 10
      httpRoute:
        match: {prefix: /a}
        action:
          weightedTargets:
            - virtualNodeRef: {name: a}
              weight: 1
              futureField: keep-me
            - virtualNodeRef: {name: b}
              weight: 1
    - name: second
      httpRoute:
        match: {prefix: /}
        action:
          weightedTargets:
            - virtualNodeRef: {name: c}
              weight: 1
)",
                                    diags);
  QVERIFY2(diags.empty(), diags.format().c_str());
  QCOMPARE(config.routes.size(), size_t(1));
  model::Route& router = config.routes[0];
  // Reorder the rules, drop target b and re-weight a.
  std::swap(router.rules[0], router.rules[1]);
  router.rules[1].backends.pop_back();
  router.rules[1].backends[0].weight = 5;

  std::vector<yaml::Node> out;
  am::exportOwn(config, out);
  QCOMPARE(out.size(), size_t(1));
  const yaml::Node& doc = out[0];
  QCOMPARE(text(doc, "spec.meshRef.uid"), std::string("123"));
  QCOMPARE(text(doc, "spec.listeners[0].portMapping.port"), std::string("8080"));
  QCOMPARE(text(doc, "metadata.annotations.team"), std::string("blue"));
  QCOMPARE(text(doc, "spec.routes[0].name"), std::string("second"));
  QCOMPARE(text(doc, "spec.routes[1].name"), std::string("first"));
  QCOMPARE(text(doc, "spec.routes[1].priority"), std::string("10"));
  const std::string target = "spec.routes[1].httpRoute.action.weightedTargets";
  QCOMPARE(at(doc, target)->size(), size_t(1));
  QCOMPARE(text(doc, target + "[0].futureField"), std::string("keep-me"));
  QCOMPARE(text(doc, target + "[0].weight"), std::string("5"));

  Diagnostics again;
  QVERIFY(reimport(out, again) == config);
}

// spec.listeners[].tls: certificate, validation.trust (mutual TLS) and the
// subject alternative names are modelled, exported back by patching, and
// an edit of the trust reaches the document.
void TestAppMeshRoundTrip::listenerTlsValidation() {
  Diagnostics diags;
  model::Config config = importText(R"(
apiVersion: appmesh.k8s.aws/v1beta2
kind: VirtualGateway
metadata: {name: gw, namespace: demo}
spec:
  listeners:
    - portMapping: {port: 8443, protocol: http}
      tls:
        mode: STRICT
        certificate: {file: {certificateChain: /certs/gw.crt, privateKey: /certs/gw.key}}
        validation:
          trust: {file: {certificateChain: /certs/ca.crt}}
          subjectAlternativeNames: {match: {exact: [client.example.com]}}
    - portMapping: {port: 9443, protocol: http}
      tls:
        mode: PERMISSIVE
        certificate: {sds: {secretName: gw-cert}}
        validation: {trust: {sds: {secretName: client-ca}}}
)",
                                    diags);
  // PERMISSIVE is served as TLS only, and said so at the mode.
  QCOMPARE(diags.items().size(), size_t(1));
  QCOMPARE(diags.items()[0].severity, Severity::Warning);
  QCOMPARE(diags.items()[0].fieldPath, std::string("spec.listeners[1].tls.mode"));
  QCOMPARE(diags.items()[0].location.line, 16);
  const model::TlsSettings& strict = *config.gateways.at(0).listeners.at(0).tls;
  QCOMPARE(strict.caCertificates, std::optional<std::string>("/certs/ca.crt"));
  QCOMPARE(strict.subjectAltNames, std::vector<std::string>{"client.example.com"});
  const model::TlsSettings& permissive = *config.gateways.at(0).listeners.at(1).tls;
  QCOMPARE(permissive.credentialName, std::optional<std::string>("gw-cert"));
  QCOMPARE(permissive.clientCaSecretName, std::optional<std::string>("client-ca"));

  std::vector<yaml::Node> unchanged;
  am::exportOwn(config, unchanged);
  Diagnostics again;
  QVERIFY(reimport(unchanged, again) == config);

  model::TlsSettings& edited = *config.gateways[0].listeners[0].tls;
  edited.caCertificates = "/certs/other-ca.crt";
  edited.subjectAltNames.clear();
  config.gateways[0].listeners[1].tls->clientCaSecretName.reset();
  std::vector<yaml::Node> out;
  am::exportOwn(config, out);
  QCOMPARE(text(out[0], "spec.listeners[0].tls.validation.trust.file.certificateChain"),
           std::string("/certs/other-ca.crt"));
  QVERIFY(!at(out[0], "spec.listeners[0].tls.validation.subjectAlternativeNames"));
  QVERIFY(!at(out[0], "spec.listeners[1].tls.validation"));
  QCOMPARE(text(out[0], "spec.listeners[1].tls.certificate.sds.secretName"), std::string("gw-cert"));
  Diagnostics third;
  QVERIFY(reimport(out, third) == config);
}

void TestAppMeshRoundTrip::editedDurationAndEvents() {
  Diagnostics diags;
  model::Config config = importText(R"(
apiVersion: appmesh.k8s.aws/v1beta2
kind: VirtualRouter
metadata: {name: r}
spec:
  routes:
    - name: only
      httpRoute:
        match: {prefix: /}
        action:
          weightedTargets:
            - virtualNodeRef: {name: a}
              weight: 1
        timeout:
          perRequest: {unit: ms, value: 15000}
        retryPolicy:
          tcpRetryEvents: [connection-error]
          maxRetries: 2
          perRetryTimeout: {unit: s, value: 3}
          httpRetryEvents: [server-error]
)",
                                    diags);
  QVERIFY2(diags.empty(), diags.format().c_str());
  model::RouteRule& rule = config.routes[0].rules[0];
  QCOMPARE(rule.timeouts.request->millis, 15000LL);
  QCOMPARE(rule.retry->retryOn, (std::vector<std::string>{"server-error", "connection-error"}));

  std::vector<yaml::Node> unchanged;
  am::exportOwn(config, unchanged);
  // Same value, same unit: 15000 ms stays in ms, not rewritten as 15 s.
  QCOMPARE(text(unchanged[0], "spec.routes[0].httpRoute.timeout.perRequest.unit"),
           std::string("ms"));

  rule.timeouts.request = model::Duration::fromMillis(60000);
  rule.timeouts.idle = model::Duration::fromMillis(1500);
  rule.retry->retryOn = {"gateway-error", "unavailable", "connection-error"};
  std::vector<yaml::Node> out;
  am::exportOwn(config, out);
  const yaml::Node& route = *at(out[0], "spec.routes[0].httpRoute");
  QCOMPARE(text(route, "timeout.perRequest.unit"), std::string("s"));
  QCOMPARE(text(route, "timeout.perRequest.value"), std::string("60"));
  QCOMPARE(text(route, "timeout.idle.unit"), std::string("ms"));
  QCOMPARE(text(route, "timeout.idle.value"), std::string("1500"));
  QCOMPARE(text(route, "retryPolicy.httpRetryEvents[0]"), std::string("gateway-error"));
  QCOMPARE(text(route, "retryPolicy.tcpRetryEvents[0]"), std::string("connection-error"));
  QCOMPARE(text(route, "retryPolicy.grpcRetryEvents[0]"), std::string("unavailable"));
  // The original key order of the policy survives the patch.
  QCOMPARE(route.find("retryPolicy")->entries().front().key, std::string("tcpRetryEvents"));

  Diagnostics again;
  const model::Config back = reimport(out, again);
  QVERIFY2(again.empty(), again.format().c_str());
  // Events read back list by list (http, tcp, grpc): that order is the canonical one.
  rule.retry->retryOn = {"gateway-error", "connection-error", "unavailable"};
  QVERIFY(back == config);
}

void TestAppMeshRoundTrip::protocolChangeMovesRoute() {
  Diagnostics diags;
  model::Config config = importText(R"(
apiVersion: appmesh.k8s.aws/v1beta2
kind: GatewayRoute
metadata: {name: g, namespace: demo}
spec:
  httpRoute:
    match: {prefix: /svc}
    action:
      target:
        virtualService:
          virtualServiceRef: {name: greeter}
)",
                                    diags);
  QVERIFY(diags.empty());
  model::Route& route = config.routes[0];
  route.protocol = "grpc";
  route.rules[0].matches[0] = model::RouteMatch{};
  route.rules[0].matches[0].grpc =
      model::GrpcMethodMatch{model::StringMatchType::Exact, "Hello", ""};
  std::vector<yaml::Node> out;
  am::exportOwn(config, out);
  QVERIFY(!at(out[0], "spec.httpRoute"));
  QCOMPARE(text(out[0], "spec.grpcRoute.match.serviceName"), std::string("Hello"));
  QCOMPARE(text(out[0], "spec.grpcRoute.action.target.virtualService.virtualServiceRef.name"),
           std::string("greeter"));
  Diagnostics again;
  QVERIFY(reimport(out, again) == config);
}

void TestAppMeshRoundTrip::freshObjectsExportAsNewDocuments() {
  model::Config config;
  model::Route router;
  router.dialect = model::Dialect::AppMesh;
  router.kind = model::RouteKind::VirtualRouter;
  router.meta.name = "fresh";
  router.meta.ns = "demo";
  model::RouteRule rule;
  rule.name = "all";
  rule.matches.push_back({});
  model::BackendRef target;
  target.kind = "VirtualNode";
  target.name = "blue";
  target.weight = 1;
  rule.backends.push_back(target);
  rule.timeouts.request = model::Duration::parse("30s");
  router.rules.push_back(rule);
  config.routes.push_back(router);
  model::VirtualNode node;
  node.meta.apiVersion = "appmesh.k8s.aws/v1beta2";
  node.meta.kind = "VirtualNode";
  node.meta.name = "blue";
  node.listeners.push_back({8080, "http", {}});
  node.dnsHostname = "blue.demo.svc.cluster.local";
  config.virtualNodes.push_back(node);

  std::vector<yaml::Node> out;
  am::exportOwn(config, out);
  QCOMPARE(out.size(), size_t(2));
  QCOMPARE(text(out[0], "apiVersion"), std::string("appmesh.k8s.aws/v1beta2"));
  QCOMPARE(text(out[0], "kind"), std::string("VirtualRouter"));
  QCOMPARE(text(out[0], "spec.routes[0].httpRoute.timeout.perRequest.value"), std::string("30"));
  QCOMPARE(text(out[1], "spec.serviceDiscovery.dns.hostname"),
           std::string("blue.demo.svc.cluster.local"));
  Diagnostics diags;
  model::Config back = reimport(out, diags);
  QVERIFY2(diags.empty(), diags.format().c_str());
  QCOMPARE(back.routes.size(), size_t(1));
  QCOMPARE(back.routes[0].rules[0].protocol, std::string("http"));
  // The model did not say http; everything else reads back as written.
  back.routes[0].rules[0].protocol.clear();
  QVERIFY(back.routes[0].rules == config.routes[0].rules);
  QVERIFY(back.virtualNodes == config.virtualNodes);
}

int runAppMeshRoundTripTests(int argc, char** argv) {
  TestAppMeshRoundTrip t;
  return QTest::qExec(&t, argc, argv);
}

#include "tst_appmesh_roundtrip.moc"
