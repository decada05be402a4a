// Export by patching: import → exportOwn → import is the identity on the
// model, an unedited config writes back the very documents it came from, and
// edits keep every field RouteDeck does not model.
#include <QFile>
#include <QTest>

#include <algorithm>

#include "proxycore/dialects/istio/istio.h"
#include "proxycore/yaml/yaml_io.h"
#include "tests/proxycore/dialects_istio/istio_test_util.h"
#include "tests/support/test_support.h"

using namespace routedeck::core;
using namespace routedeck::tests::istio;

class TestIstioRoundTrip : public QObject {
  Q_OBJECT

 private slots:
  void corpusDocuments_data();
  void corpusDocuments();
  void inlineDocuments_data();
  void inlineDocuments();
  void writerCoversEveryModelledField_data();
  void writerCoversEveryModelledField();

 private:
  int m_corpusDocuments = 0;
};

namespace {

bool isModelledKind(const yaml::Node& doc) {
  const yaml::Node* kind = doc.find("kind");
  return kind && (kind->text() == "Gateway" || kind->text() == "VirtualService" ||
                  kind->text() == "DestinationRule");
}

// Round-trips one document: no findings, same tree, same model.
void checkRoundTrip(const yaml::Document& doc) {
  Diagnostics diags;
  model::Config first;
  dialects::istio::importDocument(dialects::Reader(doc, diags), first);
  QVERIFY2(diags.empty(), diags.format().c_str());

  std::vector<yaml::Node> exported;
  dialects::istio::exportOwn(first, exported);
  QCOMPARE(exported.size(), size_t(1));
  QVERIFY2(exported[0] == doc.root, ("document changed:\n--- original\n" + yaml::write(doc.root) +
                                     "--- exported\n" + yaml::write(exported[0]))
                                        .c_str());

  Diagnostics again;
  const model::Config second = reimport(exported, again);
  QVERIFY2(again.empty(), again.format().c_str());
  QVERIFY(second == first);
}

}  // namespace

void TestIstioRoundTrip::corpusDocuments_data() {
  QTest::addColumn<QString>("file");
  const QString dir = samplesDir();
  if (dir.isEmpty()) {
    QTest::newRow("no-corpus") << QString();
    return;
  }
  for (const QString& f : routedeck::tests::filesUnder(dir, {QStringLiteral(".yaml")})) {
    QTest::newRow(qPrintable(f.mid(dir.size() + 1))) << f;
  }
}

void TestIstioRoundTrip::corpusDocuments() {
  QFETCH(QString, file);
  if (file.isEmpty()) {
    QSKIP(qPrintable(routedeck::tests::corpusMissingMessage()));
  }
  Diagnostics loadDiags;
  const std::vector<yaml::Document> docs = yaml::loadFile(file.toStdString(), loadDiags);
  QVERIFY2(loadDiags.empty(), loadDiags.format().c_str());
  int checked = 0;
  for (const auto& doc : docs) {
    // Gateway API and Kubernetes documents in the samples belong to other importers.
    if (!isIstio(doc.root) || !isModelledKind(doc.root)) {
      continue;
    }
    checkRoundTrip(doc);
    if (QTest::currentTestFailed()) {
      return;
    }
    ++checked;
  }
  m_corpusDocuments += checked;
  qInfo("%s: %d Istio documents round-tripped (%d so far)", qPrintable(QFileInfo(file).fileName()),
        checked, m_corpusDocuments);
}

// Forgets where everything came from, so export must write each field itself.
static void forgetSources(model::Config& config) {
  auto forgetRules = [](std::vector<model::RouteRule>& rules) {
    for (auto& r : rules) {
      r.origin.index = -1;
      for (auto& m : r.matches) {
        m.origin.index = -1;
      }
      for (auto& b : r.backends) {
        b.origin.index = -1;
      }
      for (auto& m : r.mirrors) {
        m.backend.origin.index = -1;
      }
    }
  };
  for (auto& g : config.gateways) {
    g.meta.provenance = {};
    for (auto& l : g.listeners) {
      l.origin.index = -1;
    }
  }
  for (auto& r : config.routes) {
    r.meta.provenance = {};
    forgetRules(r.rules);
  }
  for (auto& d : config.destinationRules) {
    d.meta.provenance = {};
  }
}

