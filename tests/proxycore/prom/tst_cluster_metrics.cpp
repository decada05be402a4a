// The cluster-metrics queries against a real Prometheus (Debian package
// `prometheus`). Istio's standard metrics are written as OpenMetrics with
// known slopes and backfilled with the real `promtool tsdb
// create-blocks-from openmetrics`, so every rate and quantile the charts
// would show has an exact expected value. (routedeckd's own family is
// checked live, scraped from a running routedeckd, in tst_prometheus_scrape.)
#include <QDateTime>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

#include "proxycore/prom/prometheus_client.h"
#include "proxycore/prom/route_series.h"
#include "tests/support/istio_metrics_fixture.h"

using namespace routedeck::core::prom;
using routedeck::tests::IstioMetricsFixture;

namespace {

PrometheusClient clientAt(const std::string& url, int timeoutMs = 10000) {
  PrometheusEndpoint e;
  e.url = url;
  e.timeout = std::chrono::milliseconds(timeoutMs);
  return PrometheusClient(e);
}

bool near(double actual, double expected, double tolerance = 1e-6) {
  return std::fabs(actual - expected) <= tolerance * std::max(1.0, std::fabs(expected));
}

// Every point of a series equals `expected` (rates of straight counters are exact).
QString allNear(const std::vector<Point>& points, double expected, double tolerance = 1e-6) {
  if (points.empty()) return QStringLiteral("no points");
  for (const auto& p : points) {
    if (!near(p.value, expected, tolerance)) {
      return QStringLiteral("%1 at %2, expected %3").arg(p.value).arg(p.time, 0, 'f', 0).arg(expected);
    }
  }
  return {};
}

}  // namespace

class TestClusterMetrics : public QObject {
  Q_OBJECT
  IstioMetricsFixture m_istio;

  PrometheusClient client() const { return clientAt(m_istio.url().toStdString()); }
  RouteMetricsTarget reviews() const {
    RouteMetricsTarget t;
    t.family = MetricFamily::Istio;
    t.destinationServices = {"reviews.default.svc.cluster.local"};
    return t;
  }
  // The middle of the data, clear of its edges.
  double from() const { return static_cast<double>(m_istio.t0() + 5 * 60); }
  double to() const { return static_cast<double>(m_istio.t0() + 15 * 60); }

 private slots:
  void initTestCase() {
    if (!m_istio.skipReason().isEmpty()) QSKIP(qPrintable(m_istio.skipReason()));
    QVERIFY2(m_istio.start(), qPrintable(m_istio.error()));
  }

  void readyAnswers() {
    auto r = client().ready();
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
  }

  void routeRatesAreTheBackendsOnly() {
    auto s = fetchRouteSeries(client(), reviews(), from(), to(), 60);
    QVERIFY2(s.ok(), s.ok() ? "" : s.error().message.c_str());
    QVERIFY2(s->errors.empty(), s->errors.empty() ? "" : s->errors.front().c_str());
    QCOMPARE(s->requestRate.size(), size_t(11));  // 10 minutes at 60 s
    // reviews' four series, not ratings, not the source reporter.
    QVERIFY2(allNear(s->requestRate, 10 + 0.5 + 2 + 1.5).isEmpty(), qPrintable(allNear(s->requestRate, 14)));
    QVERIFY2(allNear(s->rate4xx, 0.5).isEmpty(), qPrintable(allNear(s->rate4xx, 0.5)));
    QVERIFY2(allNear(s->rate5xx, 1.5).isEmpty(), qPrintable(allNear(s->rate5xx, 1.5)));
  }

  void canarySplitIsPerVersion() {
    auto s = fetchRouteSeries(client(), reviews(), from(), to(), 60);
    QVERIFY(s.ok());
    QCOMPARE(s->rateByBackend.size(), size_t(2));
    QVERIFY2(allNear(s->rateByBackend["reviews/v1"], 10.5).isEmpty(),
             qPrintable(allNear(s->rateByBackend["reviews/v1"], 10.5)));
    QVERIFY2(allNear(s->rateByBackend["reviews/v2"], 3.5).isEmpty(),
             qPrintable(allNear(s->rateByBackend["reviews/v2"], 3.5)));
  }

