// Which rule wins, per dialect: one table row per precedence rule.
#include <QTest>

#include "tests/proxycore/router/router_fixture.h"

using routedeck::tests::routeOnce;

namespace {

const std::string kGateway = R"(
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: ns}
spec:
  gatewayClassName: x
  listeners:
  - {name: http, port: 80, protocol: HTTP}
  - {name: foo, port: 80, protocol: HTTP, hostname: "*.foo.com"}
)";

std::string route(const std::string& name, const std::string& rules,
                  const std::string& extraMeta = {}, const std::string& hostnames = {}) {
  return "---\napiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: " + name +
         ", namespace: ns" + extraMeta + "}\nspec:\n  parentRefs: [{name: gw}]\n" +
         (hostnames.empty() ? "" : "  hostnames: " + hostnames + "\n") + "  rules:\n" + rules;
}

std::string rule(const std::string& match, const std::string& backend = "svc") {
  return "  - matches: [" + match + "]\n    backendRefs: [{name: " + backend + ", port: 8080}]\n";
}

const std::string kIstio = R"(
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: igw, namespace: ns}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["*"]
)";

std::string virtualService(const std::string& name, const std::string& http,
                           const std::string& extraMeta = {}, const std::string& hosts = "[\"*\"]") {
  return "---\napiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: " + name +
         ", namespace: ns" + extraMeta + "}\nspec:\n  hosts: " + hosts +
         "\n  gateways: [igw]\n  http:\n" + http;
}

std::string istioRule(const std::string& match, const std::string& host = "svc") {
  return "  - " + (match.empty() ? std::string() : "match: [" + match + "]\n    ") +
         "route: [{destination: {host: " + host + "}}]\n";
}

const std::string kAppMesh = R"(
apiVersion: appmesh.k8s.aws/v1beta2
kind: VirtualGateway
metadata: {name: vg, namespace: ns}
spec:
  listeners: [{portMapping: {port: 8088, protocol: http}}]
---
apiVersion: appmesh.k8s.aws/v1beta2
kind: VirtualService
metadata: {name: colors, namespace: ns}
spec:
  awsName: colors.ns.svc.cluster.local
  provider: {virtualRouter: {virtualRouterRef: {name: router}}}
---
apiVersion: appmesh.k8s.aws/v1beta2
kind: VirtualRouter
metadata: {name: router, namespace: ns}
spec:
  listeners: [{portMapping: {port: 8080, protocol: http}}]
  routes:
  - name: red
    priority: 10
    httpRoute:
      match: {prefix: /red}
      action: {weightedTargets: [{virtualNodeRef: {name: red}, weight: 1}]}
  - name: rest
    httpRoute:
      match: {prefix: /}
      action: {weightedTargets: [{virtualNodeRef: {name: blue}, weight: 3}, {virtualNodeRef: {name: green}, weight: 1}]}
)";

std::string gatewayRoute(const std::string& name, const std::string& spec) {
  return "---\napiVersion: appmesh.k8s.aws/v1beta2\nkind: GatewayRoute\nmetadata: {name: " + name +
         ", namespace: ns}\nspec:\n" + spec;
}

std::string target(const std::string& match, const std::string& extra = {}) {
  return "  httpRoute:\n    match: " + match +
         "\n    action: {target: {virtualService: {virtualServiceRef: {name: colors}}}" + extra + "}\n";
}

}  // namespace

class TestRoutePrecedence : public QObject {
  Q_OBJECT

