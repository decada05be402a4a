// The cluster charts' model against a real Prometheus holding Istio's
// standard metrics (promtool-backfilled, exact slopes; see
// tests/support/istio_metrics_fixture.h): a route's backends become the
// Istio destinations, and the series carry the expected rates, per-version
// split and latency quantiles in milliseconds. An unreachable Prometheus is
// an error naming the URL, not empty charts.
#include <QSignalSpy>
#include <QTest>

#include "models/cluster/cluster_metrics_model.h"
#include "tests/support/istio_metrics_fixture.h"

using namespace routedeck::models;
using routedeck::tests::IstioMetricsFixture;

namespace {

const char* kRoute =
    R"({"apiVersion":"gateway.networking.k8s.io/v1","kind":"HTTPRoute","metadata":{"name":"reviews","namespace":"default"},)"
    R"("spec":{"rules":[{"backendRefs":[{"name":"reviews","port":9080}]}]}})";

bool allNear(const QVector<QPointF>& pts, double want) {
  if (pts.isEmpty()) return false;
  for (const auto& p : pts) {
    if (qAbs(p.y() - want) > 1e-6 * qMax(1.0, want)) return false;
  }
  return true;
}

}  // namespace

class TestClusterMetricsModel : public QObject {
  Q_OBJECT
  IstioMetricsFixture m_istio;

 private slots:
  void initTestCase() {
    if (!m_istio.skipReason().isEmpty()) QSKIP(qPrintable(m_istio.skipReason()));
    QVERIFY2(m_istio.start(), qPrintable(m_istio.error()));
  }

  void routeSeriesFromIstioMetrics() {
    ClusterMetricsModel model;
    model.setWindow(600, 60000);
    model.setEnd(static_cast<double>(m_istio.t0() + 15 * 60));
    QSignalSpy updated(&model, &ClusterMetricsModel::updated);
    model.setPrometheus(m_istio.url(), ClusterMetricsModel::Family::Istio);
    model.setObject(QStringLiteral("HTTPRoute default/reviews"), QString::fromLatin1(kRoute));
    QTRY_VERIFY_WITH_TIMEOUT(model.fetches() >= 1, 10000);
    QVERIFY2(model.lastError().isEmpty(), qPrintable(model.lastError()));
    QCOMPARE(model.destinations(), QStringList{QStringLiteral("reviews.default.svc.cluster.local")});
    QVERIFY(allNear(model.series(ClusterMetricsModel::Series::Rate), 14));
    QVERIFY(allNear(model.series(ClusterMetricsModel::Series::Rate5xx), 1.5));
    QVERIFY(allNear(model.series(ClusterMetricsModel::Series::P99), 95));  // ms
    QVERIFY(allNear(model.series(ClusterMetricsModel::Series::P50), 10));
    const auto backends = model.backends();
    QCOMPARE(backends.keys(), (QStringList{QStringLiteral("reviews/v1"), QStringLiteral("reviews/v2")}));
    QVERIFY(allNear(backends.value(QStringLiteral("reviews/v2")), 3.5));
  }

  void unreachablePrometheusIsAnError() {
    ClusterMetricsModel model;
    QSignalSpy failed(&model, &ClusterMetricsModel::failed);
    model.setPrometheus(QStringLiteral("http://127.0.0.1:1"), ClusterMetricsModel::Family::Istio);
    model.setObject(QStringLiteral("HTTPRoute default/reviews"), QString::fromLatin1(kRoute));
    QVERIFY(failed.wait(10000));
    QVERIFY2(failed.first().first().toString().contains(QStringLiteral("http://127.0.0.1:1/api/v1/query_range")),
             qPrintable(failed.first().first().toString()));
  }
};

QTEST_GUILESS_MAIN(TestClusterMetricsModel)
#include "tst_cluster_metrics_model.moc"
