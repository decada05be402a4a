// App Mesh → Gateway API: the walkthrough requests of expected-behaviour.yaml
// are routed through the emitted Gateway/HTTPRoute documents (route_sim) and
// must reach the Service and upstream path App Mesh reached, unless the
// fidelity report says why not.
#include <QTest>

#include "proxycore/dialects/appmesh/appmesh.h"
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
  am::toGatewayApi(config, out, report);
  if (qEnvironmentVariableIsSet("ROUTEDECK_DUMP")) {
    qInfo("%s\n%s", yaml::writeDocuments(out).c_str(), report.format().c_str());
  }
  return out;
}

const char* kChain = R"(
apiVersion: appmesh.k8s.aws/v1beta2
kind: VirtualGateway
metadata: {name: gw, namespace: shop}
spec:
  namespaceSelector: {matchLabels: {gateway: gw}}
  listeners:
    - portMapping: {port: 8080, protocol: http}
---
apiVersion: appmesh.k8s.aws/v1beta2
kind: VirtualService
metadata: {name: api, namespace: shop}
spec:
  awsName: api.shop.svc.cluster.local
  provider:
    virtualRouter:
      virtualRouterRef: {name: api}
---
apiVersion: appmesh.k8s.aws/v1beta2
kind: VirtualNode
metadata: {name: api-v1, namespace: shop}
spec:
  listeners:
    - portMapping: {port: 9000, protocol: http}
  serviceDiscovery:
    dns: {hostname: api-v1.shop.svc.cluster.local}
---
apiVersion: appmesh.k8s.aws/v1beta2
kind: VirtualNode
metadata: {name: api-v2, namespace: shop}
spec:
  listeners:
    - portMapping: {port: 9000, protocol: http}
  serviceDiscovery:
    dns: {hostname: api-v2.shop.svc.cluster.local}
)";

}  // namespace

class TestAppMeshToGatewayApi : public QObject {
  Q_OBJECT

 private slots:
  void walkthroughCases_data();
  void walkthroughCases();
  void grpcMetadataCases_data();
  void grpcMetadataCases();
  void composedPathsRoute();
  void ingressGatewayFidelity();
  void priorityInversionReported();
  void timeoutsAndRetries();
  void meshRouteForVirtualRouter();
  void cloudMapTimeoutWalkthrough();
};

void TestAppMeshToGatewayApi::walkthroughCases_data() {
  addWalkCaseRows(httpWalkCases());
}

void TestAppMeshToGatewayApi::walkthroughCases() {
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

  const auto outcome = routeGatewayApi(docs, requestFrom(c.request, c.listenerPort));
  QVERIFY2(outcome.has_value(), yaml::write(c.request).c_str());
  QCOMPARE(outcome->service, serviceOfNode(config, text(c.expect, "virtualNode")));
  if (c.expect.has("upstreamPath")) {
    QCOMPARE(outcome->upstreamPath, text(c.expect, "upstreamPath"));
  }
  if (c.expect.has("virtualNodePort")) {
    QCOMPARE(outcome->port.value_or(0), std::stoi(text(c.expect, "virtualNodePort")));
  }
  if (c.expect.has("gatewayRoute")) {
    QCOMPARE(outcome->route.substr(outcome->route.find('/') + 1), text(c.expect, "gatewayRoute"));
  }
}

void TestAppMeshToGatewayApi::grpcMetadataCases_data() {
  addWalkCaseRows(grpcWalkCases());
}

void TestAppMeshToGatewayApi::grpcMetadataCases() {
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
  QVERIFY(findDoc(docs, "GRPCRoute", "metadata-match"));

  const auto outcome = routeGatewayApi(docs, requestFrom(c.request, c.listenerPort));
  const bool expectOk = text(c.expect, "grpcStatus") == "OK";
  if (!expectOk && outcome &&
      hasItem(report, Fidelity::Lost, "GatewayRoute", "metadata device", "inverted")) {
    // Gateway API cannot say "header absent": the documented loss lets it through.
    return;
  }
  QCOMPARE(outcome.has_value(), expectOk);
  if (expectOk) {
    QCOMPARE(outcome->service, std::string("greeter"));
    QCOMPARE(outcome->port.value_or(0), 9111);
  }
}

