// App Mesh import: YAML-in-test tables asserting the model, and the exact
// text and field path of every semantic error.
#include <QTest>

#include "proxycore/dialects/appmesh/appmesh.h"
#include "tests/proxycore/dialects_appmesh/appmesh_test_util.h"

using namespace routedeck::core;
using namespace routedeck::tests::appmesh;
using model::PathMatchType;
using model::StringMatchType;

Q_DECLARE_METATYPE(routedeck::core::model::RouteMatch)
Q_DECLARE_METATYPE(routedeck::core::model::Rewrite)

namespace {

std::string gatewayRoute(const std::string& type, const std::string& match,
                         const std::string& action = "") {
  return "apiVersion: appmesh.k8s.aws/v1beta2\nkind: GatewayRoute\nmetadata: {name: g, "
         "namespace: demo}\nspec:\n  " +
         type + "Route:\n    match: " + match +
         "\n    action:\n      target: {virtualService: {virtualServiceRef: {name: vs}}}\n" +
         action;
}

model::RouteMatch pathMatch(PathMatchType t, const std::string& v) {
  model::RouteMatch m;
  m.path = model::PathMatch{t, v};
  return m;
}

model::RouteMatch withHeader(model::RouteMatch m, const std::string& name, model::StringMatch sm,
                             bool invert = false) {
  m.headers.push_back({name, sm, invert});
  return m;
}

}  // namespace

class TestAppMeshImport : public QObject {
  Q_OBJECT

 private slots:
  void gatewayRouteMatch_data();
  void gatewayRouteMatch();
  void gatewayRouteRewrite_data();
  void gatewayRouteRewrite();
  void gatewayRouteTarget();
  void virtualRouterRoutes();
  void objects();
  void placeholdersStayStrings();
  void semanticErrors_data();
  void semanticErrors();
};

void TestAppMeshImport::gatewayRouteMatch_data() {
  QTest::addColumn<QString>("type");
  QTest::addColumn<QString>("match");
  QTest::addColumn<model::RouteMatch>("expected");
  const auto prefix = pathMatch(PathMatchType::StringPrefix, "/");
  QTest::newRow("prefix") << "http"
                          << "{prefix: /paths}" << pathMatch(PathMatchType::StringPrefix, "/paths");
  QTest::newRow("exact") << "http"
                         << "{path: {exact: /a}}" << pathMatch(PathMatchType::Exact, "/a");
  QTest::newRow("regex") << "http2"
                         << "{path: {regex: '/a/[0-9]+'}}"
                         << pathMatch(PathMatchType::RegularExpression, "/a/[0-9]+");
  QTest::newRow("header-exact") << "http"
                                << "{prefix: /, headers: [{name: x, match: {exact: v}}]}"
                                << withHeader(prefix, "x", {StringMatchType::Exact, "v"});
  QTest::newRow("header-suffix-invert")
      << "http"
      << "{prefix: /, headers: [{name: x, invert: true, match: {suffix: .v}}]}"
      << withHeader(prefix, "x", {StringMatchType::Suffix, ".v"}, true);
  QTest::newRow("header-present") << "http"
                                  << "{prefix: /, headers: [{name: x}]}"
                                  << withHeader(prefix, "x", {StringMatchType::Present, ""});
  model::StringMatch range{StringMatchType::Range, "", 10, 20};
  QTest::newRow("header-range")
      << "http"
      << "{prefix: /, headers: [{name: n, match: {range: {start: 10, end: 20}}}]}"
      << withHeader(prefix, "n", range);
  model::RouteMatch query = prefix;
  query.queryParams = {{"a", {StringMatchType::Exact, "1"}}, {"b", {StringMatchType::Present, ""}}};
  QTest::newRow("query")
      << "http"
      << "{prefix: /, queryParameters: [{name: a, match: {exact: '1'}}, {name: b}]}" << query;
  model::RouteMatch misc = prefix;
  misc.method = "GET";
  misc.port = 8090;
  misc.authority = model::StringMatch{StringMatchType::Suffix, ".example.com"};
  QTest::newRow("method-port-host")
      << "http"
      << "{prefix: /, method: GET, port: 8090, hostname: {suffix: .example.com}}" << misc;
  model::RouteMatch grpc;
  grpc.grpc = model::GrpcMethodMatch{StringMatchType::Exact, "Hello", ""};
  grpc = withHeader(grpc, "device", {StringMatchType::Exact, "iphone"});
  QTest::newRow("grpc")
      << "grpc"
      << "{serviceName: Hello, metadata: [{name: device, match: {exact: iphone}}]}" << grpc;
}