  // histogram_quantile interpolates linearly inside a bucket: p50 sits on
  // the 10 ms bound, p90 on 50 ms, p99 at 50 + 50 × 0.9 = 95 ms.
  void latencyQuantilesInSeconds() {
    auto s = fetchRouteSeries(client(), reviews(), from(), to(), 60);
    QVERIFY(s.ok());
    QVERIFY2(allNear(s->p50, 0.010).isEmpty(), qPrintable(allNear(s->p50, 0.010)));
    QVERIFY2(allNear(s->p90, 0.050).isEmpty(), qPrintable(allNear(s->p90, 0.050)));
    QVERIFY2(allNear(s->p99, 0.095).isEmpty(), qPrintable(allNear(s->p99, 0.095)));
  }

  // A healthy route's error charts are zero lines, not missing series.
  void noErrorsIsZeroNotEmpty() {
    RouteMetricsTarget t = reviews();
    t.destinationServices = {"nothing.default.svc.cluster.local"};
    auto s = fetchRouteSeries(client(), t, from(), to(), 60);
    QVERIFY(s.ok());
    QVERIFY(s->requestRate.empty());
    QVERIFY2(allNear(s->rate5xx, 0).isEmpty(), qPrintable(allNear(s->rate5xx, 0)));
  }

  // A name with regex metacharacters is matched literally: "reviews" with
  // its dots escaped must not also match "reviewsXdefault...".
  void serviceNamesAreLiteral() {
    RouteMetricsTarget t = reviews();
    t.destinationServices = {"reviews.default.svc.cluster.local", "ratings.*"};
    auto s = fetchRouteSeries(client(), t, from(), to(), 60);
    QVERIFY(s.ok());
    QVERIFY2(allNear(s->requestRate, 14).isEmpty(), qPrintable(allNear(s->requestRate, 14)));
  }

  void instantQueryAtATime() {
    auto r = client().query("sum(istio_requests_total{destination_service_name=\"ratings\"})",
                            static_cast<double>(m_istio.t0() + 600));
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
    QCOMPARE(r->size(), size_t(1));
    QVERIFY(near(r->front().points.front().value, 50.0 * 600));
  }

  void badQueryNamesPrometheusReason() {
    auto r = client().query("sum(rate(istio_requests_total[1m])");
    QVERIFY(!r.ok());
    const QString m = QString::fromStdString(r.error().message);
    QVERIFY2(m.contains(QStringLiteral("bad_data")) && m.contains(QStringLiteral("parse error")), qPrintable(m));
    QVERIFY2(m.contains(m_istio.url()), qPrintable(m));
  }

  void notAPrometheusAnswer() {
    // A wrong path prefix: Prometheus answers its plain-text 404.
    PrometheusClient wrong = clientAt((m_istio.url() + QStringLiteral("/prefix")).toStdString());
    auto r = wrong.query("up");
    QVERIFY(!r.ok());
    const QString m = QString::fromStdString(r.error().message);
    QVERIFY2(m.contains(QStringLiteral("not a Prometheus API answer")) && m.contains(QStringLiteral("HTTP 404")),
             qPrintable(m));
  }

  void unreachableNamesTheUrl() {
    PrometheusClient none = clientAt("http://127.0.0.1:1", 2000);
    auto r = fetchRouteSeries(none, reviews(), from(), to(), 60);
    QVERIFY(!r.ok());
    QVERIFY2(r.error().message.find("http://127.0.0.1:1/api/v1/query_range") != std::string::npos,
             r.error().message.c_str());
  }

  void urlWithoutScheme() {
    PrometheusClient bad = clientAt("127.0.0.1:9090");
    auto r = bad.query("up");
    QVERIFY(!r.ok());
    QVERIFY2(r.error().message.find("must start with http://") != std::string::npos, r.error().message.c_str());
  }
};

QTEST_GUILESS_MAIN(TestClusterMetrics)
#include "tst_cluster_metrics.moc"