void TestAppMeshToGatewayApi::composedPathsRoute() {
  if (samplesDir().isEmpty()) {
    QSKIP(qPrintable(routedeck::tests::corpusMissingMessage()));
  }
  Diagnostics diags;
  const model::Config config = importAll(
      {samplesDir() + QStringLiteral("/howto-k8s-ingress-gateway/v1beta2/manifest.yaml")}, diags);
  dialects::FidelityReport report;
  const auto docs = translate(config, report);
  const yaml::Node* gw = findDoc(docs, "Gateway", "ingress-gw");
  QVERIFY(gw);
  QCOMPARE(text(*gw, "spec.listeners[0].port"), std::string("8088"));
  QCOMPARE(text(*gw, "spec.listeners[0].protocol"), std::string("HTTP"));
  QCOMPARE(text(*gw, "spec.listeners[0].allowedRoutes.namespaces.selector.matchLabels.gateway"),
           std::string("ingress-gw"));

  const yaml::Node* route = findDoc(docs, "HTTPRoute", "gateway-route-paths");
  QVERIFY(route);
  QCOMPARE(text(*route, "spec.parentRefs[0].name"), std::string("ingress-gw"));
  // VirtualRouter priorities 10..40, then the catch-all: blue, green, red, yellow, white.
  QCOMPARE(at(*route, "spec.rules")->size(), size_t(5));
  const std::string red = "spec.rules[2]";
  QCOMPARE(text(*route, red + ".matches[0].path.type"), std::string("PathPrefix"));
  QCOMPARE(text(*route, red + ".matches[0].path.value"), std::string("/paths/red"));
  QCOMPARE(text(*route, red + ".filters[0].type"), std::string("URLRewrite"));
  QCOMPARE(text(*route, red + ".filters[0].urlRewrite.path.type"),
           std::string("ReplacePrefixMatch"));
  QCOMPARE(text(*route, red + ".filters[0].urlRewrite.path.replacePrefixMatch"),
           std::string("/red"));
  QCOMPARE(text(*route, red + ".filters[0].urlRewrite.hostname"),
           std::string("color-paths.${APP_NAMESPACE}.svc.cluster.local"));
  QCOMPARE(text(*route, red + ".backendRefs[0].name"), std::string("color-red"));
  QCOMPARE(text(*route, red + ".backendRefs[0].port"), std::string("8080"));
  QVERIFY(!at(*route, red + ".backendRefs[0].namespace"));
  // The catch-all keeps the gateway prefix and the default rewrite to "/".
  QCOMPARE(text(*route, "spec.rules[4].matches[0].path.value"), std::string("/paths"));
  QCOMPARE(text(*route, "spec.rules[4].filters[0].urlRewrite.path.replacePrefixMatch"),
           std::string("/"));
  QCOMPARE(text(*route, "spec.rules[4].backendRefs[0].name"), std::string("color-white"));

  const yaml::Node* headers = findDoc(docs, "HTTPRoute", "gateway-route-headers");
  QVERIFY(headers);
  QCOMPARE(text(*headers, "spec.rules[0].matches[0].headers[0].value"), std::string("blue"));
  QCOMPARE(text(*headers, "spec.rules[2].matches[0].headers[0].type"),
           std::string("RegularExpression"));
  QCOMPARE(text(*headers, "spec.rules[2].matches[0].headers[0].value"), std::string("red.*"));
  QCOMPARE(text(*headers, "spec.rules[3].matches[0].headers[0].value"), std::string(".*"));
}

void TestAppMeshToGatewayApi::ingressGatewayFidelity() {
  if (samplesDir().isEmpty()) {
    QSKIP(qPrintable(routedeck::tests::corpusMissingMessage()));
  }
  Diagnostics diags;
  const model::Config config = importAll(
      {samplesDir() + QStringLiteral("/howto-k8s-ingress-gateway/v1beta2/manifest.yaml")}, diags);
  dialects::FidelityReport report;
  translate(config, report);
  const std::string paths = "GatewayRoute ${APP_NAMESPACE}/gateway-route-paths";
  QVERIFY(hasItem(report, Fidelity::Approximate, paths, "rule color-route-red path",
                  "also routes /pathsred"));
  QVERIFY(hasItem(report, Fidelity::Approximate, paths, "rule color-route-white path",
                  "also matches /pathsx"));
  QVERIFY(hasItem(report, Fidelity::Approximate, "VirtualGateway", "gatewayClassName"));
  QVERIFY(hasItem(report, Fidelity::Approximate, "gateway-route-headers",
                  "rule color-route-red header color_header", "red.*"));
  QVERIFY(hasItem(report, Fidelity::Lost, "VirtualNode ${APP_NAMESPACE}/red",
                  "spec.listeners[0].healthCheck"));
  QVERIFY(hasItem(report, Fidelity::Exact, paths, "kind", "HTTPRoute"));
  // Specificity agrees with the router priorities here: nothing reordered.
  QVERIFY(!hasItem(report, Fidelity::Approximate, "", "", "App Mesh priority tries"));
  QVERIFY(!hasItem(report, Fidelity::Lost, "GatewayRoute", ""));
}

