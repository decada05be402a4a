// The Envoy RouteConfiguration importer and Envoy routing: domain selection
// order, each match kind, weighted buckets, redirect URLs, and errors with
// their line and column.
#include <QTest>

#include "proxycore/daemon/route_test.h"
#include "proxycore/dialects/dialect.h"
#include "proxycore/router/route_table.h"
#include "proxycore/yaml/yaml_io.h"

using namespace routedeck::core;

namespace {

struct Loaded {
  std::shared_ptr<model::Config> config = std::make_shared<model::Config>();
  Diagnostics diags;
  router::RouteTableConstSharedPtr table;
};

Loaded load(const std::string& yamlText) {
  Loaded l;
  for (const auto& doc : yaml::loadString(yamlText, "rc.yaml", l.diags)) {
    dialects::importDocument(doc, *l.config, l.diags);
  }
  Diagnostics compile;
  l.table = router::RouteTable::compile(l.config, compile);
  return l;
}

router::Request request(const std::string& host, const std::string& path,
                        std::vector<std::string> headers = {}, const std::string& method = "GET") {
  headers.insert(headers.begin(), "Host: " + host);
  return *router::Request::parse(method + " " + path, headers);
}

// "vhost/rule" of the decision, "404" when nothing matched, or the redirect.
std::string where(const Loaded& l, const router::Request& r) {
  auto d = l.table->route(r, {});
  if (!d.error.empty()) {
    return "error: " + d.error;
  }
  if (d.redirectLocation) {
    return std::to_string(d.status) + " " + *d.redirectLocation;
  }
  if (!d.route || d.route->rule < 0) {
    return std::to_string(d.status);
  }
  return d.route->name + "/" + std::to_string(d.route->rule);
}

const char* kDomains = R"(
name: domains
virtual_hosts:
- {name: exact, domains: [api.example.com], routes: [{match: {prefix: /}, route: {cluster: a}}]}
- {name: short-suffix, domains: ["*.com"], routes: [{match: {prefix: /}, route: {cluster: b}}]}
- {name: long-suffix, domains: ["*.example.com"], routes: [{match: {prefix: /}, route: {cluster: c}}]}
- {name: prefix, domains: ["api.*", "api.example.*"], routes: [{match: {prefix: /}, route: {cluster: d}}]}
- {name: default, domains: ["*"], routes: [{match: {prefix: /}, route: {cluster: e}}]}
)";

const char* kMatches = R"(
virtual_hosts:
- name: m
  domains: ["*"]
  routes:
  - {name: exact, match: {path: /exact}, route: {cluster: c}}
  - {name: nocase, match: {path: /NoCase, case_sensitive: false}, route: {cluster: c}}
  - {name: regex, match: {safe_regex: {regex: "/r/[0-9]+"}}, route: {cluster: c}}
  - {name: separated, match: {path_separated_prefix: /sep}, route: {cluster: c}}
  - name: header-exact
    match: {prefix: /h, headers: [{name: x-a, string_match: {exact: one}}]}
    route: {cluster: c}
  - name: header-inverted
    match: {prefix: /h, headers: [{name: x-b, string_match: {exact: two}, invert_match: true}]}
    route: {cluster: c}
  - name: header-absent
    match: {prefix: /h, headers: [{name: x-c, present_match: false}]}
    route: {cluster: c}
  - name: query
    match: {prefix: /q, query_parameters: [{name: v, string_match: {prefix: "2"}}]}
    route: {cluster: c}
  - name: contains-nocase
    match: {prefix: /q, headers: [{name: x-d, string_match: {contains: BeTa, ignore_case: true}}]}
    route: {cluster: c}
  - {name: grpc, match: {prefix: /, grpc: {}}, route: {cluster: c}}
  - {name: prefix, match: {prefix: /s}, route: {cluster: c}}
)";

}  // namespace

class TestEnvoyImport : public QObject {
  Q_OBJECT

 private slots:
  void domainSelectionOrder_data() {
    QTest::addColumn<QString>("host");
    QTest::addColumn<QString>("expected");
    QTest::newRow("exact beats every wildcard") << "api.example.com"
                                                << "exact/0";
    QTest::newRow("longest suffix wildcard") << "www.example.com"
                                             << "long-suffix/0";
    QTest::newRow("shorter suffix wildcard") << "www.other.com"
                                             << "short-suffix/0";
    QTest::newRow("suffix beats prefix") << "api.example.org.com"
                                         << "short-suffix/0";
    QTest::newRow("prefix wildcard") << "api.example.org"
                                     << "prefix/0";
    QTest::newRow("default") << "foo.net"
                             << "default/0";
    QTest::newRow("wildcard needs a character") << "example.com"
                                                << "short-suffix/0";
    QTest::newRow("case-insensitive") << "API.Example.COM"
                                      << "exact/0";
  }
  void domainSelectionOrder() {
    QFETCH(QString, host);
    QFETCH(QString, expected);
    auto l = load(kDomains);
    QVERIFY2(!l.diags.hasErrors(), l.diags.format().c_str());
    QCOMPARE(QString::fromStdString(where(l, request(host.toStdString(), "/"))), expected);
  }