void TestAppMeshImport::gatewayRouteMatch() {
  QFETCH(QString, type);
  QFETCH(QString, match);
  QFETCH(model::RouteMatch, expected);
  Diagnostics diags;
  const auto config = importText(gatewayRoute(type.toStdString(), match.toStdString()), diags);
  QVERIFY2(diags.empty(), diags.format().c_str());
  QCOMPARE(config.routes.size(), size_t(1));
  const model::Route& r = config.routes[0];
  QCOMPARE(r.kind, model::RouteKind::GatewayRoute);
  QCOMPARE(r.dialect, model::Dialect::AppMesh);
  QCOMPARE(r.protocol, type.toStdString());
  QCOMPARE(r.rules.size(), size_t(1));
  QCOMPARE(r.rules[0].matches.size(), size_t(1));
  QVERIFY(r.rules[0].matches[0] == expected);
  QCOMPARE(r.rules[0].matches[0].origin.index, 0);
  QVERIFY(r.rules[0].matches[0].origin.location.line > 0);
}

void TestAppMeshImport::gatewayRouteRewrite_data() {
  QTest::addColumn<QString>("rewrite");
  QTest::addColumn<model::Rewrite>("expected");
  using model::PathModifierType;
  model::Rewrite off;
  off.appMeshDefaultPrefix = false;
  off.appMeshDefaultHostname = false;
  QTest::newRow("defaults-off")
      << "{prefix: {defaultPrefix: DISABLED}, hostname: {defaultTargetHostname: DISABLED}}" << off;
  model::Rewrite value;
  value.path = model::PathModifier{PathModifierType::ReplacePrefixMatch, "/red/"};
  QTest::newRow("prefix-value") << "{prefix: {value: /red/}}" << value;
  model::Rewrite full;
  full.path = model::PathModifier{PathModifierType::ReplaceFullPath, "/blue"};
  full.appMeshDefaultHostname = true;
  QTest::newRow("path-exact")
      << "{path: {exact: /blue}, hostname: {defaultTargetHostname: ENABLED}}" << full;
}

void TestAppMeshImport::gatewayRouteRewrite() {
  QFETCH(QString, rewrite);
  QFETCH(model::Rewrite, expected);
  Diagnostics diags;
  const auto config = importText(
      gatewayRoute("http", "{prefix: /}", "      rewrite: " + rewrite.toStdString() + "\n"), diags);
  QVERIFY2(diags.empty(), diags.format().c_str());
  QVERIFY(config.routes[0].rules[0].rewrite.has_value());
  QVERIFY(*config.routes[0].rules[0].rewrite == expected);
}

void TestAppMeshImport::gatewayRouteTarget() {
  Diagnostics diags;
  auto config = importText(R"(
apiVersion: appmesh.k8s.aws/v1beta2
kind: GatewayRoute
metadata: {name: g, namespace: demo}
spec:
  priority: 5
  httpRoute:
    match: {prefix: /}
    action:
      target:
        virtualService:
          virtualServiceRef: {name: color, namespace: other}
        port: 8090
---
apiVersion: appmesh.k8s.aws/v1beta2
kind: GatewayRoute
metadata: {name: arn}
spec:
  http2Route:
    match: {prefix: /}
    action:
      target:
        virtualService:
          virtualServiceARN: arn:aws:appmesh:eu-west-1:1:mesh/m/virtualService/x
)",
                           diags);
  QVERIFY2(diags.empty(), diags.format().c_str());
  QCOMPARE(config.routes.size(), size_t(2));
  QCOMPARE(config.routes[0].priority, std::optional<int>(5));
  const model::BackendRef& b = config.routes[0].rules[0].backends[0];
  QCOMPARE(b.kind, std::string("VirtualService"));
  QCOMPARE(b.name, std::string("color"));
  QCOMPARE(b.ns, std::string("other"));
  QCOMPARE(b.port, std::optional<int>(8090));
  QVERIFY(!config.routes[0].rules[0].rewrite);
  const model::BackendRef& arn = config.routes[1].rules[0].backends[0];
  QCOMPARE(arn.kind, std::string("VirtualServiceARN"));
  QCOMPARE(arn.name, std::string("arn:aws:appmesh:eu-west-1:1:mesh/m/virtualService/x"));
  QCOMPARE(config.routes[1].protocol, std::string("http2"));
}