void TestAppMeshToGatewayApi::priorityInversionReported() {
  const std::string yaml = std::string(kChain) + R"(
---
apiVersion: appmesh.k8s.aws/v1beta2
kind: VirtualRouter
metadata: {name: api, namespace: shop}
spec:
  routes:
    - name: v1
      priority: 1
      httpRoute:
        match:
          prefix: /v1
          headers: [{name: x-tier, match: {exact: gold}}]
        action:
          weightedTargets: [{virtualNodeRef: {name: api-v1}, weight: 1}]
    - name: v2
      priority: 2
      httpRoute:
        match: {prefix: /v1/beta}
        action:
          weightedTargets: [{virtualNodeRef: {name: api-v2}, weight: 1}]
    - name: hidden
      priority: 3
      httpRoute:
        match: {prefix: /v1/beta/x}
        action:
          weightedTargets: [{virtualNodeRef: {name: api-v1}, weight: 1}]
---
apiVersion: appmesh.k8s.aws/v1beta2
kind: GatewayRoute
metadata: {name: api, namespace: shop}
spec:
  httpRoute:
    match: {prefix: /}
    action:
      target:
        virtualService:
          virtualServiceRef: {name: api}
)";
  Diagnostics diags;
  const model::Config config = importText(yaml, diags);
  QVERIFY2(diags.empty(), diags.format().c_str());
  dialects::FidelityReport report;
  const auto docs = translate(config, report);
  const yaml::Node* route = findDoc(docs, "HTTPRoute", "api");
  QVERIFY(route);
  QCOMPARE(text(*route, "spec.rules[1].matches[0].path.value"), std::string("/v1/beta"));
  // Gateway prefix "/" keeps the path: no rewrite filter at all.
  QVERIFY(!at(*route, "spec.rules[1].filters[0].urlRewrite.path"));
  QCOMPARE(text(*route, "spec.rules[1].backendRefs[0].port"), std::string("9000"));
  QVERIFY(hasItem(report, Fidelity::Approximate, "GatewayRoute shop/api", "rule v2",
                  "Gateway API tries this rule before rule v1 (a longer path prefix)"));
  // App Mesh never reaches "hidden" (v2 takes all of /v1/beta first): omitted.
  QCOMPARE(at(*route, "spec.rules")->size(), size_t(2));
  QVERIFY(hasItem(report, Fidelity::Exact, "GatewayRoute shop/api", "route hidden",
                  "v2 matches first"));
}

void TestAppMeshToGatewayApi::timeoutsAndRetries() {
  const std::string yaml = std::string(kChain) + R"(
---
apiVersion: appmesh.k8s.aws/v1beta2
kind: VirtualRouter
metadata: {name: api, namespace: shop}
spec:
  routes:
    - name: split
      httpRoute:
        match: {prefix: /}
        action:
          weightedTargets:
            - {virtualNodeRef: {name: api-v1}, weight: 90}
            - {virtualNodeRef: {name: api-v2}, weight: 10}
        timeout:
          perRequest: {unit: s, value: 60}
          idle: {unit: s, value: 300}
        retryPolicy:
          maxRetries: 3
          perRetryTimeout: {unit: ms, value: 2000}
          httpRetryEvents: [gateway-error, stream-error]
          tcpRetryEvents: [connection-error]
---
apiVersion: appmesh.k8s.aws/v1beta2
kind: GatewayRoute
metadata: {name: api, namespace: shop}
spec:
  httpRoute:
    match: {prefix: /api/}
    action:
      target:
        virtualService:
          virtualServiceRef: {name: api}
      rewrite:
        hostname: {defaultTargetHostname: DISABLED}
)";
  Diagnostics diags;
  const model::Config config = importText(yaml, diags);
  QVERIFY2(diags.empty(), diags.format().c_str());
  dialects::FidelityReport report;
  const auto docs = translate(config, report);
  const yaml::Node* route = findDoc(docs, "HTTPRoute", "api");
  QVERIFY(route);
  const yaml::Node& rule = *at(*route, "spec.rules[0]");
  QCOMPARE(text(rule, "backendRefs[0].weight"), std::string("90"));
  QCOMPARE(text(rule, "backendRefs[1].name"), std::string("api-v2"));
  QCOMPARE(text(rule, "timeouts.request"), std::string("60s"));
  QCOMPARE(text(rule, "timeouts.backendRequest"), std::string("2000ms"));
  QCOMPARE(text(rule, "retry.attempts"), std::string("3"));
  QCOMPARE(at(rule, "retry.codes")->size(), size_t(3));  // 502, 503, 504
  QVERIFY(!at(rule, "filters[0].urlRewrite.hostname"));  // Host is kept
  QCOMPARE(text(rule, "filters[0].urlRewrite.path.replacePrefixMatch"), std::string("/"));
  QVERIFY(hasItem(report, Fidelity::Lost, "GatewayRoute shop/api", "rule split timeout.idle"));
  QVERIFY(hasItem(report, Fidelity::Lost, "", "retryPolicy stream-error"));
  QVERIFY(hasItem(report, Fidelity::Lost, "", "retryPolicy connection-error"));
  QVERIFY(hasItem(report, Fidelity::Approximate, "", "rule split path", "ignores a trailing /"));
}