  void matchKinds_data() {
    QTest::addColumn<QString>("path");
    QTest::addColumn<QStringList>("headers");
    QTest::addColumn<QString>("expected");  // rule name, or the status
    QTest::newRow("path exact") << "/exact?x=1" << QStringList{} << "exact";
    QTest::newRow("path exact is not a prefix") << "/exactly" << QStringList{} << "404";
    QTest::newRow("case_sensitive false") << "/nocase" << QStringList{} << "nocase";
    QTest::newRow("safe_regex full match") << "/r/12" << QStringList{} << "regex";
    QTest::newRow("safe_regex not partial") << "/r/12x" << QStringList{} << "404";
    QTest::newRow("path_separated_prefix") << "/sep/x" << QStringList{} << "separated";
    QTest::newRow("path_separated_prefix needs a separator")
        << "/separate" << QStringList{} << "prefix";
    QTest::newRow("header exact") << "/h" << QStringList{"x-a: one", "x-c: 1", "x-b: two"}
                                  << "header-exact";
    QTest::newRow("inverted needs the header") << "/h" << QStringList{"x-c: 1"} << "404";
    QTest::newRow("inverted value")
        << "/h" << QStringList{"x-b: three", "x-c: 1"} << "header-inverted";
    QTest::newRow("present_match false") << "/h" << QStringList{} << "header-absent";
    QTest::newRow("query parameter") << "/q?v=21" << QStringList{} << "query";
    QTest::newRow("contains ignore_case")
        << "/q?v=1" << QStringList{"x-d: alphabetagamma"} << "contains-nocase";
    QTest::newRow("grpc content-type")
        << "/q" << QStringList{"content-type: application/grpc+proto"} << "grpc";
    QTest::newRow("not grpc") << "/q" << QStringList{"content-type: application/grpcx"} << "404";
    QTest::newRow("first match in file order")
        << "/sep" << QStringList{"content-type: application/grpc"} << "separated";
  }
  void matchKinds() {
    QFETCH(QString, path);
    QFETCH(QStringList, headers);
    QFETCH(QString, expected);
    auto l = load(kMatches);
    QVERIFY2(!l.diags.hasErrors(), l.diags.format().c_str());
    std::vector<std::string> hs;
    for (const auto& h : headers) {
      hs.push_back(h.toStdString());
    }
    auto d = l.table->route(request("x", path.toStdString(), hs), {});
    const std::string got = d.rule && d.rule->name ? *d.rule->name : std::to_string(d.status);
    QCOMPARE(QString::fromStdString(got), expected);
  }

  void weightedBuckets_data() {
    QTest::addColumn<qulonglong>("random");
    QTest::addColumn<QString>("cluster");
    QTest::newRow("0") << 0ULL << "c1";
    QTest::newRow("29") << 29ULL << "c1";
    QTest::newRow("30") << 30ULL << "c2";
    QTest::newRow("59") << 59ULL << "c2";
    QTest::newRow("60") << 60ULL << "c3";
    QTest::newRow("115 mod 100") << 115ULL << "c1";
    QTest::newRow("445 mod 100") << 445ULL << "c2";
    QTest::newRow("560 mod 100") << 560ULL << "c3";
  }
  void weightedBuckets() {
    QFETCH(qulonglong, random);
    QFETCH(QString, cluster);
    auto l = load(R"(
virtual_hosts:
- name: w
  domains: ["*"]
  routes:
  - match: {prefix: /}
    route:
      weighted_clusters:
        clusters: [{name: c1, weight: 30}, {name: c2, weight: 30}, {name: zero, weight: 0}, {name: c3, weight: 40}]
)");
    QVERIFY2(!l.diags.hasErrors(), l.diags.format().c_str());
    auto d = l.table->route(request("x", "/"), {});
    const auto* b = cli::routetest::pickBackend(d, random);
    QVERIFY(b);
    QCOMPARE(QString::fromStdString(b->name), cluster);
  }

  void redirects_data() {
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("proto");
    QTest::addColumn<QString>("expected");
    QTest::newRow("host") << "/host/x?q=1"
                          << "http"
                          << "301 http://new.example.com/host/x?q=1";
    QTest::newRow("path keeps query") << "/path?q=1"
                                      << "https"
                                      << "302 https://h.example.com/new?q=1";
    QTest::newRow("path with own query") << "/pq?q=1"
                                         << "http"
                                         << "301 http://h.example.com/n?a=b";
    QTest::newRow("prefix_rewrite concatenates") << "/pre/x"
                                                 << "http"
                                                 << "301 http://h.example.com/blahx";
    QTest::newRow("https_redirect and port") << "/tls"
                                             << "http"
                                             << "308 https://h.example.com:8443/tls";
    QTest::newRow("require_tls") << "/"
                                 << "http"
                                 << "301 https://secure.example.com/";
    QTest::newRow("require_tls satisfied") << "/"
                                           << "https"
                                           << "secure/0";
  }
  void redirects() {
    QFETCH(QString, path);
    QFETCH(QString, proto);
    QFETCH(QString, expected);
    auto l = load(R"(
virtual_hosts:
- name: r
  domains: [h.example.com]
  routes:
  - {match: {prefix: /host}, redirect: {host_redirect: new.example.com}}
  - {match: {path: /path}, redirect: {path_redirect: /new, response_code: FOUND}}
  - {match: {path: /pq}, redirect: {path_redirect: "/n?a=b"}}
  - {match: {prefix: /pre/}, redirect: {prefix_rewrite: /blah}}
  - {match: {prefix: /tls}, redirect: {https_redirect: true, port_redirect: 8443, response_code: PERMANENT_REDIRECT}}
- name: secure
  domains: [secure.example.com]
  require_tls: ALL
  routes: [{match: {prefix: /}, route: {cluster: s}}]
)");
    QVERIFY2(!l.diags.hasErrors(), l.diags.format().c_str());
    const std::string host = path == "/" ? "secure.example.com" : "h.example.com";
    auto r = request(host, path.toStdString(), {"x-forwarded-proto: " + proto.toStdString()});
    QCOMPARE(QString::fromStdString(where(l, r)), expected);
  }

