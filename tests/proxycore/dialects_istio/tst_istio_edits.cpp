// Export after edits: changed fields are written, everything RouteDeck does
// not model stays where it was (list elements pair with their originals by
// origin index, subsets by name), and objects built in code get fresh
// documents.
#include <QTest>

#include "proxycore/dialects/istio/istio.h"
#include "proxycore/yaml/yaml_io.h"
#include "tests/proxycore/dialects_istio/istio_test_util.h"

using namespace routedeck::core;
using namespace routedeck::tests::istio;

class TestIstioEdits : public QObject {
  Q_OBJECT

 private slots:
  void editKeepsUnknownFields();
  void editsOfModelledFields();
  void freshObjectsExportAsNewDocuments();
};

void TestIstioEdits::editKeepsUnknownFields() {
  Diagnostics diags;
  model::Config config = importText(R"YAML(
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: api, namespace: prod}
spec:
  hosts: [api]
  http:
  - name: canary
    match:
    - uri: {prefix: /api}
      sourceLabels: {app: web}
    - uri: {prefix: /old-api}
      statPrefix: old
    route:
    - destination: {host: api, subset: v1}
      weight: 90
      x-note: keep
    - destination: {host: api, subset: v2}
      weight: 10
    retries: {attempts: 2, retryRemoteLocalities: true}
  tcp:
  - route: [{destination: {host: api-tcp}}]
)YAML", diags);
  QVERIFY2(diags.empty(), diags.format().c_str());
  model::Route& vs = config.routes.at(0);
  model::RouteRule& canary = vs.rules.at(0);
  canary.backends[0].weight = 80;
  canary.backends[1].weight = 20;
  canary.matches.erase(canary.matches.begin());
  model::RouteRule added;
  added.matches.push_back({});
  added.matches[0].path = model::PathMatch{model::PathMatchType::StringPrefix, "/new"};
  added.backends.push_back({});
  added.backends[0].name = "api-next";
  vs.rules.insert(vs.rules.begin(), added);

  std::vector<yaml::Node> out;
  dialects::istio::exportOwn(config, out);
  QCOMPARE(out.size(), size_t(1));
  const yaml::Node& doc = out[0];
  QCOMPARE(text(doc, "spec.http[0].match[0].uri.prefix"), std::string("/new"));
  QCOMPARE(text(doc, "spec.http[0].route[0].destination.host"), std::string("api-next"));
  QVERIFY(!at(doc, "spec.http[0].retries"));
  QCOMPARE(text(doc, "spec.http[1].name"), std::string("canary"));
  QCOMPARE(at(doc, "spec.http[1].match")->size(), size_t(1));
  QCOMPARE(text(doc, "spec.http[1].match[0].uri.prefix"), std::string("/old-api"));
  QCOMPARE(text(doc, "spec.http[1].match[0].statPrefix"), std::string("old"));
  QVERIFY(!at(doc, "spec.http[1].match[0].sourceLabels"));
  QCOMPARE(text(doc, "spec.http[1].route[0].weight"), std::string("80"));
  QCOMPARE(text(doc, "spec.http[1].route[0].x-note"), std::string("keep"));
  QCOMPARE(text(doc, "spec.http[1].route[1].weight"), std::string("20"));
  QCOMPARE(text(doc, "spec.http[1].retries.retryRemoteLocalities"), std::string("true"));
  QCOMPARE(text(doc, "spec.tcp[0].route[0].destination.host"), std::string("api-tcp"));

  Diagnostics again;
  const model::Config second = reimport(out, again);
  QVERIFY2(again.empty(), again.format().c_str());
  QVERIFY(second == config);
}

void TestIstioEdits::editsOfModelledFields() {
  Diagnostics diags;
  model::Config config = importText(R"YAML(
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 443, name: web, protocol: https, targetPort: 8443}
    hosts: ["*"]
    tls: {mode: SIMPLE, credentialName: cert}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: vs}
spec:
  hosts: [vs]
  http:
  - match: [{headers: {x-env: {exact: dev}}}]
    route: [{destination: {host: vs}}]
    timeout: 10s
    retries: {attempts: 3, retryOn: "connect-failure, 503"}
    fault: {abort: {httpStatus: 500, percentage: {value: 1}}}
    headers: {request: {set: {x-a: "1", x-b: "2"}}}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: dr}
