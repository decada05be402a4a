// Gateway API → Istio: known inputs give the expected VirtualService and
// Gateway fields and fidelity items, and conformance routes keep routing the
// same requests to the same backends under Istio's first-match semantics.
#include <QTest>

#include "proxycore/dialects/gatewayapi/gatewayapi.h"
#include "proxycore/dialects/istio/istio.h"
#include "proxycore/yaml/yaml_io.h"
#include "tests/proxycore/dialects_istio/istio_test_util.h"
#include "tests/support/test_support.h"

using namespace routedeck::core;
using namespace routedeck::tests::istio;
using dialects::Fidelity;

class TestIstioFromGatewayApi : public QObject {
  Q_OBJECT

 private slots:
  void pathPrefixBecomesExactOrPrefix();
  void prefixRewriteKeepsSeparator();
  void precedenceOrdersEntries();
  void weightsBecomePercentages_data();
  void weightsBecomePercentages();
  void redirectDefaults();
  void gatewayListenersBecomeServers();
  void policiesAndMesh();
  void grpcMethodBecomesUri();
  void crossRoutePrecedenceIsApproximate();
  void routeWithoutParentIsNotTranslated();
  void conformanceRouting_data();
  void conformanceRouting();
};

namespace {

struct Translated {
  std::vector<yaml::Node> docs;
  dialects::FidelityReport report;
  model::Config istio;
};

// Translates Gateway API YAML and re-imports the result, which must be clean.
Translated translate(const std::string& yaml) {
  Translated t;
  Diagnostics diags;
  const model::Config in = importText(yaml, diags);
  QTest::qVerify(diags.empty(), "diags.empty()", diags.format().c_str(), __FILE__, __LINE__);
  dialects::istio::fromGatewayApi(in, t.docs, t.report);
  Diagnostics again;
  t.istio = reimport(t.docs, again);
  // Not QVERIFY (this returns a value): records the failure and goes on.
  const std::string why = again.format() + "\n" + yaml::writeDocuments(t.docs);
  QTest::qVerify(again.empty(), "again.empty()", why.c_str(), __FILE__, __LINE__);
  return t;
}

std::string route(const std::string& rules, const std::string& extra = {}) {
  return R"YAML(apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: web, namespace: shop}
spec:
  parentRefs: [{name: gw}]
)YAML" + extra +
         "  rules:\n" + rules;
}

}  // namespace

