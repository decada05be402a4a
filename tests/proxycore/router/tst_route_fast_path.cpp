// The data plane's untraced route() uses host and candidate indexes that
// explain's full walk does not; on virtual hosts large enough to be indexed
// both must pick the same rule for every request.
#include <QTest>

#include "proxycore/dialects/dialect.h"
#include "proxycore/yaml/yaml_io.h"
#include "tests/support/decision_compare.h"

using namespace routedeck;

namespace {

const char* const kHosts[] = {"a.example.com", "*.example.com", ""};

// Gateway API routes cycling through every path match kind, spread over an
// exact, a wildcard and the catch-all hostname.
std::string gatewayApiConfig() {
  std::string y = "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: gw, "
                  "namespace: ns}\nspec:\n  gatewayClassName: x\n  listeners:\n"
                  "  - {name: http, port: 80, protocol: HTTP}\n";
  const char* const matches[] = {
      "{path: {type: Exact, value: /x/%1}}",
      "{path: {type: PathPrefix, value: /x/%1}}",
      "{path: {type: PathPrefix, value: /x/%1/}, headers: [{name: h, value: v}]}",
      "{path: {type: PathPrefix, value: /x}, method: POST}",
      "{path: {type: RegularExpression, value: '/r/[0-9]+'}}",
      "{path: {type: PathPrefix, value: /%1}, queryParams: [{name: q, value: '1'}]}",
      "{path: {type: PathPrefix, value: /}, headers: [{name: h, value: w%1}]}",
  };
  for (int i = 0; i < 60; ++i) {
    const std::string host = kHosts[i % 3];
    std::string match = QString::fromLatin1(matches[i % 7]).arg(i % 5).toStdString();
    y += "---\napiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r" +
         std::to_string(i) + ", namespace: ns}\nspec:\n  parentRefs: [{name: gw}]\n" +
         (host.empty() ? "" : "  hostnames: ['" + host + "']\n") + "  rules:\n  - matches: [" + match +
         "]\n    backendRefs: [{name: s" + std::to_string(i % 4) + ", port: 80}]\n";
  }
  return y;
}

// One Istio VirtualService per host with string prefixes that do and do not
// reach past the first path segment, case-insensitive and regex URIs.
std::string istioConfig() {
  std::string y = "apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: gw, namespace: "
                  "ns}\nspec:\n  selector: {istio: ingressgateway}\n  servers:\n"
                  "  - port: {number: 80, name: http, protocol: HTTP}\n    hosts: ['*']\n";
  const char* const matches[] = {
      "{uri: {prefix: /x/%1}}",     "{uri: {prefix: /x%1}}",
      "{uri: {exact: /x/%1}}",      "{uri: {prefix: /X/%1}, ignoreUriCase: true}",
      "{uri: {regex: '/r/[0-9]+'}}", "{uri: {prefix: /x/}, headers: {h: {exact: v}}}",
      "{uri: {prefix: /}}",         "{uri: {regex: '/x%1[a-c]+'}}",
      "{uri: {prefix: /x%1234567890abcdefghij}}",
  };
  for (int h = 0; h < 3; ++h) {
    y += "---\napiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: vs" +
         std::to_string(h) + ", namespace: ns}\nspec:\n  hosts: ['" +
         (h == 2 ? std::string("*") : kHosts[h]) + "']\n  gateways: [gw]\n  http:\n";
    for (int i = 0; i < 20; ++i) {
      const int kind = (i + h) % 9;
      if (kind == 6 && i < 14) {
        continue;  // keep the catch-all prefix near the end
      }
      y += "  - match: [" + QString::fromLatin1(matches[kind]).arg(i % 5).toStdString() +
           "]\n    route: [{destination: {host: s" + std::to_string(i % 4) + "}}]\n";
    }
  }
  return y;
}

core::router::RouteTableConstSharedPtr compile(const std::string& yaml) {
  core::Diagnostics diags;
  auto config = std::make_shared<core::model::Config>();
  for (const auto& d : core::yaml::loadString(yaml, "inline.yaml", diags)) {
    core::dialects::importDocument(d, *config, diags);
  }
  return core::router::RouteTable::compile(config, diags);
}

}  // namespace

class TestRouteFastPath : public QObject {
  Q_OBJECT

 private slots:
  void sameDecisionWithAndWithoutTrace_data() {
    QTest::addColumn<QString>("yaml");
    QTest::newRow("gateway-api") << QString::fromStdString(gatewayApiConfig());
    QTest::newRow("istio") << QString::fromStdString(istioConfig());
  }

  void sameDecisionWithAndWithoutTrace() {
    QFETCH(QString, yaml);
    auto table = compile(yaml.toStdString());
    const char* const hosts[] = {"a.example.com", "b.example.com", "x.y.example.com", "example.com",
                                 "other.org"};
    const char* const paths[] = {"/",     "/x",    "/x/",   "/x/1",   "/x/1/", "/x/1/y", "/x1",
                                 "/x12",  "/X/1",  "/x/3/", "/r/5",   "/r/x",  "/2",     "/2/z",
                                 "/4?q=1", "/x?q=1", "//x", "/y/x/1",
                                 "/x1abc", "/x2b", "/x3d", "/x1234567890abcdefghij/k",
                                 "/x1234567890abcdefgh", "/x01234567890abcdefghij"};
    int matched = 0, checked = 0;
    for (const char* method : {"GET", "POST"}) {
      for (const char* host : hosts) {
        for (const char* path : paths) {
          for (bool header : {false, true}) {
            auto req = core::router::Request::parse(std::string(method) + " http://" + host + path,
                                                    header ? std::vector<std::string>{"h: v"}
                                                           : std::vector<std::string>{});
            QVERIFY(req.ok());
            core::router::EntryPoint entry;
            const std::string diff = tests::traceModesDiffer(*table, *req, entry);
            QVERIFY2(diff.empty(), (std::string(method) + " " + host + path + "\n  " + diff).c_str());
            entry.trace = false;
            matched += table->route(*req, entry).matched;
            ++checked;
          }
        }
      }
    }
    QVERIFY2(matched > checked / 4, "too few requests matched for the comparison to mean much");
  }
};

QTEST_GUILESS_MAIN(TestRouteFastPath)
#include "tst_route_fast_path.moc"
