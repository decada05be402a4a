// Gateway API import and export: fields land in the model, edits are written
// back without losing what RouteDeck does not model.
#include <QTest>

#include "proxycore/dialects/dialect.h"
#include "proxycore/yaml/yaml_io.h"

using namespace routedeck::core;
using yaml::Node;

namespace {

const char* kRoute = R"(apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: shop
  namespace: demo
  annotations: {team: payments}
spec:
  parentRefs:
  - name: edge
    sectionName: http
  hostnames: [shop.example.com]
  rules:
  - name: canary
    matches:
    - path: {type: PathPrefix, value: /api}
      headers:
      - {name: x-version, value: v2}
      queryParams:
      - {type: RegularExpression, name: q, value: "a.*"}
      method: POST
    filters:
    - type: ExtensionRef
      extensionRef: {group: example.com, kind: Plugin, name: p}
    - type: RequestHeaderModifier
      requestHeaderModifier:
        set: [{name: x-a, value: "1"}]
        remove: [x-b]
    - type: URLRewrite
      urlRewrite:
        path: {type: ReplacePrefixMatch, replacePrefixMatch: /v2}
    backendRefs:
    - name: shop-v1
      port: 8080
      weight: 90
      futureField: kept
    - name: shop-v2
      port: 8080
      weight: 10
    timeouts: {request: 10s, backendRequest: 2s}
    sessionPersistence: {sessionName: s}
)";

model::Config importText(const std::string& text, Diagnostics& diags) {
  model::Config config;
  for (const auto& d : yaml::loadString(text, "route.yaml", diags)) {
    dialects::importDocument(d, config, diags);
  }
  return config;
}

}  // namespace

class TestGatewayApiDialect : public QObject {
  Q_OBJECT

 private slots:
  void importsEveryModelledField() {
    Diagnostics diags;
    auto config = importText(kRoute, diags);
    QVERIFY2(!diags.hasErrors(), diags.format().c_str());
    QCOMPARE(config.routes.size(), size_t(1));
    const auto& r = config.routes[0];
    QCOMPARE(r.kind, model::RouteKind::HTTPRoute);
    QCOMPARE(r.parents.at(0).sectionName.value_or(""), std::string("http"));
    QCOMPARE(r.hostnames.at(0), std::string("shop.example.com"));
    const auto& rule = r.rules.at(0);
    QCOMPARE(rule.name.value_or(""), std::string("canary"));
    const auto& m = rule.matches.at(0);
    QCOMPARE(m.path->type, model::PathMatchType::PathPrefix);
    QCOMPARE(m.headers.at(0).match.value, std::string("v2"));
    QCOMPARE(m.queryParams.at(0).match.type, model::StringMatchType::RegularExpression);
    QCOMPARE(m.method.value_or(""), std::string("POST"));
    QCOMPARE(rule.requestHeaders.set.at(0).value, std::string("1"));
    QCOMPARE(rule.requestHeaders.remove.at(0), std::string("x-b"));
    QCOMPARE(rule.rewrite->path->type, model::PathModifierType::ReplacePrefixMatch);
    QCOMPARE(rule.backends.at(1).weight.value_or(0), 10);
    QCOMPARE(rule.timeouts.request->millis, 10000LL);
    QCOMPARE(rule.timeouts.backendRequest->millis, 2000LL);
  }

  void editKeepsUnmodelledFields() {
    Diagnostics diags;
    auto config = importText(kRoute, diags);
    auto& rule = config.routes[0].rules[0];
    // Drag the canary slider: 50/50, and drop the header modifier.
    rule.backends[0].weight = 50;
    rule.backends[1].weight = 50;
    rule.requestHeaders = {};
    auto out = dialects::exportNative(config);
    QCOMPARE(out.size(), size_t(1));
    const Node* r = out[0].find("spec")->find("rules");
    const Node& exported = r->items()[0];
    QCOMPARE(exported.find("backendRefs")->items()[0].find("weight")->text(), std::string("50"));
    QCOMPARE(exported.find("backendRefs")->items()[0].find("futureField")->text(), std::string("kept"));
    QVERIFY(exported.find("sessionPersistence"));
    const Node* filters = exported.find("filters");
    QCOMPARE(filters->size(), size_t(2));  // ExtensionRef kept, URLRewrite kept, modifier gone
    QCOMPARE(filters->items()[0].find("type")->text(), std::string("ExtensionRef"));
    QCOMPARE(filters->items()[1].find("type")->text(), std::string("URLRewrite"));
    QCOMPARE(out[0].find("metadata")->find("annotations")->find("team")->text(), std::string("payments"));
    // And it reads back as the edited model.
    Diagnostics again;
    auto reread = importText(yaml::writeDocuments(out), again);
    QVERIFY(reread.routes[0] == config.routes[0]);
  }

  void removedRuleAndReorderedRulesKeepTheirOwnFields() {
    Diagnostics diags;
    auto config = importText(std::string(kRoute) +
                                 "  - name: second\n    backendRefs: [{name: b, port: 1}]\n    extra: x\n",
                             diags);
    auto& rules = config.routes[0].rules;
    std::swap(rules[0], rules[1]);
    auto out = dialects::exportNative(config);
    const Node* r = out[0].find("spec")->find("rules");
    QCOMPARE(r->items()[0].find("name")->text(), std::string("second"));
    QCOMPARE(r->items()[0].find("extra")->text(), std::string("x"));
    QVERIFY(r->items()[1].find("sessionPersistence"));
  }

  void newObjectExportsWithoutProvenance() {
    model::Config config;
    model::Route route;
    route.meta.apiVersion = "gateway.networking.k8s.io/v1";
    route.meta.kind = "HTTPRoute";
    route.meta.name = "new";
    route.meta.ns = "demo";
    route.parents.push_back({"", "", "edge", "", std::nullopt, std::nullopt});
    model::RouteRule rule;
    rule.matches.push_back({});
    rule.matches[0].path = model::PathMatch{model::PathMatchType::Exact, "/x"};
    model::BackendRef b;
    b.name = "svc";
    b.port = 80;
    rule.backends.push_back(b);
    route.rules.push_back(rule);
    config.routes.push_back(route);
    const std::string text = yaml::writeDocuments(dialects::exportNative(config));
    QVERIFY2(text.find("type: Exact") != std::string::npos, text.c_str());
    Diagnostics diags;
    auto reread = importText(text, diags);
    QVERIFY2(!diags.hasErrors(), diags.format().c_str());
    QVERIFY(reread.routes.at(0) == route);
  }
};

QTEST_GUILESS_MAIN(TestGatewayApiDialect)
#include "tst_gatewayapi_dialect.moc"