void TestIstioFromGatewayApi::pathPrefixBecomesExactOrPrefix() {
  const Translated t = translate(route(R"YAML(
  - matches: [{path: {type: PathPrefix, value: /abc}}]
    backendRefs: [{name: abc, port: 80}]
  - matches: [{path: {type: PathPrefix, value: /docs/}}]
    backendRefs: [{name: docs, port: 80}]
  - backendRefs: [{name: root, port: 80}]
)YAML"));
  QCOMPARE(t.docs.size(), size_t(1));
  const yaml::Node& vs = t.docs[0];
  QCOMPARE(text(vs, "kind"), std::string("VirtualService"));
  QCOMPARE(text(vs, "spec.gateways[0]"), std::string("shop/gw"));
  QCOMPARE(text(vs, "spec.hosts[0]"), std::string("*"));
  // Longest prefix first: /docs/ (6), /abc (4), then the catch-all.
  QCOMPARE(text(vs, "spec.http[0].match[0].uri.exact"), std::string("/docs"));
  QCOMPARE(text(vs, "spec.http[0].match[1].uri.prefix"), std::string("/docs/"));
  QCOMPARE(text(vs, "spec.http[1].match[0].uri.exact"), std::string("/abc"));
  QCOMPARE(text(vs, "spec.http[1].match[1].uri.prefix"), std::string("/abc/"));
  QCOMPARE(text(vs, "spec.http[1].route[0].destination.host"), std::string("abc"));
  QVERIFY(!at(vs, "spec.http[2].match"));
  QCOMPARE(text(vs, "spec.http[2].route[0].destination.host"), std::string("root"));
  QCOMPARE(t.report.count(Fidelity::Lost), 0);

  const model::Route& r = t.istio.routes.at(0);
  routedeck::tests::istio::Request req;
  for (const auto& [path, rule] : std::vector<std::pair<std::string, int>>{
           {"/abc", 1}, {"/abc/x", 1}, {"/abcd", 2}, {"/docs", 0}, {"/docsy", 2}, {"/", 2}}) {
    req.path = path;
    QCOMPARE(firstMatch(r, req), rule);
  }
}

void TestIstioFromGatewayApi::prefixRewriteKeepsSeparator() {
  const Translated t = translate(route(R"YAML(
  - matches: [{path: {type: PathPrefix, value: /api}}]
    filters:
    - type: URLRewrite
      urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /v2}}
    backendRefs: [{name: api, port: 80}]
  - matches: [{path: {type: PathPrefix, value: /full}}]
    filters:
    - type: URLRewrite
      urlRewrite: {hostname: internal, path: {type: ReplaceFullPath, replaceFullPath: /index.html}}
    backendRefs: [{name: web, port: 80}]
)YAML"));
  const yaml::Node& vs = t.docs.at(0);
  // Istio replaces the literal matched prefix: "/api/x" must become "/v2/x".
  QCOMPARE(text(vs, "spec.http[0].match[0].uri.exact"), std::string("/full"));
  QCOMPARE(text(vs, "spec.http[0].rewrite.uriRegexRewrite.match"), std::string("/.*"));
  QCOMPARE(text(vs, "spec.http[0].rewrite.uriRegexRewrite.rewrite"), std::string("/index.html"));
  QCOMPARE(text(vs, "spec.http[0].rewrite.authority"), std::string("internal"));
  QCOMPARE(text(vs, "spec.http[1].match[0].uri.exact"), std::string("/api"));
  QCOMPARE(text(vs, "spec.http[1].rewrite.uri"), std::string("/v2"));
  QCOMPARE(text(vs, "spec.http[2].match[0].uri.prefix"), std::string("/api/"));
  QCOMPARE(text(vs, "spec.http[2].rewrite.uri"), std::string("/v2/"));
  QCOMPARE(at(vs, "spec.http")->size(), size_t(3));
}

