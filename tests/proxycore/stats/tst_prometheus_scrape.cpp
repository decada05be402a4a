// The /metrics round trip with a real Prometheus server (Debian package
// `prometheus`): it scrapes `routedeckd serve --metrics` every second while
// a load runs through a 90/10 split to echo backends with known latency;
// its HTTP API must then report a non-zero request rate per rule and a p99
// within the backends' latency range.
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QTest>

#include <atomic>
#include <thread>

#include "tests/proxycore/proxy/live_http.h"
#include "tests/proxycore/proxy/proxy_env.h"
#include "proxycore/prom/route_series.h"
#include "tests/support/prometheus_process.h"

using namespace routedeck::tests;
using namespace routedeck::core::prom;
using routedeck::core::ErrorCode;
using routedeck::core::Result;
using routedeck::core::makeError;

namespace {

const char* kRoute = R"(---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: web, namespace: test}
spec:
  parentRefs: [{name: edge}]
  hostnames: [web.example.com]
  rules:
  - matches: [{path: {type: PathPrefix, value: /api}}]
    backendRefs:
    - {name: svc-a, port: 8080, weight: 90}
    - {name: svc-b, port: 8080, weight: 10}
  - matches: [{path: {type: PathPrefix, value: /}}]
    backendRefs: [{name: svc-a, port: 8080}]
)";

// Backend latency: normal(40 ms, 4 ms) → p99 ≈ 49 ms; the proxy adds little.
constexpr double kP99Low = 0.035;
constexpr double kP99High = 0.150;

double valueOf(const Series& s) { return s.points.empty() ? 0 : s.points.back().value; }

}  // namespace

class TestPrometheusScrape : public QObject {
  Q_OBJECT

 private slots:
  void scrapeUnderLoad() {
    if (PrometheusProcess::binary().isEmpty()) {
      QSKIP("the prometheus binary is not installed (Debian package `prometheus`; packaging/setup-debian.sh installs it)");
    }
    ProxyEnv env;
    QCOMPARE(env.startEcho({QStringLiteral("svc-a"), QStringLiteral("svc-b")},
                           {QStringLiteral("--latency"), QStringLiteral("normal:40ms,4ms"),
                            QStringLiteral("--latency"), QStringLiteral("normal:40ms,4ms")})
                 .size(),
             size_t(2));
    env.write(QStringLiteral("routes.yaml"), gatewayApiBase() + QString::fromUtf8(kRoute) +
                                                  serviceObject(QStringLiteral("svc-a")) +
                                                  serviceObject(QStringLiteral("svc-b")));
    auto ws = env.write(
        QStringLiteral("workspace.yaml"),
        workspaceYaml(QStringLiteral("test/edge"), QStringLiteral("http"), env.proxyPort(),
                      {QStringLiteral("routes.yaml")},
                      serviceEntry(QStringLiteral("svc-a"), 8080, {env.echoPort(QStringLiteral("svc-a"))}) +
                          serviceEntry(QStringLiteral("svc-b"), 8080, {env.echoPort(QStringLiteral("svc-b"))})));
    const int metricsPort = freeLoopbackPort();
    QVERIFY2(env.startServe(ws, {QStringLiteral("--metrics"), QStringLiteral("127.0.0.1:%1").arg(metricsPort),
                                 QStringLiteral("--stats-interval"), QStringLiteral("100ms")}),
             qPrintable(env.serve() ? env.serve()->err() : QString()));

    env.write(QStringLiteral("prometheus.yml"),
              QStringLiteral("global: {scrape_interval: 1s, evaluation_interval: 1s}\n"
                             "scrape_configs:\n"
                             "- job_name: routedeck\n"
                             "  scrape_interval: 1s\n"
                             "  static_configs: [{targets: ['127.0.0.1:%1']}]\n")
                  .arg(metricsPort));
    PrometheusProcess prom;
    QVERIFY2(prom.start(env.path(QStringLiteral("prometheus.yml")), env.path(QStringLiteral("tsdb"))),
             qPrintable(prom.error()));
    PrometheusEndpoint endpoint;
    endpoint.url = prom.url().toStdString();
    const PrometheusClient client(endpoint);
    auto query = [&](const QString& promql) {
      auto r = client.query(promql.toStdString());
      return r.ok() ? std::move(*r) : std::vector<Series>();
    };

    std::atomic<bool> stop{false};
    std::atomic<int> sent{0}, failed{0};
    std::vector<std::thread> load;
    for (int i = 0; i < 4; ++i) {
      load.emplace_back([&] {
        HttpClient c(env.proxyPort(), 5000);
        while (!stop.load()) {
          (c.get("/api/items", "web.example.com").status == 200 ? sent : failed) += 1;
        }
      });
    }
    auto stopLoad = qScopeGuard([&] {
      stop = true;
      for (auto& t : load) t.join();
    });

    // Bounded wait for the scrapes to give rates over a 10 s window.
    const QString rateQ = QStringLiteral(
        "sum by (route, rule) (rate(routedeck_rule_requests_total{route=\"web\"}[10s]))");
    const QString p99Q = QStringLiteral(
        "histogram_quantile(0.99, sum by (le, route, rule) "
        "(rate(routedeck_rule_request_duration_seconds_bucket{route=\"web\"}[10s])))");
    const QString backendQ = QStringLiteral(
        "sum by (backend) (rate(routedeck_backend_requests_total{route=\"web\",rule=\"0\"}[10s]))");
    double rate = 0, p99 = 0, rateA = 0, rateB = 0;
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < 40000) {
      std::this_thread::sleep_for(std::chrono::seconds(1));
      if (t.elapsed() < 6000) continue;  // a few scrapes under load first
      rate = p99 = rateA = rateB = 0;
      for (const auto& s : query(rateQ)) {
        if (s.labels.count("rule") && s.labels.at("rule") == "0") rate = valueOf(s);
      }
      for (const auto& s : query(p99Q)) {
        if (s.labels.count("rule") && s.labels.at("rule") == "0") p99 = valueOf(s);
      }
      for (const auto& s : query(backendQ)) {
        const std::string b = s.labels.count("backend") ? s.labels.at("backend") : std::string();
        (b.find("svc-a") != std::string::npos ? rateA : rateB) = valueOf(s);
      }
      if (rate > 0 && p99 > 0 && rateA > 0 && rateB > 0) break;
    }
    qInfo("sent %d (failed %d); rate %.2f/s, p99 %.4f s, svc-a %.2f/s, svc-b %.2f/s", sent.load(),
          failed.load(), rate, p99, rateA, rateB);
    QCOMPARE(failed.load(), 0);
    QVERIFY2(rate > 5, qPrintable(QString::number(rate)));
    QVERIFY2(p99 >= kP99Low && p99 <= kP99High, qPrintable(QString::number(p99)));
    QVERIFY2(rateA > rateB && rateB > 0, qPrintable(QStringLiteral("%1 %2").arg(rateA).arg(rateB)));
    // The unused rule is exported too, with no traffic.
    const auto idle = query(QStringLiteral("routedeck_rule_requests_total{route=\"web\",rule=\"1\"}"));
    QCOMPARE(idle.size(), size_t(1));
    QCOMPARE(valueOf(idle.front()), 0.0);