spec:
  host: vs
  subsets:
  - name: v1
    labels: {version: v1}
  - name: v2
    labels: {version: v2}
    trafficPolicy: {loadBalancer: {simple: RANDOM}}
)YAML", diags);
  QVERIFY2(diags.empty(), diags.format().c_str());
  model::Listener& l = config.gateways.at(0).listeners.at(0);
  l.protocol = "HTTP";
  l.port = 80;
  l.tls.reset();
  model::RouteRule& rule = config.routes.at(0).rules.at(0);
  rule.timeouts.request = model::Duration::fromMillis(15000);
  rule.retry->statusCodes.push_back(502);
  rule.fault.reset();
  rule.requestHeaders.set[1].value = "3";
  rule.matches[0].headers[0].match = {model::StringMatchType::Prefix, "de"};
  config.destinationRules.at(0).subsets.erase(config.destinationRules.at(0).subsets.begin());

  std::vector<yaml::Node> out;
  dialects::istio::exportOwn(config, out);
  QCOMPARE(out.size(), size_t(3));
  QCOMPARE(text(out[0], "spec.servers[0].port.protocol"), std::string("HTTP"));
  QCOMPARE(text(out[0], "spec.servers[0].port.number"), std::string("80"));
  QCOMPARE(text(out[0], "spec.servers[0].port.targetPort"), std::string("8443"));
  QVERIFY(!at(out[0], "spec.servers[0].tls"));
  QCOMPARE(text(out[1], "spec.http[0].timeout"), std::string("15s"));
  QCOMPARE(text(out[1], "spec.http[0].retries.retryOn"), std::string("connect-failure,503,502"));
  QVERIFY(!at(out[1], "spec.http[0].fault"));
  QCOMPARE(text(out[1], "spec.http[0].headers.request.set.x-a"), std::string("1"));
  QCOMPARE(text(out[1], "spec.http[0].headers.request.set.x-b"), std::string("3"));
  QCOMPARE(text(out[1], "spec.http[0].match[0].headers.x-env.prefix"), std::string("de"));
  QVERIFY(!at(out[1], "spec.http[0].match[0].headers.x-env.exact"));
  QCOMPARE(at(out[2], "spec.subsets")->size(), size_t(1));
  QCOMPARE(text(out[2], "spec.subsets[0].name"), std::string("v2"));
  // Paired by name, so v2 keeps its own policy although its index moved.
  QCOMPARE(text(out[2], "spec.subsets[0].trafficPolicy.loadBalancer.simple"), std::string("RANDOM"));

  Diagnostics again;
  const model::Config second = reimport(out, again);
  QVERIFY2(again.empty(), again.format().c_str());
  QVERIFY(second == config);
}

namespace {

// Objects as an editor would build them: no provenance, no origins.
model::Gateway freshGateway() {
  model::Gateway g;
  g.dialect = model::Dialect::Istio;
  g.meta.name = "edge";
  g.meta.ns = "istio-system";
  g.selector = {{"istio", "ingressgateway"}};
  model::Listener https;
  https.name = "https";
  https.port = 443;
  https.protocol = "HTTPS";
  https.hostnames = {"shop.example.com"};
  https.tls = model::TlsSettings{};
  https.tls->mode = "SIMPLE";
  https.tls->credentialName = "shop-cert";
  https.tls->mode = "MUTUAL";
  https.tls->subjectAltNames = {"spiffe://cluster.local/ns/shop/sa/web"};
  model::Listener plain;
  plain.port = 80;
  plain.protocol = "HTTP";
  g.listeners = {https, plain};
  return g;
}

model::Route freshVirtualService() {
  model::Route vs;
  vs.dialect = model::Dialect::Istio;
  vs.kind = model::RouteKind::VirtualService;
  vs.meta.name = "shop";
  vs.hostnames = {"shop.example.com"};
  model::ParentRef parent;
  parent.name = "edge";
  parent.ns = "istio-system";
  vs.parents = {parent};
  model::RouteRule rule;
  model::RouteMatch m;
  m.path = model::PathMatch{model::PathMatchType::Exact, "/cart"};
  m.method = "POST";
  m.headers.push_back({":method", {model::StringMatchType::Prefix, "P"}, false});
  m.headers.push_back({"x-debug", {model::StringMatchType::Present, ""}, true});
  rule.matches.push_back(m);
  model::BackendRef b;
  b.name = "cart";
  b.ns = "shop";
  b.port = 8080;
  b.weight = 100;
  rule.backends.push_back(b);
  rule.timeouts.request = model::Duration::fromMillis(2500);
  model::Mirror mirror;
  mirror.backend.name = "shadow";
  mirror.percent = 5;
  rule.mirrors.push_back(mirror);
  vs.rules.push_back(rule);
  return vs;
}

}  // namespace

