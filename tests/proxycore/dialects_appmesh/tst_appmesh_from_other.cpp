// Gateway API / Istio → App Mesh: the generated documents read back through
// the App Mesh importer without findings, priorities follow the source order
// and the gateway's default rewrites are switched off.
#include <QTest>

#include "proxycore/dialects/appmesh/appmesh.h"
#include "proxycore/dialects/dialect.h"
#include "proxycore/yaml/yaml_io.h"
#include "tests/proxycore/dialects_appmesh/appmesh_test_util.h"

using namespace routedeck::core;
using namespace routedeck::tests::appmesh;
namespace am = routedeck::core::dialects::appmesh;
using dialects::Fidelity;

namespace {

struct Translated {
  std::vector<yaml::Node> docs;
  dialects::FidelityReport report;
  model::Config back;  // the docs re-imported as App Mesh
  Diagnostics backDiags;
};

Translated translate(const std::string& source) {
  Translated t;
  Diagnostics diags;
  model::Config in;
  for (const auto& d : yaml::loadString(source, "source.yaml", diags)) {
    dialects::importDocument(d, in, diags);
  }
  if (diags.hasErrors()) {
    qWarning("%s", diags.format().c_str());
  }
  am::fromOtherDialects(in, t.docs, t.report);
  const std::string text = yaml::writeDocuments(t.docs);
  if (qEnvironmentVariableIsSet("ROUTEDECK_DUMP")) {
    qInfo("%s\n%s", text.c_str(), t.report.format().c_str());
  }
  t.back = importText(text, t.backDiags, "translated.yaml");
  return t;
}

// The GatewayRoute `name` (a weighted rule's VirtualRouter has the same name).
const model::Route* findRoute(const model::Config& c, const std::string& name) {
  for (const auto& r : c.routes) {
    if (r.kind == model::RouteKind::GatewayRoute && r.meta.name == name) {
      return &r;
    }
  }
  return nullptr;
}

const char* kGatewayApi = R"(
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: edge, namespace: shop}
spec:
  gatewayClassName: any
  listeners:
    - {name: web, port: 80, protocol: HTTP}
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop}
spec:
  selector: {app: api}
  ports: [{port: 8080}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: store, namespace: shop}
spec:
  parentRefs: [{name: edge}]
  hostnames: ["*.example.com"]
  rules:
    - matches: [{path: {type: PathPrefix, value: /api}}]
      backendRefs: [{name: api, port: 8080}]
    - matches:
        - path: {type: Exact, value: /api/v2/status}
          headers: [{name: x-canary, value: "on"}]
      backendRefs:
        - {name: api, port: 8080, weight: 90}
        - {name: api-next, port: 8080, weight: 10}
      timeouts: {request: 10s}
    - matches: [{path: {type: PathPrefix, value: /old}}]
      filters:
        - type: RequestRedirect
          requestRedirect: {path: {type: ReplaceFullPath, replaceFullPath: /new}}
      backendRefs: [{name: api, port: 8080}]
)";

}  // namespace

class TestAppMeshFromOther : public QObject {
  Q_OBJECT

 private slots:
  void gatewayApiReadsBack();
  void priorityFollowsPrecedence();
  void weightedRuleGetsRouter();
  void unsupportedFiltersAreLost();
  void istioOrderBecomesPriority();
};

void TestAppMeshFromOther::gatewayApiReadsBack() {
  Translated t = translate(kGatewayApi);
  QVERIFY2(t.backDiags.empty(), t.backDiags.format().c_str());
  QCOMPARE(t.back.gateways.size(), size_t(1));
  const model::Gateway& vg = t.back.gateways[0];
  QCOMPARE(vg.meta.name, std::string("edge"));
  QCOMPARE(vg.listeners[0].port, 80);
  QCOMPARE(vg.listeners[0].protocol, std::string("HTTP"));
  QCOMPARE(vg.namespaceSelector->matchLabels.at("gateway"), std::string("edge"));
  // Service api: VirtualNode with the Service's selector and DNS name.
  const model::VirtualNode* api = nullptr;
  for (const auto& n : t.back.virtualNodes) {
    api = n.meta.name == "api" ? &n : api;
  }
  QVERIFY(api);
  QCOMPARE(api->podSelector.at("app"), std::string("api"));
  QCOMPARE(*api->dnsHostname, std::string("api.shop.svc.cluster.local"));
  QCOMPARE(api->listeners[0].port, 8080);
  const model::Route* prefix = findRoute(t.back, "store-0");
  QVERIFY(prefix);
  const model::RouteMatch& m = prefix->rules[0].matches[0];
  // PathPrefix /api becomes the exact segment regex, not App Mesh's string prefix.
  QCOMPARE(m.path->type, model::PathMatchType::RegularExpression);
  QCOMPARE(m.path->value, std::string("\\/api(/.*)?"));
  QCOMPARE(m.authority->type, model::StringMatchType::Suffix);
  QCOMPARE(m.authority->value, std::string(".example.com"));
  QCOMPARE(prefix->rules[0].rewrite->appMeshDefaultPrefix, std::optional<bool>(false));
  QCOMPARE(prefix->rules[0].rewrite->appMeshDefaultHostname, std::optional<bool>(false));
  QCOMPARE(prefix->rules[0].backends[0].name, std::string("api"));
}