void TestIstioFromGatewayApi::precedenceOrdersEntries() {
  // Listed least specific first; Istio must still see the most specific first.
  const Translated t = translate(route(R"YAML(
  - matches:
    - headers: [{name: x-a, value: "1"}]
    - path: {type: Exact, value: /exact}
    backendRefs: [{name: one, port: 80}]
  - matches:
    - method: POST
      headers: [{name: x-a, value: "1"}, {name: x-b, value: "2"}]
    backendRefs: [{name: two, port: 80}]
  - matches:
    - path: {type: RegularExpression, value: "/re/[0-9]+"}
    backendRefs: [{name: three, port: 80}]
)YAML"));
  const yaml::Node& vs = t.docs.at(0);
  QCOMPARE(text(vs, "spec.http[0].match[0].uri.exact"), std::string("/exact"));
  QCOMPARE(text(vs, "spec.http[1].match[0].method.exact"), std::string("POST"));
  QCOMPARE(text(vs, "spec.http[2].match[0].headers.x-a.exact"), std::string("1"));
  QCOMPARE(text(vs, "spec.http[3].match[0].uri.regex"), std::string("/re/[0-9]+"));
  QVERIFY(hasItem(t.report, Fidelity::Approximate, "HTTPRoute shop/web", "rules[2].matches.path",
                  "RegularExpression"));
}

void TestIstioFromGatewayApi::weightsBecomePercentages_data() {
  QTest::addColumn<QString>("weights");
  QTest::addColumn<QString>("expected");
  QTest::addColumn<bool>("approximate");
  QTest::newRow("even") << "1,1" << "50,50" << false;
  QTest::newRow("thirds") << "1,2" << "33,67" << true;
  QTest::newRow("already percent") << "90,10" << "90,10" << false;
  QTest::newRow("three way") << "1,1,1" << "34,33,33" << true;
  QTest::newRow("zero share") << "0,3" << "0,100" << false;
  QTest::newRow("single") << "7" << "-" << false;
  QTest::newRow("all zero") << "0,0" << "500" << false;
}

void TestIstioFromGatewayApi::weightsBecomePercentages() {
  QFETCH(QString, weights);
  QFETCH(QString, expected);
  QFETCH(bool, approximate);
  std::string backends;
  const QStringList ws = weights.split(QLatin1Char(','));
  for (int i = 0; i < ws.size(); ++i) {
    backends += "    - {name: b" + std::to_string(i) + ", port: 80, weight: " + ws[i].toStdString() +
                "}\n";
  }
  const Translated t = translate(route("  - backendRefs:\n" + backends));
  const yaml::Node& vs = t.docs.at(0);
  if (expected == QLatin1String("500")) {
    QCOMPARE(text(vs, "spec.http[0].directResponse.status"), std::string("500"));
    QVERIFY(!at(vs, "spec.http[0].route"));
  } else if (expected == QLatin1String("-")) {
    QVERIFY(!at(vs, "spec.http[0].route[0].weight"));
  } else {
    QStringList got;
    for (size_t i = 0; i < at(vs, "spec.http[0].route")->size(); ++i) {
      got << QString::fromStdString(text(vs, "spec.http[0].route[" + std::to_string(i) + "].weight"));
    }
    QCOMPARE(got.join(QLatin1Char(',')), expected);
  }
  QCOMPARE(hasItem(t.report, Fidelity::Approximate, "HTTPRoute shop/web", "backendRefs.weight"),
           approximate);
}

void TestIstioFromGatewayApi::redirectDefaults() {
  const Translated t = translate(route(R"YAML(
  - matches: [{path: {type: Exact, value: /old}}]
    filters:
    - type: RequestRedirect
      requestRedirect: {scheme: https}
  - matches: [{path: {type: PathPrefix, value: /moved}}]
    filters:
    - type: RequestRedirect
      requestRedirect: {hostname: new.example.com, port: 8443, statusCode: 301,
                        path: {type: ReplacePrefixMatch, replacePrefixMatch: /now}}
  - matches: [{path: {type: Exact, value: /nothing}}]
)YAML"));
  const yaml::Node& vs = t.docs.at(0);
  QCOMPARE(text(vs, "spec.http[0].match[0].uri.exact"), std::string("/nothing"));
  QCOMPARE(text(vs, "spec.http[0].directResponse.status"), std::string("500"));
  QCOMPARE(text(vs, "spec.http[1].redirect.scheme"), std::string("https"));
  // Gateway API's default code is 302, Istio's 301: spelled out.
  QCOMPARE(text(vs, "spec.http[1].redirect.redirectCode"), std::string("302"));
  QCOMPARE(text(vs, "spec.http[1].redirect.derivePort"), std::string("FROM_PROTOCOL_DEFAULT"));
  QCOMPARE(text(vs, "spec.http[2].redirect.prefixRewrite"), std::string("/now"));
  QCOMPARE(text(vs, "spec.http[3].redirect.prefixRewrite"), std::string("/now/"));
  QCOMPARE(text(vs, "spec.http[3].redirect.authority"), std::string("new.example.com"));
  QCOMPARE(text(vs, "spec.http[3].redirect.port"), std::string("8443"));
  QVERIFY(!at(vs, "spec.http[3].redirect.derivePort"));
}

void TestIstioFromGatewayApi::gatewayListenersBecomeServers() {
  const Translated t = translate(R"YAML(
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: shop}
spec:
  gatewayClassName: eg
  listeners:
  - name: http
    port: 80
    protocol: HTTP
  - name: https
    port: 443
    protocol: HTTPS
    hostname: shop.example.com
    allowedRoutes: {namespaces: {from: All}}
    tls:
      certificateRefs: [{name: shop-cert}, {name: spare-cert}]
  - name: dns
    port: 53
    protocol: UDP
)YAML");
  QCOMPARE(t.docs.size(), size_t(1));
  const yaml::Node& gw = t.docs[0];
  QCOMPARE(text(gw, "kind"), std::string("Gateway"));
  QCOMPARE(text(gw, "apiVersion"), std::string("networking.istio.io/v1"));
  QCOMPARE(text(gw, "spec.selector.istio"), std::string("ingressgateway"));
  QCOMPARE(text(gw, "spec.servers[0].port.name"), std::string("http"));
  QCOMPARE(text(gw, "spec.servers[0].port.protocol"), std::string("HTTP"));
  // Same-namespace routes only, like Gateway API's default.
  QCOMPARE(text(gw, "spec.servers[0].hosts[0]"), std::string("./*"));
  QCOMPARE(text(gw, "spec.servers[1].hosts[0]"), std::string("shop.example.com"));
  QCOMPARE(text(gw, "spec.servers[1].tls.mode"), std::string("SIMPLE"));
  QCOMPARE(text(gw, "spec.servers[1].tls.credentialName"), std::string("shop-cert"));
  QCOMPARE(at(gw, "spec.servers")->size(), size_t(2));
  QVERIFY(hasItem(t.report, Fidelity::Lost, "Gateway shop/gw", "listeners[2]", "UDP"));
  QVERIFY(hasItem(t.report, Fidelity::Approximate, "Gateway shop/gw", "listeners[1].tls",
                  "only the first certificate"));
  QVERIFY(hasItem(t.report, Fidelity::Approximate, "Gateway shop/gw", "gatewayClassName", "eg"));
}

void TestIstioFromGatewayApi::policiesAndMesh() {
  const Translated t = translate(R"YAML(
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: reviews, namespace: shop}
spec:
  parentRefs: [{group: "", kind: Service, name: reviews, port: 9080}]
  rules:
  - timeouts: {request: 10s, backendRequest: 2s}
    retry: {attempts: 3, codes: [503], backoff: 100ms}
    filters:
    - type: RequestHeaderModifier
      requestHeaderModifier: {set: [{name: x-a, value: "1"}], remove: [x-b]}
    - type: RequestMirror
      requestMirror:
        backendRef: {name: shadow, namespace: test, port: 80}
        fraction: {numerator: 1, denominator: 8}
    - type: CORS
      cors:
        allowOrigins: ["https://shop.example.com", "https://*.example.org"]
        maxAge: 10
    backendRefs:
    - name: reviews-v2
      port: 9080
)YAML");
  const yaml::Node& vs = t.docs.at(0);
  QCOMPARE(text(vs, "spec.hosts[0]"), std::string("reviews.shop.svc.cluster.local"));
  QCOMPARE(text(vs, "spec.gateways[0]"), std::string("mesh"));
  QCOMPARE(text(vs, "spec.http[0].timeout"), std::string("10s"));
  QCOMPARE(text(vs, "spec.http[0].retries.attempts"), std::string("3"));
  QCOMPARE(text(vs, "spec.http[0].retries.perTryTimeout"), std::string("2s"));
  QCOMPARE(text(vs, "spec.http[0].retries.backoff"), std::string("100ms"));
  QCOMPARE(text(vs, "spec.http[0].retries.retryOn"),
           std::string("connect-failure,refused-stream,reset,503"));
  QCOMPARE(text(vs, "spec.http[0].headers.request.set.x-a"), std::string("1"));
  QCOMPARE(text(vs, "spec.http[0].headers.request.remove[0]"), std::string("x-b"));
  QCOMPARE(text(vs, "spec.http[0].mirror.host"), std::string("shadow.test.svc.cluster.local"));
  QCOMPARE(text(vs, "spec.http[0].mirrorPercentage.value"), std::string("12.5"));
  QCOMPARE(text(vs, "spec.http[0].corsPolicy.allowOrigins[0].exact"),
           std::string("https://shop.example.com"));
  QCOMPARE(text(vs, "spec.http[0].corsPolicy.allowOrigins[1].regex"),
           std::string("https://.*\\.example\\.org"));
  QCOMPARE(text(vs, "spec.http[0].corsPolicy.maxAge"), std::string("10s"));
  QVERIFY(hasItem(t.report, Fidelity::Approximate, "HTTPRoute shop/reviews", "parentRefs[0].port"));
}

