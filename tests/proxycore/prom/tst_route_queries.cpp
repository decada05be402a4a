// The PromQL text of the cluster charts: quoting and the selectors each
// family needs (the values they return are checked against a real
// Prometheus in tst_cluster_metrics and tst_prometheus_scrape).
#include <QTest>

#include "proxycore/prom/prometheus_client.h"
#include "proxycore/prom/route_queries.h"

using namespace routedeck::core::prom;

class TestRouteQueries : public QObject {
  Q_OBJECT
 private slots:
  void stringsAreQuoted() {
    QCOMPARE(promString("a\"b\\c"), std::string("\"a\\\"b\\\\c\""));
    QCOMPARE(promString("x\ny"), std::string("\"x\\ny\""));
  }

  void alternationQuotesMetacharacters() {
    QCOMPARE(exactAlternation({"a.b", "c*"}), std::string("a\\.b|c\\*"));
    // Inside a PromQL literal the backslash is doubled.
    QCOMPARE(promString(exactAlternation({"a.b"})), std::string("\"a\\\\.b\""));
  }

  void routedeckSelectsRouteAndRule() {
    RouteMetricsTarget t;
    t.ns = "shop";
    t.route = "web";
    t.rule = 2;
    t.window = "30s";
    const RouteQueries q = buildRouteQueries(t);
    QCOMPARE(q.requestRate,
             std::string("sum(rate(routedeck_rule_requests_total{namespace=\"shop\",route=\"web\",rule=\"2\"}[30s]))"));
    QVERIFY(q.rate5xx.find("code=~\"5..\"") != std::string::npos);
    QVERIFY(q.p99.find("histogram_quantile(0.99") == 0);
    t.rule = -1;
    QVERIFY(buildRouteQueries(t).requestRate.find("rule=") == std::string::npos);
  }

  void istioSelectsDestinationsAndScalesToSeconds() {
    RouteMetricsTarget t;
    t.family = MetricFamily::Istio;
    t.destinationServices = {"reviews.default.svc.cluster.local"};
    const RouteQueries q = buildRouteQueries(t);
    QVERIFY(q.requestRate.find("reporter=\"destination\"") != std::string::npos);
    QVERIFY(q.requestRate.find("destination_service=~\"reviews\\\\.default") != std::string::npos);
    QVERIFY(q.p50.size() > 7 && q.p50.substr(q.p50.size() - 7) == " / 1000");
  }

  void parsesMatrixVectorScalarAndErrors() {
    auto m = parseQueryResponse(200, R"({"status":"success","data":{"resultType":"matrix","result":[
      {"metric":{"backend":"a"},"values":[[10,"1.5"],[20,"NaN"],[30,"+Inf"]]}]}})", "q");
    QVERIFY(m.ok());
    QCOMPARE(m->front().labels.at("backend"), std::string("a"));
    QCOMPARE(m->front().points.size(), size_t(3));
    QCOMPARE(m->front().points[0].value, 1.5);
    QVERIFY(std::isnan(m->front().points[1].value));
    QVERIFY(std::isinf(m->front().points[2].value));
    auto s = parseQueryResponse(200, R"({"status":"success","data":{"resultType":"scalar","result":[5,"2"]}})", "q");
    QVERIFY(s.ok());
    QCOMPARE(s->front().points.front().value, 2.0);
    auto e = parseQueryResponse(422, R"({"status":"error","errorType":"execution","error":"too many samples"})", "ctx");
    QVERIFY(!e.ok());
    QCOMPARE(e.error().message, std::string("ctx: HTTP 422 execution: too many samples"));
  }
};

QTEST_GUILESS_MAIN(TestRouteQueries)
#include "tst_route_queries.moc"