    // The cluster charts' own queries (route_queries.h) over the last
    // 10 s: the same figures, per backend, and zero-line error series.
    RouteMetricsTarget target;
    target.ns = "test";
    target.route = "web";
    target.rule = 0;
    target.window = "10s";
    // Prometheus starts scraping a few seconds after it is ready, so the
    // range may still be young: bounded wait until its last step has data.
    Result<RouteSeries> series = makeError(ErrorCode::Io, "not asked");
    for (QElapsedTimer waited; !waited.isValid() || waited.elapsed() < 20000;) {
      if (!waited.isValid()) waited.start();
      const double now = static_cast<double>(QDateTime::currentSecsSinceEpoch());
      series = fetchRouteSeries(client, target, now - 10, now, 2);
      if (!series.ok() || (!series->requestRate.empty() && !series->p99.empty() &&
                           series->rateByBackend.size() == 2)) {
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
    QVERIFY2(series.ok(), series.ok() ? "" : series.error().message.c_str());
    QVERIFY2(series->errors.empty(), series->errors.empty() ? "" : series->errors.front().c_str());
    QVERIFY2(!series->requestRate.empty() && !series->p99.empty() && !series->rate5xx.empty(),
             qPrintable(QStringLiteral("points: rate %1, p99 %2, 5xx %3")
                            .arg(series->requestRate.size())
                            .arg(series->p99.size())
                            .arg(series->rate5xx.size())));
    QVERIFY2(series->requestRate.back().value > 5, qPrintable(QString::number(series->requestRate.back().value)));
    const double chartP99 = series->p99.back().value;
    QVERIFY2(chartP99 >= kP99Low && chartP99 <= kP99High, qPrintable(QString::number(chartP99)));
    QCOMPARE(series->rate5xx.back().value, 0.0);
    QCOMPARE(series->rateByBackend.size(), size_t(2));
    double chartA = 0, chartB = 0;
    for (const auto& [backend, points] : series->rateByBackend) {
      (backend.find("svc-a") != std::string::npos ? chartA : chartB) = points.empty() ? 0 : points.back().value;
    }
    QVERIFY2(chartA > chartB && chartB > 0, qPrintable(QStringLiteral("%1 %2").arg(chartA).arg(chartB)));
  }
};

QTEST_GUILESS_MAIN(TestPrometheusScrape)
#include "tst_prometheus_scrape.moc"