void TestAppMeshToGatewayApi::meshRouteForVirtualRouter() {
  if (samplesDir().isEmpty()) {
    QSKIP(qPrintable(routedeck::tests::corpusMissingMessage()));
  }
  Diagnostics diags;
  const model::Config config = importAll(
      {samplesDir() + QStringLiteral("/howto-k8s-http-headers/v1beta2/manifest.yaml")}, diags);
  dialects::FidelityReport report;
  const auto docs = translate(config, report);
  const yaml::Node* route = findDoc(docs, "HTTPRoute", "color");
  QVERIFY(route);
  QCOMPARE(text(*route, "spec.parentRefs[0].kind"), std::string("Service"));
  QCOMPARE(text(*route, "spec.parentRefs[0].name"), std::string("color"));
  QCOMPARE(at(*route, "spec.rules")->size(), size_t(5));
  QCOMPARE(text(*route, "spec.rules[0].matches[0].headers[0].name"), std::string("color_header"));
  QCOMPARE(text(*route, "spec.rules[0].backendRefs[0].name"), std::string("color-blue"));
  QVERIFY(!at(*route, "spec.rules[0].filters"));  // in-mesh: no gateway rewrite
  QCOMPARE(text(*route, "spec.rules[4].backendRefs[0].name"), std::string("color-white"));
  QVERIFY(!hasItem(report, Fidelity::Approximate, "", "", "App Mesh priority tries"));
}

void TestAppMeshToGatewayApi::cloudMapTimeoutWalkthrough() {
  if (samplesDir().isEmpty()) {
    QSKIP(qPrintable(routedeck::tests::corpusMissingMessage()));
  }
  Diagnostics diags;
  const model::Config config = importAll(
      {samplesDir() + QStringLiteral("/howto-k8s-timeout-policy/v1beta2/manifest.yaml")}, diags);
  dialects::FidelityReport report;
  const auto docs = translate(config, report);
  // The VirtualService's awsName is a Cloud Map name: the Service is its first label.
  const yaml::Node* route = findDoc(docs, "HTTPRoute", "colorapp");
  QVERIFY(route);
  QCOMPARE(text(*route, "spec.parentRefs[0].name"), std::string("colorapp"));
  QCOMPARE(text(*route, "spec.rules[0].timeouts.request"), std::string("60s"));
  // Both nodes register in Cloud Map service colorapp: one backend, not two.
  QCOMPARE(at(*route, "spec.rules[0].backendRefs")->size(), size_t(1));
  QCOMPARE(text(*route, "spec.rules[0].backendRefs[0].name"), std::string("colorapp"));
  QVERIFY(hasItem(report, Fidelity::Approximate, "VirtualService ${APP_NAMESPACE}/colorapp",
                  "spec.awsName", "not a cluster Service name"));
  QVERIFY(hasItem(report, Fidelity::Approximate, "VirtualService ${APP_NAMESPACE}/colorapp",
                  "route color-route", "Cloud Map discovery"));
  QVERIFY(hasItem(report, Fidelity::Lost, "VirtualNode ${APP_NAMESPACE}/front",
                  "spec.listeners[0].timeout", "inbound"));
}

int runAppMeshToGatewayApiTests(int argc, char** argv) {
  TestAppMeshToGatewayApi t;
  return QTest::qExec(&t, argc, argv);
}

#include "tst_appmesh_to_gatewayapi.moc"