void TestIstioFromGatewayApi::grpcMethodBecomesUri() {
  const Translated t = translate(R"YAML(
apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata: {name: echo}
spec:
  parentRefs: [{name: gw}]
  rules:
  - matches: [{method: {service: pkg.Echo}}]
    backendRefs: [{name: echo, port: 50051}]
  - matches: [{method: {service: pkg.Echo, method: Ping}}]
    backendRefs: [{name: ping, port: 50051}]
  - matches: [{method: {method: Health}}]
    backendRefs: [{name: health, port: 50051}]
)YAML");
  const yaml::Node& vs = t.docs.at(0);
  QCOMPARE(text(vs, "spec.http[0].match[0].uri.exact"), std::string("/pkg.Echo/Ping"));
  QCOMPARE(text(vs, "spec.http[1].match[0].uri.prefix"), std::string("/pkg.Echo/"));
  QCOMPARE(text(vs, "spec.http[2].match[0].uri.regex"), std::string("/[^/]+/Health"));
}

void TestIstioFromGatewayApi::crossRoutePrecedenceIsApproximate() {
  const QString dir = routedeck::tests::corpusDir();
  if (dir.isEmpty()) {
    QSKIP(qPrintable(routedeck::tests::corpusMissingMessage()));
  }
  Diagnostics diags;
  const auto docs =
      yaml::loadFile((dir + "/gateway-api-conformance/HTTPRouteMatchingAcrossRoutes.yaml").toStdString(),
                     diags);
  QCOMPARE(docs.size(), size_t(1));
  std::string manifests;
  for (const auto& m : at(docs[0].root, "manifests")->items()) {
    manifests += "---\n" + yaml::write(m);
  }
  const Translated t = translate(manifests);
  QCOMPARE(t.docs.size(), size_t(2));
  QVERIFY(hasItem(t.report, Fidelity::Approximate, "HTTPRoute gateway-conformance-infra/matching-part2",
                  "precedence", "matching-part1"));
}

