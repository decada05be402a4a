// Golden tests of the CRD schema validator: each invalid document must yield
// exactly the listed diagnostics (location, message, field path), and the
// shared corpus must validate except for the documents listed as invalid.

#include <QtTest>

#include <string>

#include "proxycore/schema/schema_validator.h"
#include "proxycore/yaml/yaml_io.h"
#include "tests/proxycore/schema/corpus_documents.h"
#include "tests/support/test_support.h"

using namespace routedeck::core;

namespace {

// Lines 1-4 of every HTTPRoute case; the case's own text starts at line 5.
const char* const kRoute =
    "apiVersion: gateway.networking.k8s.io/v1\n"
    "kind: HTTPRoute\n"
    "metadata:\n"
    "  name: r\n";
const char* const kGateway =
    "apiVersion: gateway.networking.k8s.io/v1\n"
    "kind: Gateway\n"
    "metadata:\n"
    "  name: g\n";
const char* const kService =
    "apiVersion: v1\n"
    "kind: Service\n"
    "metadata:\n"
    "  name: s\n";
const char* const kVirtualService =
    "apiVersion: networking.istio.io/v1\n"
    "kind: VirtualService\n"
    "metadata:\n"
    "  name: vs\n";

struct Outcome {
  bool parsed = false;
  bool known = false;
  QStringList lines;
};

Outcome validateText(const std::string& text) {
  Outcome out;
  Diagnostics parseDiags;
  auto docs = yaml::loadString(text, "t.yaml", parseDiags);
  out.parsed = !parseDiags.hasErrors() && docs.size() == 1;
  if (!out.parsed) {
    out.lines << QString::fromStdString(parseDiags.format());
    return out;
  }
  Diagnostics diags;
  out.known = schema::validateDocument(docs.front(), diags);
  for (const auto& d : diags.items()) {
    out.lines << QString::fromStdString(d.format());
  }
  return out;
}

}  // namespace

class TestSchemaValidator : public QObject {
  Q_OBJECT

 private slots:
  void reportsViolations_data();
  void reportsViolations();
  void acceptsValidDocuments_data();
  void acceptsValidDocuments();
  void unknownKindsReturnFalse_data();
  void unknownKindsReturnFalse();
  void carriesEveryKind_data();
  void carriesEveryKind();
  void compilesEveryPattern();
  void corpusValidates();
};

