#include "models/cluster/cluster_metrics_model.h"

#include <QDateTime>
#include <QMetaObject>

#include "proxycore/api/cluster_metrics.h"

namespace routedeck::models {

namespace api = core::api;

namespace {

QVector<QPointF> points(const std::vector<api::MetricPoint>& in, double scale = 1) {
  QVector<QPointF> out;
  out.reserve(static_cast<int>(in.size()));
  for (const auto& p : in) out.push_back({p.time, p.value * scale});
  return out;
}

}  // namespace

ClusterMetricsModel::ClusterMetricsModel(QObject* parent) : QObject(parent) {
  m_pool.setMaxThreadCount(1);
  m_timer.setInterval(10000);
  connect(&m_timer, &QTimer::timeout, this, &ClusterMetricsModel::refresh);
}

ClusterMetricsModel::~ClusterMetricsModel() {
  m_timer.stop();
  m_pool.waitForDone();
}

void ClusterMetricsModel::setPrometheus(const QString& url, Family family) {
  m_url = url.trimmed();
  m_family = family;
  refresh();
}

void ClusterMetricsModel::setObject(const QString& title, const QString& json) {
  m_title = title;
  m_json = json;
  m_series.clear();
  m_backends.clear();
  ++m_generation;
  if (m_json.isEmpty()) {
    m_timer.stop();
  } else {
    m_timer.start();
    refresh();
  }
  emit updated();
}

void ClusterMetricsModel::setWindow(int windowSeconds, int refreshMs) {
  m_window = windowSeconds;
  m_timer.setInterval(refreshMs);
}

void ClusterMetricsModel::refresh() {
  if (m_url.isEmpty() || m_json.isEmpty() || m_busy) return;
  api::ClusterMetricsQuery q;
  q.prometheusUrl = m_url.toStdString();
  q.family = m_family == Family::Istio ? api::ClusterMetricFamily::Istio : api::ClusterMetricFamily::RouteDeck;
  q.objectJson = m_json.toStdString();
  q.end = m_end > 0 ? m_end : static_cast<double>(QDateTime::currentSecsSinceEpoch());
  q.start = q.end - m_window;
  // About 60 points per chart, never finer than a typical scrape.
  q.stepSeconds = std::max(15.0, m_window / 60.0);
  m_busy = true;
  QPointer<ClusterMetricsModel> self(this);
  const quint64 generation = m_generation;
  m_pool.start([self, generation, q]() {
    auto result = api::fetchClusterRouteSeries(q);
    QMetaObject::invokeMethod(
        self.data(),
        [self, generation, result = std::move(result)]() {
          if (!self) return;
          self->m_busy = false;
          ++self->m_fetches;
          if (generation != self->m_generation) return;  // another route by now
          if (!result) {
            self->m_error = QString::fromStdString(result.error().message);
            emit self->failed(self->m_error);
            return;
          }
          const auto& r = *result;
          self->m_error = r.errors.empty() ? QString() : QString::fromStdString(r.errors.front());
          self->m_series[static_cast<int>(Series::Rate)] = points(r.requestRate);
          self->m_series[static_cast<int>(Series::P50)] = points(r.p50, 1000);
          self->m_series[static_cast<int>(Series::P90)] = points(r.p90, 1000);
          self->m_series[static_cast<int>(Series::P99)] = points(r.p99, 1000);
          self->m_series[static_cast<int>(Series::Rate4xx)] = points(r.rate4xx);
          self->m_series[static_cast<int>(Series::Rate5xx)] = points(r.rate5xx);
          self->m_backends.clear();
          for (const auto& [name, pts] : r.rateByBackend) self->m_backends[QString::fromStdString(name)] = points(pts);
          self->m_destinations.clear();
          for (const auto& d : r.destinations) self->m_destinations << QString::fromStdString(d);
          emit self->updated();
        },
        Qt::QueuedConnection);
  });
}

}  // namespace routedeck::models
