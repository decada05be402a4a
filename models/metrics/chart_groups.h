#pragma once

#include <QString>
#include <QVector>
#include <optional>

#include "models/metrics/chart_series_model.h"

namespace routedeck::models {

// The four charts of a rule and the series each one draws. Shared by the
// charts panel (what to plot), the hover readout and the CSV export, so
// names and units are spelled once.
enum class ChartGroup { Rate, Latency, Errors, Split };

struct SeriesSpec {
  Metric metric;
  int backend;   // Split only, else -1
  QString name;  // legend text: "requests", "p50", "4xx", a backend
};

// The series of `group` for a rule (Split: one per backend of the rule).
QVector<SeriesSpec> seriesOf(const ChartSeriesModel& model, const QString& ruleId, ChartGroup group);
// "req/s", "ms", "% of responses", "% of requests".
QString unitOf(ChartGroup group);
// A short unit for values in running text: "req/s", "ms", "%".
QString shortUnitOf(ChartGroup group);

// What the cursor points at on a chart: the nearest recorded sample's time
// and each series' value there.
struct Readout {
  double x = 0;            // seconds since the epoch of the sample shown
  QVector<double> values;  // one per seriesOf(), NaN where a series has no sample
  QString text;            // "14:03:07.250 · p50 10.2 ms · p90 …" (local time, like the axis)
};
// Nothing when the rule has no sample within a second of x.
std::optional<Readout> readoutAt(const ChartSeriesModel& model, const QString& ruleId, ChartGroup group, double x);

}  // namespace routedeck::models