void TestSchemaValidator::reportsViolations_data() {
  QTest::addColumn<QByteArray>("yaml");
  QTest::addColumn<QStringList>("expected");

  auto route = [](const char* body) { return QByteArray(kRoute) + body; };

  QTest::newRow("unknown field") << route("spec:\n  parentRefs: []\n  foo: 1\n")
                                 << QStringList{"t.yaml:7:3: error: unknown field \"foo\" [spec.foo]"};
  QTest::newRow("unknown metadata field")
      << QByteArray("apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n"
                    "  nme: r\nspec: {}\n")
      << QStringList{"t.yaml:4:3: error: unknown field \"nme\" [metadata.nme]"};
  QTest::newRow("missing required root field")
      << QByteArray(kRoute)
      << QStringList{"t.yaml:1:1: error: missing required field \"spec\" [spec]"};
  QTest::newRow("missing required nested field")
      << route("spec:\n  parentRefs:\n  - namespace: ns\n")
      << QStringList{
             "t.yaml:7:5: error: missing required field \"name\" [spec.parentRefs[0].name]"};
  QTest::newRow("null required field")
      << route("spec:\n  parentRefs:\n  - name:\n    port: 80\n")
      << QStringList{"t.yaml:7:5: error: required field \"name\" is null [spec.parentRefs[0].name]"};
  QTest::newRow("null optional field is absent")
      << route("spec:\n  parentRefs:\n  - name: gw\n    port: null\n    sectionName: ~\n")
      << QStringList{};
  QTest::newRow("string where integer")
      << route("spec:\n  parentRefs:\n  - name: gw\n    port: \"80\"\n")
      << QStringList{
             "t.yaml:8:11: error: expected integer, got string \"80\" [spec.parentRefs[0].port]"};
  QTest::newRow("integer where string")
      << route("spec:\n  parentRefs:\n  - name: 80\n")
      << QStringList{
             "t.yaml:7:11: error: expected string, got integer 80 [spec.parentRefs[0].name]"};
  QTest::newRow("boolean where integer")
      << route("spec:\n  parentRefs:\n  - name: gw\n    port: true\n")
      << QStringList{
             "t.yaml:8:11: error: expected integer, got boolean true [spec.parentRefs[0].port]"};
  QTest::newRow("number where integer")
      << route("spec:\n  parentRefs:\n  - name: gw\n    port: 80.5\n")
      << QStringList{
             "t.yaml:8:11: error: expected integer, got number 80.5 [spec.parentRefs[0].port]"};
  QTest::newRow("object where array")
      << route("spec:\n  parentRefs:\n    name: gw\n")
      << QStringList{"t.yaml:7:5: error: expected array, got object [spec.parentRefs]"};
  QTest::newRow("array where object")
      << QByteArray("apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: [r]\n"
                    "spec: {}\n")
      << QStringList{"t.yaml:3:11: error: expected object, got array [metadata]"};
  QTest::newRow("null array item")
      << route("spec:\n  parentRefs:\n  - ~\n  - name: gw\n")
      << QStringList{"t.yaml:7:5: error: expected object, got null [spec.parentRefs[0]]"};
  QTest::newRow("enum") << route(R"(spec:
  rules:
  - matches:
    - path:
        type: Foo
        value: /
)") << QStringList{"t.yaml:9:15: error: value \"Foo\" is not one of [Exact, PathPrefix, "
                   "RegularExpression] [spec.rules[0].matches[0].path.type]"};
  QTest::newRow("maximum and minimum, nested index paths") << route(R"(spec:
  rules:
  - backendRefs:
    - name: a
  - backendRefs:
    - name: b
      weight: -1
    - name: c
      weight: 1000001
)") << QStringList{
      "t.yaml:11:15: error: value -1 is below the minimum 0 [spec.rules[1].backendRefs[0].weight]",
      "t.yaml:13:15: error: value 1000001 is above the maximum 1000000 "
      "[spec.rules[1].backendRefs[1].weight]"};
  QTest::newRow("minLength") << route("spec:\n  parentRefs:\n  - name: \"\"\n")
                             << QStringList{"t.yaml:7:11: error: string \"\" is shorter than 1 "
                                            "character(s) [spec.parentRefs[0].name]"};
  QTest::newRow("maxLength")
      << route(("spec:\n  hostnames:\n  - " + std::string(254, 'a') + "\n").c_str())
      << QStringList{"t.yaml:7:5: error: string \"" + QString(64, 'a') +
                     "...\" is longer than 253 character(s) [spec.hostnames[0]]"};
  QTest::newRow("maxItems")
      << route("spec:\n  hostnames: [a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q]\n")
      << QStringList{
             "t.yaml:6:14: error: array has 17 items, more than the maximum 16 [spec.hostnames]"};
  QTest::newRow("minItems") << QByteArray(kGateway) + "spec:\n  gatewayClassName: c\n  listeners: []\n"
                            << QStringList{"t.yaml:7:14: error: array has 0 items, fewer than the "
                                           "minimum 1 [spec.listeners]"};
  QTest::newRow("pattern")
      << route("spec:\n  hostnames:\n  - Bad_Host\n")
      << QStringList{"t.yaml:7:5: error: string \"Bad_Host\" does not match pattern "
                     "^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$ "
                     "[spec.hostnames[0]]"};
  QTest::newRow("int-or-string, enum and range in a Service") << QByteArray(kService) + R"(spec:
  type: Cluster
  ports:
  - port: 0
    targetPort: true
    protocol: tcp
)" << QStringList{
      "t.yaml:6:9: error: value \"Cluster\" is not one of [ClusterIP, NodePort, LoadBalancer, "
      "ExternalName] [spec.type]",
      "t.yaml:8:11: error: value 0 is below the minimum 1 [spec.ports[0].port]",
      "t.yaml:9:17: error: expected integer or string, got boolean true [spec.ports[0].targetPort]",
      "t.yaml:10:15: error: value \"tcp\" is not one of [TCP, UDP, SCTP] [spec.ports[0].protocol]"};
  QTest::newRow("map values and keys with dots") << QByteArray(R"(apiVersion: v1
kind: Service
metadata:
  name: s
  labels:
    app: 1
    app.kubernetes.io/name: [x]
spec:
  selector:
    ok: yes
    bad: {}
)") << QStringList{
      "t.yaml:6:10: error: expected string, got integer 1 [metadata.labels.app]",
      "t.yaml:7:29: error: expected string, got array [metadata.labels[\"app.kubernetes.io/name\"]]",
      "t.yaml:11:10: error: expected string, got object [spec.selector.bad]"};
  QTest::newRow("duplicate listener names") << QByteArray(kGateway) + R"(spec:
  gatewayClassName: c
  listeners:
  - name: http
    port: 80
    protocol: HTTP
  - name: http
    port: 81
    protocol: HTTP
)" << QStringList{"t.yaml:11:5: error: duplicate entry with name \"http\" (same as index 0) "
                  "[spec.listeners[1]]"};
  QTest::newRow("duplicate set value") << route(R"(spec:
  rules:
  - filters:
    - type: RequestHeaderModifier
      requestHeaderModifier:
        remove: [x-a, x-b, x-a]
)") << QStringList{"t.yaml:10:28: error: duplicate value \"x-a\" (same as index 0) "
                   "[spec.rules[0].filters[0].requestHeaderModifier.remove[2]]"};
  QTest::newRow("maxProperties") << QByteArray(kGateway) + R"(spec:
  gatewayClassName: c
  listeners: [{name: http, port: 80, protocol: HTTP}]
  infrastructure:
    labels: {a: "1", b: "2", c: "3", d: "4", e: "5", f: "6", g: "7", h: "8", i: "9"}
)" << QStringList{"t.yaml:9:13: error: object has 9 entries, more than the maximum 8 "
                  "[spec.infrastructure.labels]"};
  QTest::newRow("date-time format") << QByteArray(kGateway) + R"(spec:
  gatewayClassName: c
  listeners: [{name: http, port: 80, protocol: HTTP}]