void TestAppMeshFromOther::priorityFollowsPrecedence() {
  Translated t = translate(kGatewayApi);
  // Exact path first, then the longer prefix (/api is 4 chars, /old 4: rule order).
  QCOMPARE(findRoute(t.back, "store-1")->priority, std::optional<int>(0));
  QCOMPARE(findRoute(t.back, "store-0")->priority, std::optional<int>(1));
  QCOMPARE(findRoute(t.back, "store-2")->priority, std::optional<int>(2));
}

void TestAppMeshFromOther::weightedRuleGetsRouter() {
  Translated t = translate(kGatewayApi);
  const model::Route* gr = findRoute(t.back, "store-1");
  QCOMPARE(gr->rules[0].backends[0].name, std::string("store-1"));
  const model::Route* vr = nullptr;
  for (const auto& r : t.back.routes) {
    vr = r.kind == model::RouteKind::VirtualRouter && r.meta.name == "store-1" ? &r : vr;
  }
  QVERIFY(vr);
  const model::RouteRule& rule = vr->rules[0];
  QCOMPARE(rule.backends.size(), size_t(2));
  QCOMPARE(rule.backends[0].weight, std::optional<int>(90));
  QCOMPARE(rule.backends[1].name, std::string("api-next"));
  QCOMPARE(rule.timeouts.request->millis, 10000LL);
  const yaml::Node* doc = findDoc(t.docs, "VirtualRouter", "store-1");
  QCOMPARE(text(*doc, "spec.listeners[0].portMapping.port"), std::string("8080"));
  QVERIFY(hasItem(t.report, Fidelity::Approximate, "VirtualNode shop/api-next", "podSelector"));
}

void TestAppMeshFromOther::unsupportedFiltersAreLost() {
  Translated t = translate(kGatewayApi);
  QVERIFY(hasItem(t.report, Fidelity::Lost, "HTTPRoute shop/store", "rule 2 redirect"));
  QVERIFY(hasItem(t.report, Fidelity::Approximate, "Mesh", "spec", "no Mesh"));
  QVERIFY(hasItem(t.report, Fidelity::Exact, "HTTPRoute shop/store", "kind", "3 GatewayRoutes"));
}

void TestAppMeshFromOther::istioOrderBecomesPriority() {
  Translated t = translate(R"(
apiVersion: networking.istio.io/v1beta1
kind: Gateway
metadata: {name: ingress, namespace: shop}
spec:
  selector: {istio: ingressgateway}
  servers:
    - port: {number: 80, name: http, protocol: HTTP}
      hosts: ["*"]
---
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata: {name: shop, namespace: shop}
spec:
  hosts: ["*"]
  gateways: [ingress, mesh]
  http:
    - match:
        - uri: {prefix: /api}
          withoutHeaders: {x-debug: {exact: "1"}}
      route: [{destination: {host: api, port: {number: 8080}}}]
      retries: {attempts: 3, perTryTimeout: 2s, retryOn: "5xx,connect-failure"}
    - route: [{destination: {host: web.shop.svc.cluster.local, port: {number: 80}}}]
)");
  QVERIFY2(t.backDiags.empty(), t.backDiags.format().c_str());
  QCOMPARE(t.back.gateways[0].selector.at("istio"), std::string("ingressgateway"));
  const model::Route* first = findRoute(t.back, "shop-0");
  const model::Route* second = findRoute(t.back, "shop-1");
  QVERIFY(first && second);
  QVERIFY(*first->priority < *second->priority);
  const model::RouteMatch& m = first->rules[0].matches[0];
  QCOMPARE(m.path->type, model::PathMatchType::StringPrefix);
  QCOMPARE(m.headers.size(), size_t(1));
  QVERIFY(m.headers[0].invert);
  const model::Route* router = nullptr;
  for (const auto& r : t.back.routes) {
    router = r.kind == model::RouteKind::VirtualRouter ? &r : router;
  }
  QVERIFY(router);
  QCOMPARE(router->rules[0].retry->attempts, std::optional<int>(3));
  QCOMPARE(router->rules[0].retry->retryOn,
           (std::vector<std::string>{"server-error", "connection-error"}));
  QVERIFY(hasItem(t.report, Fidelity::Lost, "VirtualService shop/shop", "gateways", "in-mesh"));
}

int runAppMeshFromOtherTests(int argc, char** argv) {
  TestAppMeshFromOther t;
  return QTest::qExec(&t, argc, argv);
}

#include "tst_appmesh_from_other.moc"