void TestIstioFromGatewayApi::routeWithoutParentIsNotTranslated() {
  const Translated t = translate(R"YAML(
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: orphan, namespace: shop}
spec:
  parentRefs: [{group: example.com, kind: Proxy, name: p}]
  rules:
  - backendRefs: [{name: web, port: 80}]
)YAML");
  // A VirtualService without gateways would bind every sidecar in the mesh.
  QVERIFY(t.docs.empty());
  QVERIFY(hasItem(t.report, Fidelity::Lost, "HTTPRoute shop/orphan", "parentRefs[0]", "Proxy"));
  QVERIFY(hasItem(t.report, Fidelity::Lost, "HTTPRoute shop/orphan", "parentRefs",
                  "whole mesh"));
}

void TestIstioFromGatewayApi::conformanceRouting_data() {
  QTest::addColumn<QString>("file");
  const QString dir = routedeck::tests::corpusDir();
  if (dir.isEmpty()) {
    QTest::newRow("no-corpus") << QString();
    return;
  }
  for (const char* name : {"HTTPRoutePathMatchOrder", "HTTPRouteMatching", "HTTPRouteHeaderMatching",
                           "HTTPRouteMethodMatching", "HTTPRouteQueryParamMatching",
                           "HTTPRouteExactPathMatching", "HTTPRouteSimpleSameNamespace"}) {
    QTest::newRow(name) << dir + "/gateway-api-conformance/" + name + ".yaml";
  }
}

void TestIstioFromGatewayApi::conformanceRouting() {
  QFETCH(QString, file);
  if (file.isEmpty()) {
    QSKIP(qPrintable(routedeck::tests::corpusMissingMessage()));
  }
  Diagnostics diags;
  const auto docs = yaml::loadFile(file.toStdString(), diags);
  QVERIFY2(diags.empty() && docs.size() == 1, diags.format().c_str());
  std::string manifests;
  for (const auto& m : at(docs[0].root, "manifests")->items()) {
    manifests += "---\n" + yaml::write(m);
  }
  const Translated t = translate(manifests);
  QCOMPARE(t.istio.routes.size(), size_t(1));
  QCOMPARE(t.report.count(Fidelity::Lost), 0);
  const model::Route& vs = t.istio.routes[0];
  int checked = 0;
  for (const auto& c : at(docs[0].root, "cases")->items()) {
    const routedeck::tests::istio::Request req = parseRequest(*at(c, "request"));
    const int rule = firstMatch(vs, req);
    const std::string status = text(c, "expect.status");
    const std::string got =
        rule < 0 ? "404" : vs.rules[rule].backends.empty() ? "no backend" : vs.rules[rule].backends[0].name;
    const std::string want = status == "200" ? text(c, "expect.backend") : status;
    QVERIFY2(got == want, (req.method + " " + req.path + ": got " + got + ", want " + want + "\n" +
                           yaml::writeDocuments(t.docs))
                              .c_str());
    ++checked;
  }
  QVERIFY(checked > 0);
}

int runIstioFromGatewayApiTests(int argc, char** argv) {
  TestIstioFromGatewayApi t;
  return QTest::qExec(&t, argc, argv);
}

#include "tst_istio_from_gatewayapi.moc"
