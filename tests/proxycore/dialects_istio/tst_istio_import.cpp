// Istio import: each networking.istio.io field lands in the right model field,
// and the webhook's cross-field rules are reported at precise field paths.
#include <QTest>

#include "proxycore/dialects/istio/istio.h"
#include "tests/proxycore/dialects_istio/istio_test_util.h"

using namespace routedeck::core;
using namespace routedeck::tests::istio;

class TestIstioImport : public QObject {
  Q_OBJECT

 private slots:
  void fields_data();
  void fields();
  void diagnostics_data();
  void diagnostics();
  void diagnosticLocation();
  void originsIndexLists();
  void otherKindsAreKept();
};

namespace {

const char* kVsHeader = R"YAML(apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: vs
  namespace: shop
spec:
)YAML";

std::string vs(const std::string& spec) { return kVsHeader + spec; }

}  // namespace

void TestIstioImport::fields_data() {
  QTest::addColumn<QString>("yaml");
  QTest::addColumn<QStringList>("expected");

  QTest::newRow("gateway servers and tls") << QString::fromStdString(R"YAML(
apiVersion: networking.istio.io/v1beta1
kind: Gateway
metadata: {name: gw, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 443, name: https, protocol: https}
    hosts: ["bookinfo.example.com", "./*.example.org"]
    tls: {mode: SIMPLE, credentialName: bookinfo-cert}
  - port: {number: 80, protocol: HTTP}
    hosts: ["*"]
    tls: {httpsRedirect: true}
  - port: {number: 8443, name: files, protocol: HTTPS}
    hosts: ["files.example.com"]
    tls: {mode: SIMPLE, serverCertificate: /etc/certs/cert.pem, privateKey: /etc/certs/key.pem}
)YAML") << QStringList{
      "gateway.selector[istio]=ingressgateway",
      "listener[0]=https 443 HTTPS hosts:bookinfo.example.com,./*.example.org",
      "listener[0].tls=SIMPLE cred:bookinfo-cert cert: key: redirect:false",
      "listener[1]=server-1 80 HTTP hosts:*",
      "listener[1].tls= cred: cert: key: redirect:true",
      "listener[2].tls=SIMPLE cred: cert:/etc/certs/cert.pem key:/etc/certs/key.pem redirect:false"};

  QTest::newRow("hosts gateways exportTo") << QString::fromStdString(vs(R"YAML(
  hosts: [reviews, reviews.shop.svc.cluster.local]
  gateways: [istio-system/public, internal, mesh]
  exportTo: [".", "istio-system"]
  http:
  - route:
    - destination: {host: reviews}
)YAML")) << QStringList{"route.kind=VirtualService",
                      "route.hosts=reviews,reviews.shop.svc.cluster.local",
                      "route.parent[0]=istio-system/public", "route.parent[1]=/internal",
                      "route.parent[2]=/mesh", "route.exportTo=.,istio-system",
                      "rule[0].backend[0]=reviews"};

  QTest::newRow("uri, headers, query, method") << QString::fromStdString(vs(R"YAML(
  hosts: [reviews]
  http:
  - name: api
    match:
    - name: exact-one
      uri: {exact: /login}
      method: {exact: POST}
      ignoreUriCase: true
    - uri: {prefix: /static}
      headers:
        end-user: {exact: jason}
        x-canary: {}
        x-trace: {regex: "[0-9a-f]+"}
      withoutHeaders:
        x-debug: {prefix: "on"}
      queryParams:
        lang: {exact: en}
    - uri: {regex: "/api/v[0-9]+/.*"}
      method: {regex: "GET|HEAD"}
      authority: {prefix: shop.}
      scheme: {exact: https}
      port: 8080
    route:
    - destination: {host: reviews}
)YAML")) << QStringList{"rule[0].name=api",
                      "rule[0].match[0].name=exact-one",
                      "rule[0].match[0].path=Exact:/login",
                      "rule[0].match[0].method=POST",
                      "rule[0].match[0].ignoreUriCase=true",
                      "rule[0].match[1].path=StringPrefix:/static",
                      "rule[0].match[1].header[end-user]=Exact:jason",
                      "rule[0].match[1].header[x-canary]=Present",
                      "rule[0].match[1].header[x-trace]=Regex:[0-9a-f]+",
                      "rule[0].match[1].header[x-debug]!=Prefix:on",
                      "rule[0].match[1].query[lang]=Exact:en",
                      "rule[0].match[2].path=RegularExpression:/api/v[0-9]+/.*",
                      "rule[0].match[2].header[:method]=Regex:GET|HEAD",
                      "rule[0].match[2].authority=Prefix:shop.",
                      "rule[0].match[2].scheme=Exact:https",
                      "rule[0].match[2].port=8080"};

  QTest::newRow("weighted destinations") << QString::fromStdString(vs(R"YAML(
  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews, subset: v1, port: {number: 9080}}
      weight: 75
      headers:
        request: {set: {x-version: v1}}
        response: {remove: [x-internal]}
    - destination: {host: reviews.other.svc.cluster.local, subset: v2}
      weight: 25
)YAML")) << QStringList{"rule[0].backend[0]=reviews:9080 subset=v1 weight=75",
                      "rule[0].backend[0].request.set[x-version]=v1",
                      "rule[0].backend[0].response.remove=x-internal",
                      "rule[0].backend[1]=reviews.other.svc.cluster.local subset=v2 weight=25"};

  QTest::newRow("redirect, rewrite, direct response") << QString::fromStdString(vs(R"YAML(
  hosts: [shop.example.com]
  http:
  - match: [{uri: {exact: /old}}]
    redirect: {uri: /new, authority: new.example.com, port: 8443, scheme: https, redirectCode: 308}
  - match: [{uri: {prefix: /v1/}}]
    redirect: {prefixRewrite: /v2/, derivePort: FROM_PROTOCOL_DEFAULT}
  - match: [{uri: {prefix: /app}}]
    rewrite: {uri: /, authority: app.internal}
    route: [{destination: {host: app}}]
  - match: [{uri: {prefix: /svc}}]
    rewrite: {uriRegexRewrite: {match: "^/svc/(.*)$", rewrite: "/\\1"}}
    route: [{destination: {host: app}}]
  - directResponse: {status: 503, body: {string: "maintenance"}}
)YAML")) << QStringList{
      "rule[0].redirect=full:/new host=new.example.com port=8443 scheme=https code=308",
      "rule[1].redirect=prefix:/v2/ host= port= scheme= code=",
      "rule[2].rewrite=prefix:/ host=app.internal",
      "rule[3].rewrite= host= regex=^/svc/(.*)$->/\\1",
      "rule[4].direct=503 maintenance"};

  QTest::newRow("header operations") << QString::fromStdString(vs(R"YAML(
  hosts: [shop]
  http:
  - headers:
      request:
        set: {x-env: prod, x-b: "2"}
        add: {x-added: "yes"}
        remove: [cookie]
      response:
        set: {cache-control: no-store}
    route: [{destination: {host: shop}}]
)YAML")) << QStringList{"rule[0].request.set[x-env]=prod", "rule[0].request.set[x-b]=2",
                      "rule[0].request.add[x-added]=yes", "rule[0].request.remove=cookie",
                      "rule[0].response.set[cache-control]=no-store"};

  QTest::newRow("mirrors") << QString::fromStdString(vs(R"YAML(
  hosts: [shop]
  http:
  - route: [{destination: {host: shop}}]
    mirror: {host: shadow, subset: v2, port: {number: 8080}}
    mirrorPercentage: {value: 12.5}
  - route: [{destination: {host: shop}}]
    mirrors:
    - destination: {host: a}
      percentage: {value: 50}
    - destination: {host: b}
  - route: [{destination: {host: shop}}]
    mirror: {host: legacy}
    mirror_percent: 30
)YAML")) << QStringList{"rule[0].mirror[0]=shadow:8080 subset=v2 pct=12.5",
                      "rule[1].mirror[0]=a pct=50", "rule[1].mirror[1]=b",
                      "rule[2].mirror[0]=legacy pct=30"};

  QTest::newRow("timeout, retries, fault, cors") << QString::fromStdString(vs(R"YAML(
  hosts: [ratings]
  http:
  - timeout: 1.5s
    retries: {attempts: 3, perTryTimeout: 500ms, retryOn: "5xx, connect-failure,503"}
    fault:
      delay: {fixedDelay: 7s, percentage: {value: 10}}
      abort: {httpStatus: 555, percentage: {value: 100.0}}
    corsPolicy:
      allowOrigins: [{exact: "https://a.example.com"}, {regex: "https://.*\\.example\\.org"}]
      allowMethods: [GET, POST]
      allowHeaders: [x-token]
      exposeHeaders: [x-trace]
      maxAge: 24h
      allowCredentials: false
    route: [{destination: {host: ratings}}]
  - fault:
      delay: {fixedDelay: 2s, percent: 20}
      abort: {grpcStatus: UNAVAILABLE}
    corsPolicy: {allowOrigin: ["https://old.example.com"]}
    route: [{destination: {host: ratings}}]
)YAML")) << QStringList{
      "rule[0].timeout=1500ms",
      "rule[0].retry=attempts:3 perTry:500 on:5xx,connect-failure codes:503",
      "rule[0].fault.delay=7000ms pct:10",
      "rule[0].fault.abort=http:555 grpc: pct:100",
      "rule[0].cors.origins=Exact:https://a.example.com,Regex:https://.*\\.example\\.org",
      "rule[0].cors.methods=GET,POST",
      "rule[0].cors.allowHeaders=x-token",
      "rule[0].cors.exposeHeaders=x-trace",
      "rule[0].cors.maxAge=86400000ms",
      "rule[0].cors.credentials=false",
      "rule[1].fault.delay=2000ms pct:20",
      "rule[1].fault.abort=http: grpc:UNAVAILABLE pct:",
      "rule[1].cors.origins=Exact:https://old.example.com"};

  QTest::newRow("destination rule") << QString::fromStdString(R"YAML(
apiVersion: networking.istio.io/v1alpha3
kind: DestinationRule
metadata: {name: reviews}
spec:
  host: reviews.prod.svc.cluster.local
  exportTo: ["."]
  trafficPolicy: {loadBalancer: {simple: RANDOM}}
  subsets:
  - name: v1
    labels: {version: v1}
  - name: v2
    labels: {version: v2, track: canary}
    trafficPolicy: {loadBalancer: {simple: ROUND_ROBIN}}
)YAML") << QStringList{"dr.host=reviews.prod.svc.cluster.local", "dr.subset[v1]=version=v1",
                     "dr.subset[v2]=track=canary,version=v2", "dr.exportTo=."};
}