void TestAppMeshImport::virtualRouterRoutes() {
  Diagnostics diags;
  auto config = importText(R"(
apiVersion: appmesh.k8s.aws/v1beta2
kind: VirtualRouter
metadata: {name: color, namespace: demo}
spec:
  listeners:
    - portMapping: {port: 8080, protocol: http}
  routes:
    - name: grpc
      priority: 10
      grpcRoute:
        match: {serviceName: color.ColorService, methodName: GetColor}
        action:
          weightedTargets:
            - {virtualNodeRef: {name: server, namespace: other}, weight: 1, port: 8080}
        retryPolicy:
          maxRetries: 2
          perRetryTimeout: {unit: ms, value: 250}
          grpcRetryEvents: [unavailable]
    - name: split
      httpRoute:
        match: {prefix: /, scheme: https}
        action:
          weightedTargets:
            - {virtualNodeRef: {name: a}, weight: 3}
            - {virtualNodeARN: "arn:aws:appmesh:x", weight: 1}
        timeout:
          perRequest: {unit: s, value: 60}
          idle: {unit: ms, value: 1500}
    - name: raw
      tcpRoute:
        action:
          weightedTargets: [{virtualNodeRef: {name: db}, weight: 1}]
)",
                           diags);
  QVERIFY2(diags.empty(), diags.format().c_str());
  const model::Route& r = config.routes[0];
  QCOMPARE(r.kind, model::RouteKind::VirtualRouter);
  QCOMPARE(r.rules.size(), size_t(3));
  const model::RouteRule& grpc = r.rules[0];
  QCOMPARE(grpc.name, std::optional<std::string>("grpc"));
  QCOMPARE(grpc.priority, std::optional<int>(10));
  QCOMPARE(grpc.protocol, std::string("grpc"));
  QCOMPARE(grpc.matches[0].grpc->service, std::string("color.ColorService"));
  QCOMPARE(grpc.matches[0].grpc->method, std::string("GetColor"));
  QCOMPARE(grpc.backends[0].kind, std::string("VirtualNode"));
  QCOMPARE(grpc.backends[0].ns, std::string("other"));
  QCOMPARE(grpc.backends[0].port, std::optional<int>(8080));
  QCOMPARE(grpc.retry->attempts, std::optional<int>(2));
  QCOMPARE(grpc.retry->perTryTimeout->millis, 250LL);
  QCOMPARE(grpc.retry->perTryTimeout->text, std::string("250ms"));
  QCOMPARE(grpc.retry->retryOn, std::vector<std::string>{"unavailable"});
  const model::RouteRule& split = r.rules[1];
  QCOMPARE(split.protocol, std::string("http"));
  QVERIFY(!split.priority);
  QCOMPARE(split.matches[0].scheme->value, std::string("https"));
  QCOMPARE(split.backends[1].kind, std::string("VirtualNodeARN"));
  QCOMPARE(split.backends[1].weight, std::optional<int>(1));
  QCOMPARE(split.backends[1].origin.index, 1);
  QCOMPARE(split.timeouts.request->millis, 60000LL);
  QCOMPARE(split.timeouts.request->text, std::string("60s"));
  QCOMPARE(split.timeouts.idle->millis, 1500LL);
  QCOMPARE(r.rules[2].protocol, std::string("tcp"));
  QVERIFY(r.rules[2].matches.empty());
  QCOMPARE(r.rules[2].origin.index, 2);
}