 private slots:
  void gatewayApi_data() {
    QTest::addColumn<QString>("yaml");
    QTest::addColumn<QString>("request");
    QTest::addColumn<QStringList>("headers");
    QTest::addColumn<QString>("expected");
    auto row = [](const char* name, const std::string& yaml, const char* req, QStringList hs,
                  const char* expected) {
      QTest::newRow(name) << QString::fromStdString(kGateway + yaml) << QString::fromLatin1(req)
                          << hs << QString::fromLatin1(expected);
    };
    const std::string exact = "{path: {type: Exact, value: /a/b}}";
    const std::string prefixShort = "{path: {type: PathPrefix, value: /a}}";
    const std::string prefixLong = "{path: {type: PathPrefix, value: /a/b}}";
    row("exact beats prefix across routes",
        route("r1", rule(prefixLong)) + route("r2", rule(exact)), "GET http://x/a/b", {},
        "HTTPRoute ns/r2#0");
    row("longest prefix wins", route("r1", rule(prefixShort) + rule(prefixLong)),
        "GET http://x/a/b/c", {}, "HTTPRoute ns/r1#1");
    row("prefix is element-wise: /a does not match /ab", route("r1", rule(prefixShort)),
        "GET http://x/ab", {}, "status 404");
    row("trailing slash in prefix is ignored", route("r1", rule("{path: {type: PathPrefix, value: /a/}}")),
        "GET http://x/a", {}, "HTTPRoute ns/r1#0");
    row("method beats no method",
        route("r1", rule(prefixShort) + rule("{path: {type: PathPrefix, value: /a}, method: GET}")),
        "GET http://x/a", {}, "HTTPRoute ns/r1#1");
    row("most headers wins",
        route("r1", rule("{path: {value: /a}, headers: [{name: h1, value: x}]}") +
                        rule("{path: {value: /a}, headers: [{name: h1, value: x}, {name: h2, value: y}]}")),
        "GET http://x/a", {"h1: x", "h2: y"}, "HTTPRoute ns/r1#1");
    row("header value mismatch falls through",
        route("r1", rule("{path: {value: /a}, headers: [{name: h1, value: x}]}") + rule(prefixShort)),
        "GET http://x/a", {"h1: other"}, "HTTPRoute ns/r1#1");
    row("most query params wins",
        route("r1", rule("{path: {value: /a}}") + rule("{path: {value: /a}, queryParams: [{name: q, value: '1'}]}")),
        "GET http://x/a?q=1", {}, "HTTPRoute ns/r1#1");
    row("method outranks headers",
        route("r1", rule("{path: {value: /a}, headers: [{name: h1, value: x}]}") +
                        rule("{path: {value: /a}, method: GET}")),
        "GET http://x/a", {"h1: x"}, "HTTPRoute ns/r1#1");
    row("oldest route wins a tie",
        route("zzz", rule(prefixShort), ", creationTimestamp: '2024-01-01T00:00:00Z'") +
            route("aaa", rule(prefixShort), ", creationTimestamp: '2025-01-01T00:00:00Z'"),
        "GET http://x/a", {}, "HTTPRoute ns/zzz#0");
    row("alphabetical namespace/name breaks a tie", route("b", rule(prefixShort)) + route("a", rule(prefixShort)),
        "GET http://x/a", {}, "HTTPRoute ns/a#0");
    row("rule order breaks a tie inside a route", route("r1", rule(prefixShort, "one") + rule(prefixShort, "two")),
        "GET http://x/a", {}, "HTTPRoute ns/r1#0");
    row("exact hostname beats wildcard even with a shorter path",
        route("wild", rule(prefixLong), "", "['*.example.com']") +
            route("exact", rule(prefixShort), "", "[a.example.com]"),
        "GET http://a.example.com/a/b", {}, "HTTPRoute ns/exact#0");
    row("most specific listener isolates its routes",
        route("any", rule(prefixLong)), "GET http://x.foo.com/a/b", {}, "HTTPRoute ns/any#0");
    row("route hostname outside listener hostname is not attached",
        "---\napiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r, namespace: ns}\n"
        "spec:\n  parentRefs: [{name: gw, sectionName: foo}]\n  hostnames: [bar.com]\n  rules:\n" + rule(prefixShort),
        "GET http://bar.com/a", {}, "status 404");
    row("zero weight gets no traffic; all zero is 500",
        route("r", "  - backendRefs: [{name: a, port: 1, weight: 0}, {name: b, port: 1, weight: 0}]\n"),
        "GET http://x/", {}, "status 500");
    row("no backendRefs is 500", route("r", "  - matches: [{path: {value: /}}]\n"), "GET http://x/",
        {}, "status 500");
    row("regex path (RE2 full match)",
        route("r", rule("{path: {type: RegularExpression, value: '/v[0-9]+/.*'}}") + rule(prefixShort)),
        "GET http://x/v12/items", {}, "HTTPRoute ns/r#0");
    row("regex must match the whole path",
        route("r", rule("{path: {type: RegularExpression, value: '/v[0-9]+'}}")), "GET http://x/v12/items",
        {}, "status 404");
    row("cross-namespace backend without ReferenceGrant is 500",
        route("r", "  - backendRefs: [{name: svc, namespace: other, port: 80}]\n"), "GET http://x/", {},
        "status 500");
    row("cross-namespace backend with ReferenceGrant is allowed",
        route("r", "  - backendRefs: [{name: svc, namespace: other, port: 80}]\n") +
            "---\napiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\nmetadata: {name: g, namespace: other}\n"
            "spec:\n  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: ns}]\n  to: [{group: '', kind: Service}]\n",
        "GET http://x/", {}, "HTTPRoute ns/r#0");
    row("unknown backend kind is 500",
        route("r", "  - backendRefs: [{group: example.com, kind: Bucket, name: b}]\n"), "GET http://x/", {},
        "status 500");
  }

