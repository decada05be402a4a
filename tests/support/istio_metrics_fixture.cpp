#include "tests/support/istio_metrics_fixture.h"

#include <QDateTime>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>

namespace routedeck::tests {

namespace {

constexpr int kStep = IstioMetricsFixture::kStep;
constexpr int kSpan = IstioMetricsFixture::kSpan;
constexpr double kHistRate = 10;   // v1's 200s, the ones the histogram counts

struct Counter {
  const char* labels;
  double perSecond;
};

// Istio's label set, trimmed to what the queries read. reviews has a v1 and
// a v2 (the canary); ratings and the source reporter must be left out.
const Counter kRequests[] = {
    {R"(reporter="destination",destination_service="reviews.default.svc.cluster.local",destination_service_name="reviews",destination_version="v1",response_code="200")", kHistRate},
    {R"(reporter="destination",destination_service="reviews.default.svc.cluster.local",destination_service_name="reviews",destination_version="v1",response_code="404")", 0.5},
    {R"(reporter="destination",destination_service="reviews.default.svc.cluster.local",destination_service_name="reviews",destination_version="v2",response_code="200")", 2},
    {R"(reporter="destination",destination_service="reviews.default.svc.cluster.local",destination_service_name="reviews",destination_version="v2",response_code="503")", 1.5},
    {R"(reporter="source",destination_service="reviews.default.svc.cluster.local",destination_service_name="reviews",destination_version="v1",response_code="200")", 100},
    {R"(reporter="destination",destination_service="ratings.default.svc.cluster.local",destination_service_name="ratings",destination_version="v1",response_code="500")", 50},
};

// Cumulative bucket rates (per second) of reviews v1's 200s: half under
// 10 ms, 90 % under 50 ms, all under 100 ms.
const std::pair<const char*, double> kBuckets[] = {
    {"5", 0}, {"10", 5}, {"50", 9}, {"100", 10}, {"+Inf", 10}};
const char* kHistLabels =
    R"(reporter="destination",destination_service="reviews.default.svc.cluster.local",destination_service_name="reviews",destination_version="v1",response_code="200")";

}  // namespace

QByteArray istioOpenMetrics(qint64 t0) {
  QByteArray out = "# TYPE istio_requests counter\n";
  for (const auto& c : kRequests) {
    for (int s = 0; s <= kSpan; s += kStep) {
      out += QByteArray("istio_requests_total{") + c.labels + "} " + QByteArray::number(c.perSecond * s, 'f', 3) +
             " " + QByteArray::number(t0 + s) + "\n";
    }
  }
  out += "# TYPE istio_request_duration_milliseconds histogram\n";
  for (const auto& [le, rate] : kBuckets) {
    for (int s = 0; s <= kSpan; s += kStep) {
      out += QByteArray("istio_request_duration_milliseconds_bucket{") + kHistLabels + ",le=\"" + le + "\"} " +
             QByteArray::number(rate * s, 'f', 3) + " " + QByteArray::number(t0 + s) + "\n";
    }
  }
  for (int s = 0; s <= kSpan; s += kStep) {
    out += QByteArray("istio_request_duration_milliseconds_sum{") + kHistLabels + "} " +
           QByteArray::number(300.0 * s, 'f', 3) + " " + QByteArray::number(t0 + s) + "\n";
  }
  for (int s = 0; s <= kSpan; s += kStep) {
    out += QByteArray("istio_request_duration_milliseconds_count{") + kHistLabels + "} " +
           QByteArray::number(kHistRate * s, 'f', 3) + " " + QByteArray::number(t0 + s) + "\n";
  }
  return out + "# EOF\n";
}


QString IstioMetricsFixture::skipReason() const {
  if (PrometheusProcess::binary().isEmpty()) {
    return QStringLiteral("the prometheus binary is not installed (Debian package `prometheus`; "
                          "packaging/setup-debian.sh installs it)");
  }
  if (QStandardPaths::findExecutable(QStringLiteral("promtool")).isEmpty()) {
    return QStringLiteral("promtool (Debian package `prometheus`) is not installed");
  }
  return {};
}

bool IstioMetricsFixture::start() {
  if (!m_dir.isValid()) {
    m_error = QStringLiteral("no temporary folder");
    return false;
  }
  // An hour ago, aligned to the step: inside the default retention and
  // behind anything the head block would hold.
  m_t0 = (QDateTime::currentSecsSinceEpoch() - 3600) / kStep * kStep;
  QFile om(m_dir.filePath(QStringLiteral("istio.om")));
  if (!om.open(QIODevice::WriteOnly)) {
    m_error = om.errorString();
    return false;
  }
  om.write(istioOpenMetrics(m_t0));
  om.close();
  QProcess backfill;
  backfill.setProcessChannelMode(QProcess::MergedChannels);
  backfill.start(QStandardPaths::findExecutable(QStringLiteral("promtool")),
                 {QStringLiteral("tsdb"), QStringLiteral("create-blocks-from"), QStringLiteral("openmetrics"),
                  om.fileName(), m_dir.filePath(QStringLiteral("tsdb"))});
  if (!backfill.waitForFinished(60000) || backfill.exitCode() != 0) {
    m_error = QStringLiteral("promtool failed: ") + QString::fromUtf8(backfill.readAll());
    return false;
  }
  QFile cfg(m_dir.filePath(QStringLiteral("prometheus.yml")));
  if (!cfg.open(QIODevice::WriteOnly)) {
    m_error = cfg.errorString();
    return false;
  }
  cfg.write("global: {evaluation_interval: 15s}\n");
  cfg.close();
  if (!m_prom.start(cfg.fileName(), m_dir.filePath(QStringLiteral("tsdb")))) {
    m_error = m_prom.error();
    return false;
  }
  return true;
}

}  // namespace routedeck::tests