void TestIstioRoundTrip::inlineDocuments_data() {
  QTest::addColumn<QString>("yaml");
  QTest::newRow("kitchen sink virtual service") << QString::fromUtf8(R"YAML(
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata:
  name: shop
  namespace: prod
  labels: {app: shop}
  annotations: {owner: team-a}
spec:
  hosts: ["shop.example.com", shop]
  gateways: [istio-system/public, mesh]
  exportTo: ["."]
  http:
  - name: api
    match:
    - name: m0
      uri: {prefix: /api}
      headers: {x-user: {exact: "007"}, x-any: {}, x-star: {regex: "*"}}
      withoutHeaders: {x-debug: {exact: "true"}}
      queryParams: {v: {regex: "[12]"}}
      method: {regex: "GET|HEAD"}
      authority: {exact: shop.example.com}
      scheme: {exact: https}
      port: 443
      ignoreUriCase: false
      sourceLabels: {app: frontend}
      sourceNamespace: web
      gateways: [mesh]
      statPrefix: api
    - uri: {}
      method: {exact: POST}
    route:
    - destination: {host: api, subset: v1, port: {number: 8080}}
      weight: 90
      headers:
        request: {set: {x-a: "1"}, add: {x-b: "2"}, remove: [x-c]}
        response: {}
    - destination: {host: api.prod.svc.cluster.local, subset: v2}
      weight: 10
    headers:
      request: {set: {x-env: prod}}
      response: {add: {x-served-by: shop}, remove: [server]}
    mirror: {host: shadow}
    mirrorPercentage: {value: 5.5}
    timeout: 90s
    retries:
      attempts: 3
      perTryTimeout: 2s
      retryOn: "gateway-error, 503,connect-failure"
      retryRemoteLocalities: true
    corsPolicy:
      allowOrigins: [{exact: "https://a.example.com"}, {prefix: "https://b."}]
      allowMethods: [GET]
      allowHeaders: [x-token]
      exposeHeaders: [x-trace]
      maxAge: 1h
      allowCredentials: true
      unmatchedPreflights: IGNORE
    rewrite: {uri: /v2/api, authority: api.internal}
  - match: [{uri: {exact: /old}}]
    redirect: {uri: /new, redirectCode: 301, derivePort: FROM_PROTOCOL_DEFAULT, scheme: https}
  - match: [{uri: {prefix: /docs/}}]
    redirect: {prefixRewrite: /manual/, authority: docs.example.com, port: 8443}
  - match: [{uri: {prefix: /svc}}]
    rewrite: {uriRegexRewrite: {match: "^/svc/(.*)", rewrite: "/\\1"}}
    route: [{destination: {host: svc}}]
    mirrors:
    - destination: {host: m1, port: {number: 81}}
      percentage: {value: 10}
    - destination: {host: m2}
  - match: [{uri: {exact: /down}}]
    directResponse: {status: 503, body: {string: "down for maintenance"}}
  - match: [{uri: {exact: /bytes}}]
    directResponse: {status: 200, body: {bytes: aGVsbG8=}}
  - fault:
      delay: {fixedDelay: 5s, percent: 10}
      abort: {grpcStatus: UNAVAILABLE, percentage: {value: 1}}
    corsPolicy: {allowOrigin: ["https://legacy.example.com"]}
    mirror: {host: legacy-shadow}
    mirror_percent: 20
    route: [{destination: {host: shop}}]
  tcp:
  - match: [{port: 3306}]
    route: [{destination: {host: mysql, port: {number: 3306}}}]
  tls:
  - match: [{port: 443, sniHosts: [secure.example.com]}]
    route: [{destination: {host: secure}}]
)YAML");
  QTest::newRow("gateway with unmodelled tls fields") << QString::fromUtf8(R"YAML(
apiVersion: networking.istio.io/v1alpha3
kind: Gateway
metadata: {name: gw, namespace: istio-system}
spec:
  selector: {istio: ingressgateway, zone: a}
  servers:
  - port: {number: 443, name: https, protocol: https, targetPort: 8443}
    name: main-server
    bind: 0.0.0.0
    hosts: ["prod/*.example.com", "./www.example.org"]
    tls:
      mode: MUTUAL
      credentialName: shop-cert
      minProtocolVersion: TLSV1_2
      subjectAltNames: [spiffe://cluster.local/ns/a/sa/b]
  - port: {number: 80, protocol: HTTP}
    hosts: ["*"]
    tls: {httpsRedirect: true}
  - port: {number: 8080, name: plain, protocol: HTTP}
    hosts: ["*"]
    tls: {httpsRedirect: false}
)YAML");
  QTest::newRow("destination rule with traffic policy") << QString::fromUtf8(R"YAML(
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews}
spec:
  host: reviews
  workloadSelector: {matchLabels: {app: gw}}
  trafficPolicy:
    connectionPool: {tcp: {maxConnections: 100}}
    outlierDetection: {consecutive5xxErrors: 7, interval: 5m}
  subsets:
  - name: v1
    labels: {version: v1}
    trafficPolicy: {loadBalancer: {simple: LEAST_REQUEST}}
  - name: v2
    labels: {}
  exportTo: ["*"]
)YAML");
  QTest::newRow("delegate root and explicit empties") << QString::fromUtf8(R"YAML(
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: root}
spec:
  hosts: ["*.example.com"]
  gateways: []
  http:
  - match: [{uri: {prefix: /team-a}}]
    delegate: {name: team-a, namespace: a}
  - route: [{destination: {host: default-backend}, headers: {}}]
    headers: {request: {}}
    retries: {attempts: 2}
)YAML");
}