status:
  conditions:
  - type: Accepted
    status: "True"
    reason: Accepted
    message: ok
    lastTransitionTime: yesterday
)" << QStringList{"t.yaml:14:25: error: string \"yesterday\" is not a valid date-time "
                  "[status.conditions[0].lastTransitionTime]"};
  QTest::newRow("oneOf: IPAddress must be an IP") << QByteArray(kGateway) + R"(spec:
  gatewayClassName: c
  listeners:
  - name: http
    port: 80
    protocol: HTTP
  addresses:
  - value: 10.0.0.1
  - type: IPAddress
    value: example.com
  - type: Hostname
    value: example.com
)" << QStringList{"t.yaml:13:5: error: object matches none of the 2 oneOf alternatives "
                  "[spec.addresses[1]]"};
  QTest::newRow("istio mutually exclusive fields") << QByteArray(kVirtualService) + R"(spec:
  hosts: [a]
  http:
  - match:
    - uri:
        exact: /a
        prefix: /b
    route:
    - destination:
        host: a
)" << QStringList{"t.yaml:11:9: error: at most one of [exact, prefix, regex] may be set, found "
                  "exact, prefix [spec.http[0].match[0].uri.prefix]"};
  QTest::newRow("int32 format") << QByteArray(kVirtualService) + R"(spec:
  http:
  - retries:
      attempts: 3000000000
)" << QStringList{"t.yaml:8:17: error: value 3000000000 is out of range for int32 "
                  "[spec.http[0].retries.attempts]"};
  QTest::newRow("every error in one document") << route(R"(spec:
  parentRefs:
  - port: 0
  colour: red
  rules:
  - matches:
    - path: {type: Prefix}
      method: FETCH
)") << QStringList{
      "t.yaml:7:5: error: missing required field \"name\" [spec.parentRefs[0].name]",
      "t.yaml:7:11: error: value 0 is below the minimum 1 [spec.parentRefs[0].port]",
      "t.yaml:8:3: error: unknown field \"colour\" [spec.colour]",
      "t.yaml:11:20: error: value \"Prefix\" is not one of [Exact, PathPrefix, RegularExpression] "
      "[spec.rules[0].matches[0].path.type]",
      "t.yaml:12:15: error: value \"FETCH\" is not one of [GET, HEAD, POST, PUT, DELETE, CONNECT, "
      "OPTIONS, TRACE, PATCH] [spec.rules[0].matches[0].method]"};
}

void TestSchemaValidator::reportsViolations() {
  QFETCH(QByteArray, yaml);
  QFETCH(QStringList, expected);
  const Outcome out = validateText(yaml.toStdString());
  QVERIFY2(out.parsed, qPrintable(out.lines.join('\n')));
  QVERIFY(out.known);
  // Joined, so that a failure prints every line rather than only the sizes.
  QCOMPARE(out.lines.join('\n'), expected.join('\n'));
}