  void errorsHaveLineAndColumn_data() {
    QTest::addColumn<QString>("yaml");
    QTest::addColumn<QString>("expected");
    QTest::newRow("bad regex")
        << "virtual_hosts:\n- name: v\n  domains: ['*']\n  routes:\n  - match: {safe_regex: "
           "{regex: '(['}}\n"
           "    route: {cluster: c}\n"
        << "rc.yaml:5:33: error: regular expression \"([\" is not valid RE2: missing ]: [ "
           "[virtual_hosts[0].routes[0].match.safe_regex.regex]";
    QTest::newRow("no action")
        << "virtual_hosts:\n- name: v\n  domains: ['*']\n  routes:\n  - match: {prefix: /}\n"
        << "rc.yaml:5:5: error: route needs one of route, redirect, direct_response "
           "[virtual_hosts[0].routes[0]]";
    QTest::newRow("duplicate domain") << "virtual_hosts:\n- {name: a, domains: [x.com], routes: "
                                         "[]}\n- {name: b, domains: [x.com], routes: []}\n"
                                      << "rc.yaml:3:23: error: domain \"x.com\" is already used by "
                                         "virtual host \"a\" (Envoy rejects "
                                         "duplicate domains) [virtual_hosts[1].domains[0]]";
    QTest::newRow("unknown field is a warning")
        << "virtual_hosts:\n- name: v\n  domains: ['*']\n  colour: red\n  routes: []\n"
        << "rc.yaml:4:3: warning: unknown field \"colour\"; ignored [virtual_hosts[0].colour]";
    QTest::newRow("two path kinds")
        << "virtual_hosts:\n- name: v\n  domains: ['*']\n  routes:\n  - match: {prefix: /, path: "
           "/a}\n"
           "    route: {cluster: c}\n"
        << "rc.yaml:5:12: error: route match must set only one of prefix, path, safe_regex, "
           "path_separated_prefix [virtual_hosts[0].routes[0].match]";
  }
  void errorsHaveLineAndColumn() {
    QFETCH(QString, yaml);
    QFETCH(QString, expected);
    auto l = load(yaml.toStdString());
    QCOMPARE(QString::fromStdString(l.diags.format()).trimmed(), expected);
    if (expected.contains(QStringLiteral(" error: "))) {
      QVERIFY(l.config->routes.empty());  // nothing of a bad document is imported
      QVERIFY(l.config->gateways.empty());
    }
  }

  void wrappedRouteConfiguration() {
    auto l = load(
        R"({"route_config": {"@type": "type.googleapis.com/envoy.config.route.v3.RouteConfiguration",
      "name": "rc1", "virtualHosts": [{"name": "v", "domains": ["*"],
      "routes": [{"match": {"prefix": "/"}, "route": {"cluster": "c", "timeout": "1.5s"}}]}]}})");
    QVERIFY2(!l.diags.hasErrors(), l.diags.format().c_str());
    QCOMPARE(l.config->gateways.size(), size_t(1));
    QCOMPARE(QString::fromStdString(l.config->gateways[0].meta.name), QStringLiteral("rc1"));
    QCOMPARE(l.config->routes[0].rules[0].timeouts.request->millis, 1500LL);
  }

  void exportToEnvoyIsRefused() {
    auto l = load(kDomains);
    dialects::FidelityReport report;
    QVERIFY(dialects::exportConfig(*l.config, model::Dialect::Envoy, report).empty());
    QCOMPARE(report.count(dialects::Fidelity::Lost), 1);
    QVERIFY(QString::fromStdString(report.format()).contains(QStringLiteral("read-only")));
  }

  void convertsToGatewayApi() {
    auto l = load(kDomains);
    dialects::FidelityReport report;
    auto docs = dialects::exportConfig(*l.config, model::Dialect::GatewayApi, report);
    QCOMPARE(docs.size(), size_t(6));  // a Gateway and five HTTPRoutes
    QVERIFY(QString::fromStdString(report.format()).contains(QStringLiteral("api.*")));
  }
};

QTEST_GUILESS_MAIN(TestEnvoyImport)
#include "tst_envoy_import.moc"
