// Istio → Gateway API: expected HTTPRoute / Gateway fields, and a fidelity
// item for every compromise (fault and subsets lost, string prefixes and
// first-match order approximate), none where the translation is exact.
#include <QTest>

#include "proxycore/dialects/gatewayapi/gatewayapi.h"
#include "proxycore/dialects/istio/istio.h"
#include "proxycore/yaml/yaml_io.h"
#include "tests/proxycore/dialects_istio/istio_test_util.h"
#include "tests/support/test_support.h"

using namespace routedeck::core;
using namespace routedeck::tests::istio;
using dialects::Fidelity;

class TestIstioToGatewayApi : public QObject {
  Q_OBJECT

 private slots:
  void faultIsLost();
  void subsetIsLostWithAdvice();
  void stringPrefixFidelity_data();
  void stringPrefixFidelity();
  void firstMatchOrder_data();
  void firstMatchOrder();
  void shadowedMatchesAreDropped();
  void gatewayServersBecomeListeners();
  void meshBecomesGamma();
  void retriesAndRewrites();
  void destinationRuleIsReported();
  void filtersCarryOver();
  void delegateAndRuleLimit();
  void corpusTranslatesCleanly();
};

namespace {

struct Translated {
  std::vector<yaml::Node> docs;
  dialects::FidelityReport report;
  model::Config gatewayApi;
};

// Translates Istio YAML; the result must import cleanly as Gateway API.
Translated translate(const std::string& yaml) {
  Translated t;
  Diagnostics diags;
  const model::Config in = importText(yaml, diags);
  QTest::qVerify(diags.empty(), "diags.empty()", diags.format().c_str(), __FILE__, __LINE__);
  dialects::istio::toGatewayApi(in, t.docs, t.report);
  Diagnostics again;
  t.gatewayApi = reimport(t.docs, again);
  // Not QVERIFY (this returns a value): records the failure and goes on.
  const std::string why = again.format() + "\n" + yaml::writeDocuments(t.docs);
  QTest::qVerify(again.empty(), "again.empty()", why.c_str(), __FILE__, __LINE__);
  return t;
}

std::string vs(const std::string& http, const std::string& extra = "  gateways: [gw]\n") {
  return R"YAML(apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: shop, namespace: prod}
spec:
  hosts: [shop.example.com]
)YAML" + extra +
         "  http:\n" + http;
}

int countItems(const dialects::FidelityReport& r, Fidelity level, const std::string& feature) {
  int n = 0;
  for (const auto& i : r.items()) {
    n += i.level == level && i.feature.find(feature) != std::string::npos;
  }
  return n;
}

}  // namespace