void TestSchemaValidator::acceptsValidDocuments_data() {
  QTest::addColumn<QByteArray>("yaml");
  QTest::newRow("httproute") << QByteArray(kRoute) + R"(  namespace: ns
  labels: {app.kubernetes.io/name: x}
  creationTimestamp: null
  resourceVersion: "12"
spec:
  parentRefs: [{name: gw, sectionName: http}]
  hostnames: ["*.example.com"]
  rules:
  - matches: [{path: {type: PathPrefix, value: /}}]
    backendRefs: [{name: svc, port: 8080, weight: 1.0}]
)";
  QTest::newRow("service with named targetPort") << QByteArray(kService) + R"(spec:
  selector: {app: web}
  ports:
  - {name: http, port: 80, targetPort: http}
  - {port: 443, targetPort: 8443, protocol: TCP}
  clusterIP: None
)";
  QTest::newRow("app mesh placeholders") << QByteArray(R"(apiVersion: appmesh.k8s.aws/v1beta2
kind: VirtualService
metadata:
  name: ${SERVICE}
  namespace: ${APP_NAMESPACE}
spec:
  awsName: ${SERVICE}.${APP_NAMESPACE}.svc.cluster.local
  provider:
    virtualRouter:
      virtualRouterRef:
        name: router
)");
  QTest::newRow("namespace") << QByteArray("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: n\n");
}

void TestSchemaValidator::acceptsValidDocuments() {
  QFETCH(QByteArray, yaml);
  const Outcome out = validateText(yaml.toStdString());
  QVERIFY2(out.parsed, qPrintable(out.lines.join('\n')));
  QVERIFY(out.known);
  QCOMPARE(out.lines.join('\n'), QString());
}

void TestSchemaValidator::unknownKindsReturnFalse_data() {
  QTest::addColumn<QByteArray>("yaml");
  QTest::newRow("deployment") << QByteArray("apiVersion: apps/v1\nkind: Deployment\nspec: {x: 1}\n");
  QTest::newRow("unserved version")
      << QByteArray("apiVersion: gateway.networking.k8s.io/v9\nkind: HTTPRoute\nspec: 1\n");
  QTest::newRow("no kind") << QByteArray("apiVersion: v1\nmetadata: {}\n");
  QTest::newRow("not an object") << QByteArray("- apiVersion: v1\n  kind: Service\n");
}

void TestSchemaValidator::unknownKindsReturnFalse() {
  QFETCH(QByteArray, yaml);
  const Outcome out = validateText(yaml.toStdString());
  QVERIFY(out.parsed);
  QVERIFY(!out.known);
  QCOMPARE(out.lines, QStringList{});
}

void TestSchemaValidator::carriesEveryKind_data() {
  QTest::addColumn<QString>("apiVersion");
  QTest::addColumn<QString>("kind");
  const QString gw = QStringLiteral("gateway.networking.k8s.io/");
  for (const char* kind : {"Gateway", "GatewayClass", "HTTPRoute", "GRPCRoute", "ReferenceGrant",
                           "ListenerSet"}) {
    QTest::newRow(kind) << gw + "v1" << kind;
  }
  for (const char* kind : {"Gateway", "GatewayClass", "HTTPRoute", "ReferenceGrant"}) {
    QTest::newRow(qPrintable(QString("v1beta1 ") + kind)) << gw + "v1beta1" << kind;
  }
  for (const char* version : {"v1", "v1beta1", "v1alpha3"}) {
    for (const char* kind : {"Gateway", "VirtualService", "DestinationRule"}) {
      QTest::newRow(qPrintable(QString("istio %1 %2").arg(version, kind)))
          << QString("networking.istio.io/") + version << kind;
    }
  }
  for (const char* kind : {"Mesh", "VirtualGateway", "GatewayRoute", "VirtualRouter",
                           "VirtualService", "VirtualNode", "BackendGroup"}) {
    QTest::newRow(qPrintable(QString("appmesh ") + kind)) << "appmesh.k8s.aws/v1beta2" << kind;
  }
  QTest::newRow("Service") << "v1" << "Service";
  QTest::newRow("Namespace") << "v1" << "Namespace";
}

void TestSchemaValidator::carriesEveryKind() {
  QFETCH(QString, apiVersion);
  QFETCH(QString, kind);
  QVERIFY(schema::hasSchema(apiVersion.toStdString(), kind.toStdString()));
}

void TestSchemaValidator::compilesEveryPattern() {
  // RE2 speaks the Go syntax the Gateway API patterns are written in; a
  // pattern it rejects would silently stop being enforced.
  QCOMPARE(schema::skippedPatternCount(), 0);
}

void TestSchemaValidator::corpusValidates() {
  const QString corpus = routedeck::tests::corpusDir();
  if (corpus.isEmpty()) {
    QSKIP(qPrintable(routedeck::tests::corpusMissingMessage()));
  }
  const auto result = routedeck::tests::validateCorpus(corpus);
  qInfo("%d corpus documents have a schema", result.validated);
  QVERIFY2(result.validated >= 150, qPrintable(QString::number(result.validated)));
  QCOMPARE(result.unexpected.join('\n'), QString());
}

QTEST_GUILESS_MAIN(TestSchemaValidator)
#include "tst_schema_validator.moc"