  void gatewayApi() { check(); }

  void istio_data() {
    QTest::addColumn<QString>("yaml");
    QTest::addColumn<QString>("request");
    QTest::addColumn<QStringList>("headers");
    QTest::addColumn<QString>("expected");
    auto row = [](const char* name, const std::string& yaml, const char* req, QStringList hs,
                  const char* expected) {
      QTest::newRow(name) << QString::fromStdString(kIstio + yaml) << QString::fromLatin1(req) << hs
                          << QString::fromLatin1(expected);
    };
    row("first match in list order, even if a later prefix is longer",
        virtualService("vs", istioRule("{uri: {prefix: /a}}") + istioRule("{uri: {prefix: /a/b}}")),
        "GET http://x/a/b", {}, "VirtualService ns/vs#0");
    row("prefix is a plain string prefix", virtualService("vs", istioRule("{uri: {prefix: /a}}")),
        "GET http://x/abc", {}, "VirtualService ns/vs#0");
    row("regex is RE2 full match",
        virtualService("vs", istioRule("{uri: {regex: '/v[0-9]'}}") + istioRule("")), "GET http://x/v1x",
        {}, "VirtualService ns/vs#1");
    row("header prefix match", virtualService("vs", istioRule("{headers: {user: {prefix: ja}}}") + istioRule("")),
        "GET http://x/", {"user: jason"}, "VirtualService ns/vs#0");
    row("withoutHeaders excludes", virtualService("vs", istioRule("{withoutHeaders: {user: {exact: jason}}}") + istioRule("")),
        "GET http://x/", {"user: jason"}, "VirtualService ns/vs#1");
    row("no match anywhere is 404", virtualService("vs", istioRule("{uri: {exact: /only}}")),
        "GET http://x/other", {}, "status 404");
    row("several VirtualServices for one host: older first",
        virtualService("zz", istioRule("{uri: {prefix: /}}"), ", creationTimestamp: '2020-01-01T00:00:00Z'") +
            virtualService("aa", istioRule("{uri: {prefix: /}}"), ", creationTimestamp: '2021-01-01T00:00:00Z'"),
        "GET http://x/", {}, "VirtualService ns/zz#0");
    row("exact host beats wildcard host",
        virtualService("wild", istioRule("")) + virtualService("exact", istioRule(""), "", "[a.example.com]"),
        "GET http://a.example.com/", {}, "VirtualService ns/exact#0");
    row("VirtualService not bound to the gateway is ignored",
        "---\napiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: mesh-only, namespace: ns}\n"
        "spec:\n  hosts: ['*']\n  http:\n" + istioRule(""),
        "GET http://x/", {}, "status 404");
    row("undefined subset is not routable",
        virtualService("vs", "  - route: [{destination: {host: svc, subset: v9}}]\n") +
            "---\napiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: svc, namespace: ns}\n"
            "spec:\n  host: svc\n  subsets: [{name: v1, labels: {version: v1}}]\n",
        "GET http://x/", {}, "status 500");
  }

  void istio() { check(); }