void TestIstioEdits::freshObjectsExportAsNewDocuments() {
  model::Config config;
  config.gateways.push_back(freshGateway());
  config.routes.push_back(freshVirtualService());
  const model::Listener& https = config.gateways[0].listeners[0];
  const model::Route& vs = config.routes[0];
  model::DestinationRule dr;
  dr.meta.name = "cart";
  dr.host = "cart";
  dr.subsets = {{"v1", {{"version", "v1"}}}};
  config.destinationRules.push_back(dr);

  std::vector<yaml::Node> out;
  dialects::istio::exportOwn(config, out);
  QCOMPARE(out.size(), size_t(3));
  QCOMPARE(text(out[0], "apiVersion"), std::string("networking.istio.io/v1"));
  QCOMPARE(text(out[0], "kind"), std::string("Gateway"));
  QCOMPARE(text(out[0], "spec.servers[0].tls.credentialName"), std::string("shop-cert"));
  QCOMPARE(text(out[0], "spec.servers[0].tls.subjectAltNames[0]"), std::string("spiffe://cluster.local/ns/shop/sa/web"));
  // port.name is required and hosts too: generated for the bare listener.
  QCOMPARE(text(out[0], "spec.servers[1].port.name"), std::string("http-80"));
  QCOMPARE(text(out[0], "spec.servers[1].hosts[0]"), std::string("*"));
  QCOMPARE(text(out[1], "kind"), std::string("VirtualService"));
  QCOMPARE(text(out[1], "spec.gateways[0]"), std::string("istio-system/edge"));
  QCOMPARE(text(out[1], "spec.http[0].match[0].uri.exact"), std::string("/cart"));
  QCOMPARE(text(out[1], "spec.http[0].match[0].method.exact"), std::string("POST"));
  // With an exact method, a :method header match stays a header match.
  QCOMPARE(text(out[1], "spec.http[0].match[0].headers.:method.prefix"), std::string("P"));
  QVERIFY(at(out[1], "spec.http[0].match[0].withoutHeaders.x-debug"));
  QCOMPARE(text(out[1], "spec.http[0].route[0].destination.host"),
           std::string("cart.shop.svc.cluster.local"));
  QCOMPARE(text(out[1], "spec.http[0].timeout"), std::string("2500ms"));
  QCOMPARE(text(out[1], "spec.http[0].mirror.host"), std::string("shadow"));
  QCOMPARE(text(out[1], "spec.http[0].mirrorPercentage.value"), std::string("5"));
  QCOMPARE(text(out[2], "spec.subsets[0].labels.version"), std::string("v1"));

  Diagnostics diags;
  const model::Config back = reimport(out, diags);
  QVERIFY2(diags.empty(), diags.format().c_str());
  QCOMPARE(back.destinationRules.size(), size_t(1));
  QVERIFY(back.destinationRules[0].subsets == dr.subsets);
  QCOMPARE(back.routes.size(), size_t(1));
  QVERIFY(back.routes[0].rules[0].matches == vs.rules[0].matches);
  QVERIFY(back.routes[0].rules[0].mirrors == vs.rules[0].mirrors);
  QCOMPARE(back.routes[0].rules[0].backends[0].name, std::string("cart.shop.svc.cluster.local"));
  QVERIFY(back.gateways.at(0).listeners.at(0) == https);
}

int runIstioEditTests(int argc, char** argv) {
  TestIstioEdits t;
  return QTest::qExec(&t, argc, argv);
}

#include "tst_istio_edits.moc"
