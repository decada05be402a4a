#include "models/metrics/chart_groups.h"

#include <QDateTime>
#include <QStringList>
#include <cmath>
#include <limits>

namespace routedeck::models {

QVector<SeriesSpec> seriesOf(const ChartSeriesModel& model, const QString& ruleId, ChartGroup group) {
  switch (group) {
    case ChartGroup::Rate:
      return {{Metric::Rps, -1, QStringLiteral("requests")}};
    case ChartGroup::Latency:
      return {{Metric::P50, -1, QStringLiteral("p50")}, {Metric::P90, -1, QStringLiteral("p90")},
              {Metric::P99, -1, QStringLiteral("p99")}};
    case ChartGroup::Errors:
      return {{Metric::Error4xx, -1, QStringLiteral("4xx")}, {Metric::Error5xx, -1, QStringLiteral("5xx")}};
    case ChartGroup::Split: {
      QVector<SeriesSpec> out;
      const auto backends = model.backends(ruleId);
      for (int i = 0; i < backends.size(); ++i) {
        out.append({Metric::Split, i, backends[i]});
      }
      return out;
    }
  }
  return {};
}

QString unitOf(ChartGroup group) {
  switch (group) {
    case ChartGroup::Rate: return QStringLiteral("req/s");
    case ChartGroup::Latency: return QStringLiteral("ms");
    case ChartGroup::Errors: return QStringLiteral("% of responses");
    case ChartGroup::Split: return QStringLiteral("% of requests");
  }
  return {};
}

QString shortUnitOf(ChartGroup group) {
  return group == ChartGroup::Rate ? QStringLiteral("req/s") : group == ChartGroup::Latency ? QStringLiteral("ms") : QStringLiteral("%");
}

std::optional<Readout> readoutAt(const ChartSeriesModel& model, const QString& ruleId, ChartGroup group, double x) {
  // Every series of a rule is sampled at the same instants: snap to the
  // request-rate sample so all values come from one tick.
  const auto anchor = model.valueAt(ruleId, Metric::Rps, -1, x);
  if (!anchor) {
    return std::nullopt;
  }
  Readout r;
  r.x = anchor->x();
  QStringList parts{QDateTime::fromMSecsSinceEpoch(std::llround(r.x * 1000)).toString(QStringLiteral("HH:mm:ss.zzz"))};
  for (const auto& s : seriesOf(model, ruleId, group)) {
    const auto v = model.valueAt(ruleId, s.metric, s.backend, r.x, 0.0005);
    r.values.append(v ? v->y() : std::numeric_limits<double>::quiet_NaN());
    const int decimals = group == ChartGroup::Latency || !v || v->y() < 10 ? 1 : 0;
    parts << QStringLiteral("%1 %2 %3").arg(s.name, v ? QString::number(v->y(), 'f', decimals) : QStringLiteral("–"),
                                             shortUnitOf(group));
  }
  r.text = parts.join(QStringLiteral(" · "));
  return r;
}

}  // namespace routedeck::models