void TestAppMeshImport::objects() {
  Diagnostics diags;
  auto config = importText(R"(
apiVersion: appmesh.k8s.aws/v1beta2
kind: Mesh
metadata: {name: m}
spec:
  namespaceSelector: {matchLabels: {mesh: m}}
---
apiVersion: appmesh.k8s.aws/v1beta2
kind: VirtualGateway
metadata: {name: gw, namespace: demo}
spec:
  namespaceSelector: {matchLabels: {gateway: gw}}
  gatewayRouteSelector: {matchLabels: {tier: edge}}
  podSelector: {matchLabels: {app: gw}}
  listeners:
    - portMapping: {port: 8088, protocol: http}
    - portMapping: {port: 8443, protocol: http2}
      tls:
        mode: STRICT
        certificate: {file: {certificateChain: /c.pem, privateKey: /k.pem}}
---
apiVersion: appmesh.k8s.aws/v1beta2
kind: VirtualService
metadata: {name: color, namespace: demo}
spec:
  awsName: color.demo.svc.cluster.local
  provider:
    virtualNode:
      virtualNodeRef: {name: blue, namespace: colors}
---
apiVersion: appmesh.k8s.aws/v1beta2
kind: VirtualNode
metadata: {name: blue, namespace: demo}
spec:
  podSelector: {matchLabels: {app: color, version: blue}}
  listeners:
    - portMapping: {port: 8080, protocol: http}
  serviceDiscovery:
    awsCloudMap: {namespaceName: ns, serviceName: color-blue}
---
apiVersion: appmesh.k8s.aws/v1beta2
kind: BackendGroup
metadata: {name: bg}
)",
                           diags);
  QVERIFY2(diags.empty(), diags.format().c_str());
  QCOMPARE(config.meshes.size(), size_t(1));
  QCOMPARE(config.meshes[0].namespaceSelector->matchLabels.at("mesh"), std::string("m"));
  const model::Gateway& g = config.gateways[0];
  QCOMPARE(g.dialect, model::Dialect::AppMesh);
  QCOMPARE(g.gatewayRouteSelector->matchLabels.at("tier"), std::string("edge"));
  QCOMPARE(g.listeners.size(), size_t(2));
  QCOMPARE(g.listeners[0].name, std::string("http-8088"));
  QCOMPARE(g.listeners[0].protocol, std::string("HTTP"));
  QCOMPARE(g.listeners[1].protocol, std::string("HTTP2"));
  QCOMPARE(g.listeners[1].tls->mode, std::string("STRICT"));
  QCOMPARE(g.listeners[1].tls->privateKey, std::optional<std::string>("/k.pem"));
  QCOMPARE(g.listeners[1].origin.index, 1);
  const model::MeshService& s = config.meshServices[0];
  QCOMPARE(s.awsName, std::optional<std::string>("color.demo.svc.cluster.local"));
  QCOMPARE(s.providerKind, std::string("VirtualNode"));
  QCOMPARE(s.providerName, std::string("blue"));
  QCOMPARE(s.providerNamespace, std::string("colors"));
  const model::VirtualNode& n = config.virtualNodes[0];
  QCOMPARE(n.podSelector.at("version"), std::string("blue"));
  QCOMPARE(n.listeners[0].port, 8080);
  QCOMPARE(n.listeners[0].protocol, std::string("http"));
  QVERIFY(!n.dnsHostname);
  QCOMPARE(n.cloudMapService, std::optional<std::string>("color-blue"));
  QCOMPARE(config.others.size(), size_t(1));
  QCOMPARE(config.others[0].meta.kind, std::string("BackendGroup"));
}

void TestAppMeshImport::placeholdersStayStrings() {
  Diagnostics diags;
  auto config = importText(R"(
apiVersion: appmesh.k8s.aws/v1beta2
kind: VirtualNode
metadata:
  name: red
  namespace: ${APP_NAMESPACE}
spec:
  serviceDiscovery:
    dns:
      hostname: color-red.${APP_NAMESPACE}.svc.cluster.local
)",
                           diags);
  QVERIFY2(diags.empty(), diags.format().c_str());
  QCOMPARE(config.virtualNodes[0].meta.ns, std::string("${APP_NAMESPACE}"));
  QCOMPARE(*config.virtualNodes[0].dnsHostname,
           std::string("color-red.${APP_NAMESPACE}.svc.cluster.local"));
}