void TestIstioToGatewayApi::faultIsLost() {
  const Translated t = translate(vs(R"YAML(
  - fault: {delay: {fixedDelay: 7s, percentage: {value: 100}}}
    route: [{destination: {host: ratings, port: {number: 9080}}}]
)YAML"));
  QCOMPARE(t.docs.size(), size_t(1));
  QCOMPARE(text(t.docs[0], "kind"), std::string("HTTPRoute"));
  QCOMPARE(text(t.docs[0], "spec.rules[0].backendRefs[0].name"), std::string("ratings"));
  QCOMPARE(t.report.count(Fidelity::Lost), 1);
  QVERIFY(hasItem(t.report, Fidelity::Lost, "VirtualService prod/shop", "http[0].fault",
                  "no fault injection"));
}

void TestIstioToGatewayApi::subsetIsLostWithAdvice() {
  const Translated t = translate(vs(R"YAML(
  - route:
    - destination: {host: reviews, subset: v2, port: {number: 9080}}
      weight: 80
    - destination: {host: reviews.other.svc.cluster.local, subset: v3, port: {number: 9080}}
      weight: 20
)YAML") + R"YAML(
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: prod}
spec:
  host: reviews
  subsets:
  - {name: v2, labels: {version: v2}}
)YAML");
  const yaml::Node& r = *findDoc(t.docs, "HTTPRoute", "shop");
  QCOMPARE(text(r, "spec.rules[0].backendRefs[0].weight"), std::string("80"));
  QCOMPARE(text(r, "spec.rules[0].backendRefs[1].name"), std::string("reviews"));
  QCOMPARE(text(r, "spec.rules[0].backendRefs[1].namespace"), std::string("other"));
  QVERIFY(hasItem(t.report, Fidelity::Lost, "VirtualService prod/shop",
                  "http[0].route[0].destination.subset", "\"reviews-v2\" selecting version=v2"));
  QVERIFY(hasItem(t.report, Fidelity::Lost, "VirtualService prod/shop",
                  "http[0].route[1].destination.subset", "reviews-v3"));
  QVERIFY(hasItem(t.report, Fidelity::Lost, "DestinationRule prod/reviews", "subsets"));
}

void TestIstioToGatewayApi::stringPrefixFidelity_data() {
  QTest::addColumn<QString>("prefix");
  QTest::addColumn<bool>("approximate");
  QTest::addColumn<QString>("detail");
  QTest::newRow("root") << "/" << false << QString();
  QTest::newRow("bare") << "/api" << true << "\"/apix\" no longer matches";
  QTest::newRow("trailing slash") << "/api/" << true << "also matches \"/api\"";
}

void TestIstioToGatewayApi::stringPrefixFidelity() {
  QFETCH(QString, prefix);
  QFETCH(bool, approximate);
  QFETCH(QString, detail);
  const Translated t = translate(vs("  - match: [{uri: {prefix: \"" + prefix.toStdString() +
                                    "\"}}]\n    route: [{destination: {host: a, port: {number: "
                                    "80}}}]\n"));
  // PathPrefix is Gateway API's default type: check through the importer.
  const auto& path = t.gatewayApi.routes.at(0).rules.at(0).matches.at(0).path;
  QVERIFY(path && path->type == model::PathMatchType::PathPrefix);
  QCOMPARE(path->value, prefix.toStdString());
  QCOMPARE(hasItem(t.report, Fidelity::Approximate, "VirtualService prod/shop",
                   "http[0].match[0].uri.prefix", detail.toStdString()),
           approximate);
  QCOMPARE(t.report.count(Fidelity::Approximate), approximate ? 1 : 0);
}

void TestIstioToGatewayApi::firstMatchOrder_data() {
  QTest::addColumn<QString>("http");
  QTest::addColumn<int>("flips");
  QTest::addColumn<QString>("detail");
  QTest::addColumn<int>("rules");
  const std::string a = "    route: [{destination: {host: a, port: {number: 80}}}]\n";
  const std::string b = "    route: [{destination: {host: b, port: {number: 80}}}]\n";
  const std::string get = "method: {exact: GET}";
  // A later, longer prefix is unreachable in Istio: dropped, nothing flips.
  QTest::newRow("longer prefix listed later, shadowed")
      << QString::fromStdString("  - match: [{uri: {prefix: /api}}]\n" + a +
                                "  - match: [{uri: {prefix: /api/v1}}]\n" + b)
      << 0 << QString() << 1;
  QTest::newRow("longer prefix listed later")
      << QString::fromStdString("  - match: [{uri: {prefix: /api}, " + get + "}]\n" + a +
                                "  - match: [{uri: {prefix: /api/v1}}]\n" + b)
      << 1 << "Gateway API prefers http[1] because its path is longer" << 2;
  QTest::newRow("exact listed after prefix")
      << QString::fromStdString(
             "  - match: [{uri: {prefix: /s}, headers: {x-a: {exact: \"1\"}}}]\n" + a +
             "  - match: [{uri: {exact: /t}}, {uri: {exact: /shop}}]\n" + b)
      << 1 << "http[1] (exact /shop)" << 2;
  QTest::newRow("more headers listed later")
      << QString::fromStdString(
             "  - match: [{uri: {prefix: /api}, queryParams: {v: {exact: \"1\"}}}]\n" + a +
             "  - match: [{uri: {prefix: /api}, headers: {x-a: {exact: \"1\"}}}]\n" + b)
      << 1 << "more header matches" << 2;
  QTest::newRow("later match shadowed, other kept")
      << QString::fromStdString("  - match: [{uri: {prefix: /api}}]\n" + a +
                                "  - match: [{uri: {prefix: /api}, headers: {x-a: {exact: "
                                "\"1\"}}}, {uri: {prefix: /web}}]\n" + b)
      << 0 << QString() << 2;
  QTest::newRow("disjoint headers")
      << QString::fromStdString(
             "  - match: [{uri: {prefix: /api}, headers: {x-a: {exact: \"1\"}}}]\n" + a +
             "  - match: [{uri: {prefix: /api/v1}, headers: {x-a: {exact: \"2\"}}}]\n" + b)
      << 0 << QString() << 2;
  QTest::newRow("disjoint paths")
      << QString::fromStdString("  - match: [{uri: {prefix: /api}}]\n" + a +
                                "  - match: [{uri: {prefix: /web/v1}}]\n" + b)
      << 0 << QString() << 2;
  QTest::newRow("same action")
      << QString::fromStdString("  - match: [{uri: {prefix: /api}, " + get + "}]\n" + a +
                                "  - match: [{uri: {prefix: /api/v1}}]\n" + a)
      << 0 << QString() << 2;
  QTest::newRow("already most specific first")
      << QString::fromStdString("  - match: [{uri: {prefix: /api/v1}}]\n" + a +
                                "  - match: [{uri: {prefix: /api}}]\n" + b)
      << 0 << QString() << 2;
}

void TestIstioToGatewayApi::firstMatchOrder() {
  QFETCH(QString, http);
  QFETCH(int, flips);
  QFETCH(QString, detail);
  QFETCH(int, rules);
  const Translated t = translate(vs(http.toStdString()));
  QCOMPARE(countItems(t.report, Fidelity::Approximate, "http[1]") -
               countItems(t.report, Fidelity::Approximate, "http[1].match"),
           flips);
  if (flips > 0) {
    QVERIFY2(hasItem(t.report, Fidelity::Approximate, "VirtualService prod/shop", "http[1]",
                     detail.toStdString()),
             t.report.format().c_str());
  }
  // Kept rules stay in order: Gateway API breaks precedence ties by it, like Istio.
  QCOMPARE(at(t.docs.at(0), "spec.rules")->size(), size_t(rules));
}

void TestIstioToGatewayApi::shadowedMatchesAreDropped() {
  const Translated t = translate(vs(R"YAML(
  - match: [{uri: {prefix: /api}}]
    route: [{destination: {host: a, port: {number: 80}}}]
  - match: [{uri: {exact: /api/users}}, {uri: {exact: /login}}]
    route: [{destination: {host: b, port: {number: 80}}}]
  - match: [{uri: {prefix: /api/v2}, headers: {x-canary: {exact: "1"}}}]
    route: [{destination: {host: c, port: {number: 80}}}]
  - route: [{destination: {host: d, port: {number: 80}}}]
  - match: [{uri: {exact: /never}}]
    route: [{destination: {host: e, port: {number: 80}}}]
)YAML"));
  const yaml::Node& r = t.docs.at(0);
  // http[2] and http[4] can never match in Istio; http[1] keeps only /login.
  QCOMPARE(at(r, "spec.rules")->size(), size_t(3));
  QCOMPARE(at(r, "spec.rules[1].matches")->size(), size_t(1));
  QCOMPARE(text(r, "spec.rules[1].matches[0].path.value"), std::string("/login"));
  QCOMPARE(text(r, "spec.rules[2].backendRefs[0].name"), std::string("d"));
  QVERIFY(hasItem(t.report, Fidelity::Exact, "VirtualService prod/shop", "http[1].match[0]",
                  "unreachable in Istio (http[0]"));
  QVERIFY(hasItem(t.report, Fidelity::Exact, "VirtualService prod/shop", "http[2].match[0]",
                  "unreachable"));
  QVERIFY(hasItem(t.report, Fidelity::Exact, "VirtualService prod/shop", "http[4]",
                  "http[3] takes all"));
  // Nothing reachable flips: /login and the catch-all do not beat http[0].
  QCOMPARE(countItems(t.report, Fidelity::Approximate, "http["),
           countItems(t.report, Fidelity::Approximate, ".uri.prefix"));
}

void TestIstioToGatewayApi::gatewayServersBecomeListeners() {
  const Translated t = translate(R"YAML(
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: edge, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["*"]
    tls: {httpsRedirect: true}
  - port: {number: 443, name: HTTPS_main, protocol: HTTPS}
    hosts: ["./shop.example.com", "prod/*.example.org", "api.example.net"]
    tls: {mode: SIMPLE, credentialName: shop-cert}
  - port: {number: 27017, name: mongo, protocol: MONGO}
    hosts: ["*"]
)YAML");
  const yaml::Node& gw = *findDoc(t.docs, "Gateway", "edge");
  QCOMPARE(text(gw, "apiVersion"), std::string("gateway.networking.k8s.io/v1"));
  QCOMPARE(text(gw, "spec.gatewayClassName"), std::string("istio"));
  QCOMPARE(at(gw, "spec.listeners")->size(), size_t(4));
  QCOMPARE(text(gw, "spec.listeners[0].name"), std::string("http"));
  QVERIFY(!at(gw, "spec.listeners[0].hostname"));
  QCOMPARE(text(gw, "spec.listeners[0].allowedRoutes.namespaces.from"), std::string("All"));
  QCOMPARE(text(gw, "spec.listeners[1].name"), std::string("https-main-0"));
  QCOMPARE(text(gw, "spec.listeners[1].hostname"), std::string("shop.example.com"));
  QCOMPARE(text(gw, "spec.listeners[1].tls.certificateRefs[0].name"), std::string("shop-cert"));
  QCOMPARE(text(gw, "spec.listeners[2].hostname"), std::string("*.example.org"));
  QCOMPARE(text(gw, "spec.listeners[2].allowedRoutes.namespaces.from"), std::string("Selector"));
  const yaml::Node* labels = at(gw, "spec.listeners[2].allowedRoutes.namespaces.selector.matchLabels");
  QVERIFY(labels && labels->find("kubernetes.io/metadata.name"));
  QCOMPARE(labels->find("kubernetes.io/metadata.name")->text(), std::string("prod"));
  QCOMPARE(text(gw, "spec.listeners[3].allowedRoutes.namespaces.from"), std::string("All"));
  const yaml::Node* redirect = findDoc(t.docs, "HTTPRoute", "edge-http-https-redirect");
  QVERIFY(redirect);
  QCOMPARE(text(*redirect, "spec.parentRefs[0].sectionName"), std::string("http"));
  QCOMPARE(text(*redirect, "spec.rules[0].filters[0].requestRedirect.scheme"), std::string("https"));
  QCOMPARE(text(*redirect, "spec.rules[0].filters[0].requestRedirect.statusCode"), std::string("301"));
  QVERIFY(hasItem(t.report, Fidelity::Lost, "Gateway istio-system/edge", "servers[2]", "MONGO"));
  QVERIFY(hasItem(t.report, Fidelity::Approximate, "Gateway istio-system/edge", "selector"));
}

void TestIstioToGatewayApi::meshBecomesGamma() {
  const Translated t = translate(R"YAML(
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: prod}
spec:
  hosts: [reviews, ratings.other.svc.cluster.local, www.googleapis.com]
  http:
  - route: [{destination: {host: reviews, port: {number: 9080}}}]
)YAML");
  const yaml::Node& r = t.docs.at(0);
  QCOMPARE(text(r, "spec.parentRefs[0].kind"), std::string("Service"));
  QCOMPARE(text(r, "spec.parentRefs[0].name"), std::string("reviews"));
  // Core group spelled out: an omitted group would mean gateway.networking.k8s.io.
  QVERIFY(at(r, "spec.parentRefs[0].group"));
  QCOMPARE(text(r, "spec.parentRefs[0].group"), std::string(""));
  QCOMPARE(text(r, "spec.parentRefs[1].namespace"), std::string("other"));
  QCOMPARE(at(r, "spec.parentRefs")->size(), size_t(2));
  QVERIFY(!at(r, "spec.hostnames"));
  QVERIFY(hasItem(t.report, Fidelity::Lost, "VirtualService prod/reviews", "hosts",
                  "www.googleapis.com"));
  QVERIFY(hasItem(t.report, Fidelity::Approximate, "VirtualService prod/reviews", "gateways",
                  "GAMMA"));
}

void TestIstioToGatewayApi::retriesAndRewrites() {
  const Translated t = translate(vs(R"YAML(
  - match: [{uri: {exact: /old}}]
    rewrite: {uri: /new}
    route: [{destination: {host: a, port: {number: 80}}}]
    retries: {attempts: 4, perTryTimeout: 3s, retryOn: "5xx,connect-failure,409"}
    timeout: 20s
  - match: [{uri: {prefix: /svc}}]
    rewrite: {uriRegexRewrite: {match: "^/svc/(.*)", rewrite: "/\\1"}}
    route: [{destination: {host: a, port: {number: 80}}}]
  - match: [{uri: {exact: /maintenance}}]
    directResponse: {status: 503}
)YAML", "  gateways: [gw]\n  tcp: [{route: [{destination: {host: db}}]}]\n"));
  const yaml::Node& r = t.docs.at(0);
  QCOMPARE(text(r, "spec.rules[0].filters[0].urlRewrite.path.type"), std::string("ReplaceFullPath"));
  QCOMPARE(text(r, "spec.rules[0].filters[0].urlRewrite.path.replaceFullPath"), std::string("/new"));
  QCOMPARE(text(r, "spec.rules[0].retry.attempts"), std::string("4"));
  QStringList codes;
  for (const auto& c : at(r, "spec.rules[0].retry.codes")->items()) {
    codes << QString::fromStdString(c.text());
  }
  QCOMPARE(codes.join(QLatin1Char(',')), QStringLiteral("409,500,502,503,504"));
  QCOMPARE(text(r, "spec.rules[0].timeouts.request"), std::string("20s"));
  QCOMPARE(text(r, "spec.rules[0].timeouts.backendRequest"), std::string("3s"));
  QVERIFY(hasItem(t.report, Fidelity::Approximate, "", "http[0].retries.retryOn", "5xx"));
  QVERIFY(hasItem(t.report, Fidelity::Lost, "", "http[1].rewrite.uriRegexRewrite"));
  QVERIFY(hasItem(t.report, Fidelity::Lost, "", "http[2].directResponse", "500 instead of 503"));
  QVERIFY(hasItem(t.report, Fidelity::Lost, "", "tcp", "TCPRoute"));
  QVERIFY(!at(r, "spec.rules[2].backendRefs"));
}

void TestIstioToGatewayApi::destinationRuleIsReported() {
  const Translated t = translate(R"YAML(
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews}
spec:
  host: reviews
  trafficPolicy: {loadBalancer: {simple: RANDOM}}
  subsets: [{name: v1, labels: {version: v1}}]
)YAML");
  QVERIFY(t.docs.empty());
  QCOMPARE(t.report.count(Fidelity::Lost), 2);
  QVERIFY(hasItem(t.report, Fidelity::Lost, "DestinationRule default/reviews", "subsets",
                  "reviews-v1"));
  QVERIFY(hasItem(t.report, Fidelity::Lost, "DestinationRule default/reviews", "trafficPolicy"));
}

void TestIstioToGatewayApi::filtersCarryOver() {
  const Translated t = translate(vs(R"YAML(
  - headers:
      request: {set: {x-env: prod}}
      response: {remove: [server]}
    mirror: {host: shadow, port: {number: 80}}
    mirrorPercentage: {value: 12.5}
    corsPolicy:
      allowOrigins: [{exact: "https://a.example.com"}, {prefix: "https://b."}, {regex: ".*"}]
      allowMethods: [GET, POST]
      maxAge: 1500ms
    route:
    - destination: {host: a, port: {number: 80}}
      headers: {request: {add: {x-backend: a}}}
)YAML"));
  const model::RouteRule& rule = t.gatewayApi.routes.at(0).rules.at(0);
  QCOMPARE(rule.requestHeaders.set.at(0).name, std::string("x-env"));
  QCOMPARE(rule.responseHeaders.remove.at(0), std::string("server"));
  QCOMPARE(rule.backends.at(0).requestHeaders.add.at(0).value, std::string("a"));
  QCOMPARE(rule.mirrors.size(), size_t(1));
  QCOMPARE(rule.mirrors[0].backend.name, std::string("shadow"));
  // Gateway API percent is an integer: 12.5 % travels as a fraction.
  QCOMPARE(rule.mirrors[0].effectivePercent(), 12.5);
  QVERIFY(rule.cors.has_value());
  QCOMPARE(rule.cors->allowOrigins.size(), size_t(2));
  QCOMPARE(rule.cors->allowOrigins[1].value, std::string("https://b.*"));
  QCOMPARE(rule.cors->allowMethods, (std::vector<std::string>{"GET", "POST"}));
  QVERIFY(hasItem(t.report, Fidelity::Approximate, "", "http[0].corsPolicy.allowOrigins", "wildcard"));
  QVERIFY(hasItem(t.report, Fidelity::Lost, "", "http[0].corsPolicy.allowOrigins", "regex"));
  QVERIFY(hasItem(t.report, Fidelity::Approximate, "", "http[0].corsPolicy.maxAge", "whole seconds"));
}

void TestIstioToGatewayApi::delegateAndRuleLimit() {
  std::string http = "  - match: [{uri: {prefix: /team}}]\n    delegate: {name: team, namespace: t}\n";
  for (int i = 0; i < 18; ++i) {
    http += "  - match: [{uri: {exact: /p" + std::to_string(i) +
            "}}]\n    route: [{destination: {host: a, port: {number: 80}}}]\n";
  }
  const Translated t = translate(vs(http));
  // The delegating entry would answer 500 as a rule without backends: dropped.
  QVERIFY(hasItem(t.report, Fidelity::Lost, "VirtualService prod/shop", "http[0].delegate"));
  QCOMPARE(t.docs.size(), size_t(2));
  QCOMPARE(text(t.docs[0], "metadata.name"), std::string("shop"));
  QCOMPARE(at(t.docs[0], "spec.rules")->size(), size_t(16));
  QCOMPARE(text(t.docs[0], "spec.rules[0].matches[0].path.value"), std::string("/p0"));
  QCOMPARE(text(t.docs[1], "metadata.name"), std::string("shop-2"));
  QCOMPARE(at(t.docs[1], "spec.rules")->size(), size_t(2));
  QVERIFY(hasItem(t.report, Fidelity::Approximate, "VirtualService prod/shop", "http",
                  "split into 2 HTTPRoutes"));
}

void TestIstioToGatewayApi::corpusTranslatesCleanly() {
  const QString dir = samplesDir();
  if (dir.isEmpty()) {
    QSKIP(qPrintable(routedeck::tests::corpusMissingMessage()));
  }
  // The bookinfo Services give the destinations their (single) ports.
  QStringList files = routedeck::tests::filesUnder(dir + "/bookinfo-networking", {".yaml"});
  files << dir + "/bookinfo-platform-kube-bookinfo.yaml";
  std::string all;
  for (const QString& f : files) {
    Diagnostics diags;
    for (const auto& d : yaml::loadFile(f.toStdString(), diags)) {
      all += "---\n" + yaml::write(d.root);
    }
  }
  Diagnostics diags;
  const model::Config in = importText(all, diags);
  QVERIFY2(diags.empty(), diags.format().c_str());
  std::vector<yaml::Node> out;
  dialects::FidelityReport report;
  dialects::istio::toGatewayApi(in, out, report);
  Diagnostics again;
  const model::Config back = reimport(out, again);
  QVERIFY2(again.empty(), again.format().c_str());
  QCOMPARE(back.routes.size(), out.size() - back.gateways.size());
  QVERIFY(!back.gateways.empty());
  // Every subset reference in the samples is reported, with advice.
  QVERIFY(report.count(Fidelity::Lost) > 0);
  QVERIFY(hasItem(report, Fidelity::Lost, "VirtualService default/reviews",
                  "destination.subset", "selecting version="));
  QVERIFY(hasItem(report, Fidelity::Lost, "VirtualService default/details", "http[0].fault"));
  QVERIFY2(!hasItem(report, Fidelity::Approximate, "", "destination.port"), report.format().c_str());
  const yaml::Node* reviews = findDoc(out, "HTTPRoute", "reviews");
  QVERIFY(reviews);
  QCOMPARE(text(*reviews, "spec.rules[0].backendRefs[0].port"), std::string("9080"));
}

int runIstioToGatewayApiTests(int argc, char** argv) {
  TestIstioToGatewayApi t;
  return QTest::qExec(&t, argc, argv);
}

#include "tst_istio_to_gatewayapi.moc"