void TestIstioImport::fields() {
  QFETCH(QString, yaml);
  QFETCH(QStringList, expected);
  Diagnostics diags;
  const model::Config config = importText(yaml.toStdString(), diags);
  const QStringList facts = describe(config);
  for (const auto& line : expected) {
    QVERIFY2(facts.contains(line),
             qPrintable(QStringLiteral("missing: ") + line + QStringLiteral("\nmodel:\n") +
                        facts.join(QLatin1Char('\n'))));
  }
  // Only the deliberately invalid rows may produce findings; these are valid.
  QVERIFY2(diags.empty(), diags.format().c_str());
}

void TestIstioImport::diagnostics_data() {
  QTest::addColumn<QString>("yaml");
  QTest::addColumn<QString>("fieldPath");
  QTest::addColumn<QString>("message");

  auto row = [](const char* name, const std::string& yaml, const char* path, const char* msg) {
    QTest::newRow(name) << QString::fromStdString(yaml) << QString::fromLatin1(path)
                        << QString::fromLatin1(msg);
  };
  row("route and redirect", vs(R"YAML(
  hosts: [a]
  http:
  - route: [{destination: {host: a}}]
  - redirect: {uri: /x}
    route: [{destination: {host: a}}]
)YAML"), "spec.http[1].route", "HTTP route cannot contain both route and redirect");
  row("no action", vs(R"YAML(
  hosts: [a]
  http:
  - route: [{destination: {host: a}}]
  - match: [{uri: {prefix: /x}}]
    timeout: 1s
)YAML"), "spec.http[1]", "HTTP route, redirect or direct_response is required");
  row("direct response and fault", vs(R"YAML(
  hosts: [a]
  http:
  - directResponse: {status: 404}
    fault: {abort: {httpStatus: 500}}
)YAML"), "spec.http[0].fault", "HTTP route cannot contain both fault and direct_response");
  row("zero total weight", vs(R"YAML(
  hosts: [a]
  http:
  - route:
    - destination: {host: a, subset: v1}
    - destination: {host: a, subset: v2}
)YAML"), "spec.http[0].route", "total destination weight = 0");
  row("mirror and mirrors", vs(R"YAML(
  hosts: [a]
  http:
  - route: [{destination: {host: a}}]
    mirror: {host: b}
    mirrors: [{destination: {host: c}}]
)YAML"), "spec.http[0].mirrors", "cannot contain both mirror and mirrors");
  row("mirror percentage range", vs(R"YAML(
  hosts: [a]
  http:
  - route: [{destination: {host: a}}]
    mirror: {host: b}
    mirrorPercentage: {value: 150}
)YAML"), "spec.http[0].mirrorPercentage.value", "must be between 0 and 100 (it has 150)");
  row("fault percentage range", vs(R"YAML(
  hosts: [a]
  http:
  - route: [{destination: {host: a}}]
    fault: {delay: {fixedDelay: 1s, percentage: {value: -5}}}
)YAML"), "spec.http[0].fault.delay.percentage.value", "fault percentage must be between 0 and 100");
  row("empty fault", vs(R"YAML(
  hosts: [a]
  http:
  - route: [{destination: {host: a}}]
    fault: {}
)YAML"), "spec.http[0].fault", "must have an abort and/or a delay");
  row("bad duration", vs(R"YAML(
  hosts: [a]
  http:
  - route: [{destination: {host: a}}]
    timeout: 10 seconds
)YAML"), "spec.http[0].timeout", "invalid duration");
  row("bad redirect code", vs(R"YAML(
  hosts: [a]
  http:
  - redirect: {uri: /b, redirectCode: 200}
)YAML"), "spec.http[0].redirect.redirectCode", "200 is not a valid redirect code, must be 3xx");
  row("retries disabled", vs(R"YAML(
  hosts: [a]
  http:
  - route: [{destination: {host: a}}]
    retries: {attempts: 0, retryOn: 5xx}
)YAML"), "spec.http[0].retries", "attempts are set to 0");
  row("two uri rewrites", vs(R"YAML(
  hosts: [a]
  http:
  - route: [{destination: {host: a}}]
    rewrite: {uri: /x, uriRegexRewrite: {match: "/y", rewrite: "/z"}}
)YAML"), "spec.http[0].rewrite.uriRegexRewrite", "only contain one of URI or UriRegexRewrite");
  row("duplicate port name", R"YAML(
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw}
spec:
  servers:
  - port: {number: 80, name: web, protocol: HTTP}
    hosts: ["*"]
  - port: {number: 8080, name: web, protocol: HTTP}
    hosts: ["*"]
)YAML", "spec.servers[1].port.name", "port names in servers must be unique: duplicate name web");
  row("https without tls", R"YAML(
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw}
spec:
  servers:
  - port: {number: 443, name: https, protocol: HTTPS}
    hosts: ["*"]
)YAML", "spec.servers[0].tls", "server must have TLS settings for HTTPS/TLS protocols");
  row("simple tls without credentials", R"YAML(
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw}
spec:
  servers:
  - port: {number: 443, name: https, protocol: HTTPS}
    hosts: ["*"]
    tls: {mode: SIMPLE}
)YAML", "spec.servers[0].tls", "SIMPLE TLS requires a credentialName");
  row("duplicate subset", R"YAML(
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: dr}
spec:
  host: a
  subsets:
  - {name: v1, labels: {version: v1}}
  - {name: v1, labels: {version: v2}}
)YAML", "spec.subsets[1].name", "duplicate subset name v1");
}

void TestIstioImport::diagnostics() {
  QFETCH(QString, yaml);
  QFETCH(QString, fieldPath);
  QFETCH(QString, message);
  Diagnostics diags;
  importText(yaml.toStdString(), diags);
  QVERIFY2(!diags.empty(), "expected a finding");
  bool found = false;
  for (const auto& d : diags.items()) {
    found = found || (QString::fromStdString(d.fieldPath) == fieldPath &&
                      QString::fromStdString(d.message).contains(message));
  }
  QVERIFY2(found, diags.format().c_str());
  // One problem, one finding: no cascades.
  QCOMPARE(diags.items().size(), size_t(1));
}

void TestIstioImport::diagnosticLocation() {
  Diagnostics diags;
  importText(vs(R"YAML(
  hosts: [a]
  http:
  - route: [{destination: {host: a}}]
    mirror: {host: b}
    mirrorPercentage:
      value: 101
)YAML"), diags, "located.yaml");
  QCOMPARE(diags.items().size(), size_t(1));
  const Diagnostic& d = diags.items().front();
  QCOMPARE(d.location.file, std::string("located.yaml"));
  // The offending scalar: line 13 of the document, after "value: ".
  QCOMPARE(d.location.line, 13);
  QCOMPARE(d.location.column, 14);
}

void TestIstioImport::originsIndexLists() {
  Diagnostics diags;
  const model::Config config = importText(vs(R"YAML(
  hosts: [a]
  http:
  - route: [{destination: {host: a}}]
  - match: [{uri: {prefix: /x}}, {uri: {prefix: /y}}]
    route: [{destination: {host: a}, weight: 10}, {destination: {host: b}, weight: 90}]
)YAML"), diags);
  QVERIFY(diags.empty());
  QCOMPARE(config.routes.size(), size_t(1));
  const auto& rules = config.routes[0].rules;
  QCOMPARE(rules.size(), size_t(2));
  QCOMPARE(rules[1].origin.index, 1);
  QCOMPARE(rules[1].matches[1].origin.index, 1);
  QCOMPARE(rules[1].backends[1].origin.index, 1);
  QCOMPARE(rules[1].matches[1].origin.location.line, 11);
  QVERIFY(config.routes[0].meta.provenance.document != nullptr);
  QCOMPARE(config.routes[0].dialect, model::Dialect::Istio);
}

void TestIstioImport::otherKindsAreKept() {
  Diagnostics diags;
  const model::Config config = importText(R"YAML(
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: googleapis}
spec:
  hosts: [www.googleapis.com]
---
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: default}
spec: {}
)YAML", diags);
  QVERIFY(diags.empty());
  const QStringList facts = describe(config);
  QVERIFY(facts.contains(QStringLiteral("other=ServiceEntry googleapis")));
  QVERIFY(facts.contains(QStringLiteral("other=Sidecar default")));
  QVERIFY(config.routes.empty() && config.gateways.empty());
}

int runIstioImportTests(int argc, char** argv) {
  TestIstioImport t;
  return QTest::qExec(&t, argc, argv);
}

#include "tst_istio_import.moc"