  void appMesh_data() {
    QTest::addColumn<QString>("yaml");
    QTest::addColumn<QString>("request");
    QTest::addColumn<QStringList>("headers");
    QTest::addColumn<QString>("expected");
    auto row = [](const char* name, const std::string& yaml, const char* req, QStringList hs,
                  const char* expected) {
      QTest::newRow(name) << QString::fromStdString(kAppMesh + yaml) << QString::fromLatin1(req) << hs
                          << QString::fromLatin1(expected);
    };
    row("priority 0 is highest", gatewayRoute("low", "  priority: 5\n" + target("{prefix: /}")) +
                                     gatewayRoute("high", "  priority: 0\n" + target("{prefix: /}")),
        "GET http://x:8088/red", {}, "GatewayRoute ns/high#0");
    row("unset priority comes after every set one",
        gatewayRoute("unset", target("{path: {exact: /red}}")) +
            gatewayRoute("set", "  priority: 1000\n" + target("{prefix: /}")),
        "GET http://x:8088/red", {}, "GatewayRoute ns/set#0");
    row("hostname suffix match", gatewayRoute("h", target("{prefix: /, hostname: {suffix: example.com}}")),
        "GET http://a.example.com:8088/", {}, "GatewayRoute ns/h#0");
    row("hostname exact mismatch", gatewayRoute("h", target("{prefix: /, hostname: {exact: example.com}}")),
        "GET http://a.example.com:8088/", {}, "status 404");
    row("App Mesh prefix is a string prefix", gatewayRoute("p", target("{prefix: /pa}")),
        "GET http://x:8088/paths", {}, "GatewayRoute ns/p#0");
  }

  void appMesh() { check(); }

  void appMeshChain() {
    routedeck::core::router::Decision d;
    QCOMPARE(routeOnce(kAppMesh + gatewayRoute("paths", target("{prefix: /paths}")),
                       "GET http://x:8088/paths/red/1", {}, {}, &d),
             std::string("GatewayRoute ns/paths#0"));
    // Default VirtualGateway rewrite: the matched prefix becomes "/", Host the service name.
    QCOMPARE(d.rewritePath.value_or(""), std::string("/red/1"));
    QCOMPARE(d.rewriteHost.value_or(""), std::string("colors.ns.svc.cluster.local"));
    QCOMPARE(d.backends.size(), size_t(1));
    QCOMPARE(d.backends[0].name, std::string("red"));
    QCOMPARE(d.backends[0].kind, std::string("VirtualNode"));
    QCOMPARE(d.chain.back().name, std::string("red"));

    QCOMPARE(routeOnce(kAppMesh + gatewayRoute("paths", target("{prefix: /paths}")),
                       "GET http://x:8088/paths/blue", {}, {}, &d),
             std::string("GatewayRoute ns/paths#0"));
    QCOMPARE(d.backends.size(), size_t(2));
    QCOMPARE(d.backends[0].weight, 3);
    QCOMPARE(d.backends[1].weight, 1);

    // defaultPrefix DISABLED keeps the path as sent.
    QCOMPARE(routeOnce(kAppMesh + gatewayRoute("paths", target("{prefix: /paths}",
                                                                ", rewrite: {prefix: {defaultPrefix: DISABLED}}")),
                       "GET http://x:8088/paths/red", {}, {}, &d),
             std::string("GatewayRoute ns/paths#0"));
    QVERIFY(!d.rewritePath.has_value());
    QCOMPARE(d.backends[0].name, std::string("blue"));
  }

  void considersShadowedRules() {
    routedeck::core::router::Decision d;
    routeOnce(kIstio + virtualService("vs", istioRule("{uri: {prefix: /}}") + istioRule("{uri: {prefix: /a}}") +
                                                istioRule("{uri: {prefix: /zzz}}")),
              "GET http://x/a", {}, {}, &d);
    QCOMPARE(d.considered.size(), size_t(3));
    QCOMPARE(d.considered[0].outcome, std::string("selected"));
    QCOMPARE(d.considered[1].outcome, std::string("shadowed"));
    QCOMPARE(d.considered[2].outcome, std::string("no match"));
    QVERIFY(d.considered[2].reason.find("/zzz") != std::string::npos);
  }

 private:
  void check() {
    QFETCH(QString, yaml);
    QFETCH(QString, request);
    QFETCH(QStringList, headers);
    QFETCH(QString, expected);
    std::vector<std::string> hs;
    for (const auto& h : headers) {
      hs.push_back(h.toStdString());
    }
    QCOMPARE(QString::fromStdString(routeOnce(yaml.toStdString(), request.toStdString(), hs)), expected);
  }
};

QTEST_GUILESS_MAIN(TestRoutePrecedence)
#include "tst_route_precedence.moc"