void TestIstioRoundTrip::inlineDocuments() {
  QFETCH(QString, yaml);
  Diagnostics diags;
  const auto docs = yaml::loadString(yaml.toStdString(), "inline.yaml", diags);
  QVERIFY2(diags.empty(), diags.format().c_str());
  QCOMPARE(docs.size(), size_t(1));
  checkRoundTrip(docs[0]);
}

void TestIstioRoundTrip::writerCoversEveryModelledField_data() {
  inlineDocuments_data();
  const QString dir = samplesDir();
  for (const QString& f : dir.isEmpty() ? QStringList()
                                        : routedeck::tests::filesUnder(dir, {QStringLiteral(".yaml")})) {
    QFile file(f);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QTest::newRow(qPrintable(f.mid(dir.size() + 1))) << QString::fromUtf8(file.readAll());
  }
}

// Export without provenance must rebuild the same model: a field the writer
// forgot would otherwise hide behind the original document it patches.
void TestIstioRoundTrip::writerCoversEveryModelledField() {
  QFETCH(QString, yaml);
  Diagnostics diags;
  const model::Config first = importText(yaml.toStdString(), diags);
  QVERIFY2(diags.empty(), diags.format().c_str());
  model::Config fresh = first;
  forgetSources(fresh);
  std::vector<yaml::Node> out;
  dialects::istio::exportOwn(fresh, out);
  // Findings are possible here (a delegate rule loses its delegate, which
  // is not modelled); the model is what the writer must reproduce.
  Diagnostics again;
  model::Config second = reimport(out, again);
  // Gateway API documents in the samples are not exported by exportOwn.
  second.routes.erase(std::remove_if(second.routes.begin(), second.routes.end(),
                                     [](const auto& r) { return r.dialect != model::Dialect::Istio; }),
                      second.routes.end());
  model::Config expected = first;
  expected.routes.erase(std::remove_if(expected.routes.begin(), expected.routes.end(),
                                       [](const auto& r) { return r.dialect != model::Dialect::Istio; }),
                        expected.routes.end());
  expected.gateways.erase(std::remove_if(expected.gateways.begin(), expected.gateways.end(),
                                         [](const auto& g) { return g.dialect != model::Dialect::Istio; }),
                          expected.gateways.end());
  expected.others.clear();
  expected.services.clear();
  QVERIFY2(second == expected, qPrintable(describe(second).join(QLatin1Char('\n')) +
                                          QStringLiteral("\n--- expected\n") +
                                          describe(expected).join(QLatin1Char('\n'))));
}

int runIstioRoundTripTests(int argc, char** argv) {
  TestIstioRoundTrip t;
  return QTest::qExec(&t, argc, argv);
}

#include "tst_istio_roundtrip.moc"