void TestAppMeshImport::semanticErrors_data() {
  QTest::addColumn<QString>("yaml");
  QTest::addColumn<QString>("message");
  QTest::addColumn<QString>("fieldPath");
  const std::string vr =
      "apiVersion: appmesh.k8s.aws/v1beta2\nkind: VirtualRouter\nmetadata: "
      "{name: r}\nspec:\n  routes:\n";
  const std::string target = "action: {weightedTargets: [{virtualNodeRef: {name: a}, weight: 1}]}";
  auto row = [](const char* tag, const std::string& yaml, const char* message, const char* path) {
    QTest::newRow(tag) << QString::fromStdString(yaml) << message << path;
  };
  row("two-route-types",
      "apiVersion: appmesh.k8s.aws/v1beta2\nkind: GatewayRoute\nmetadata: {name: g}\nspec:\n"
      "  httpRoute: {match: {prefix: /}, action: {target: {virtualService: {virtualServiceARN: "
      "a}}}}\n"
      "  grpcRoute: {match: {serviceName: s}}\n",
      "takes exactly one of httpRoute, http2Route or grpcRoute; found httpRoute and grpcRoute",
      "spec");
  row("no-route-type",
      "apiVersion: appmesh.k8s.aws/v1beta2\nkind: GatewayRoute\nmetadata: {name: g}\nspec: "
      "{priority: 1}\n",
      "needs one of httpRoute, http2Route or grpcRoute", "spec");
  row("prefix-and-path", gatewayRoute("http", "{prefix: /, path: {exact: /a}}"),
      "prefix and path are mutually exclusive", "spec.httpRoute.match.path");
  row("two-header-kinds",
      gatewayRoute("http", "{prefix: /, headers: [{name: x, match: {exact: a, prefix: b}}]}"),
      "a match takes exactly one of exact, prefix, suffix, regex or range",
      "spec.httpRoute.match.headers[0].match");
  row("empty-range",
      gatewayRoute("http", "{prefix: /, headers: [{name: x, match: {range: {start: 5, end: 5}}}]}"),
      "range start 5 must be less than end 5 (end is exclusive)",
      "spec.httpRoute.match.headers[0].match.range");
  row("bad-regex", gatewayRoute("http", "{path: {regex: '/a(['}}"),
      "invalid regular expression \"/a([\": missing ]: [", "spec.httpRoute.match.path.regex");
  row("no-target",
      "apiVersion: appmesh.k8s.aws/v1beta2\nkind: GatewayRoute\nmetadata: {name: g}\nspec:\n"
      "  httpRoute: {match: {prefix: /}, action: {target: {port: 80}}}\n",
      "the target needs a virtualService with virtualServiceRef or virtualServiceARN",
      "spec.httpRoute.action.target.virtualService");
  row("two-rewrites",
      gatewayRoute("http", "{prefix: /}",
                   "      rewrite: {prefix: {value: /a}, path: {exact: /b}}\n"),
      "rewrite.prefix.value and rewrite.path.exact are mutually exclusive",
      "spec.httpRoute.action.rewrite.path");
  row("duplicate-route-name",
      vr + "    - {name: a, httpRoute: {match: {prefix: /}, " + target + "}}\n" +
          "    - {name: a, httpRoute: {match: {prefix: /b}, " + target + "}}\n",
      "duplicate route name \"a\" (also spec.routes[0])", "spec.routes[1].name");
  row("route-without-type", vr + "    - {name: a, priority: 1}\n",
      "needs one of httpRoute, http2Route, grpcRoute or tcpRoute", "spec.routes[0]");
  row("no-weighted-targets",
      vr + "    - {name: a, httpRoute: {match: {prefix: /}, action: {weightedTargets: []}}}\n",
      "needs at least one weighted target", "spec.routes[0].httpRoute.action.weightedTargets");
  row("target-without-node",
      vr + "    - {name: a, httpRoute: {match: {prefix: /}, action: {weightedTargets: [{weight: "
           "1}]}}}\n",
      "a weighted target needs virtualNodeRef or virtualNodeARN",
      "spec.routes[0].httpRoute.action.weightedTargets[0]");
  row("retry-without-events",
      vr + "    - {name: a, httpRoute: {match: {prefix: /}, " + target +
          ", retryPolicy: {maxRetries: 2, perRetryTimeout: {unit: s, value: 1}}}}\n",
      "retryPolicy needs at least one event in httpRetryEvents, tcpRetryEvents or grpcRetryEvents",
      "spec.routes[0].httpRoute.retryPolicy");
  row("method-without-service",
      vr + "    - {name: a, grpcRoute: {match: {methodName: Get}, " + target + "}}\n",
      "methodName requires serviceName", "spec.routes[0].grpcRoute.match.methodName");
  row("two-providers",
      "apiVersion: appmesh.k8s.aws/v1beta2\nkind: VirtualService\nmetadata: {name: s}\nspec:\n"
      "  provider:\n    virtualNode: {virtualNodeRef: {name: n}}\n"
      "    virtualRouter: {virtualRouterRef: {name: r}}\n",
      "provider takes one of virtualRouter or virtualNode, not both", "spec.provider");
}

void TestAppMeshImport::semanticErrors() {
  QFETCH(QString, yaml);
  QFETCH(QString, message);
  QFETCH(QString, fieldPath);
  Diagnostics diags;
  importText(yaml.toStdString(), diags, "case.yaml");
  QCOMPARE(diags.items().size(), size_t(1));
  const Diagnostic& d = diags.items()[0];
  QCOMPARE(d.severity, Severity::Error);
  QCOMPARE(QString::fromStdString(d.message), message);
  QCOMPARE(QString::fromStdString(d.fieldPath), fieldPath);
  QCOMPARE(d.location.file, std::string("case.yaml"));
  QVERIFY(d.location.line > 0);
}

int runAppMeshImportTests(int argc, char** argv) {
  TestAppMeshImport t;
  return QTest::qExec(&t, argc, argv);
}

#include "tst_appmesh_import.moc"
