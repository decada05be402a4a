#include "models/metrics/series_csv.h"

#include <QDateTime>
#include <QSaveFile>
#include <QStringList>
#include <charconv>
#include <cmath>

#include "models/metrics/chart_groups.h"

namespace routedeck::models {

namespace {

QString field(const QString& s) {
  if (!s.contains(QLatin1Char(',')) && !s.contains(QLatin1Char('"')) && !s.contains(QLatin1Char('\n'))) {
    return s;
  }
  QString quoted = s;
  quoted.replace(QLatin1String("\""), QLatin1String("\"\""));
  return QLatin1Char('"') + quoted + QLatin1Char('"');
}

// Rings store floats (series_ring.h): the shortest text of the float reads
// back to the very same value.
QString number(double v) {
  char buf[32];
  const auto res = std::to_chars(buf, buf + sizeof buf, static_cast<float>(v));
  return QString::fromLatin1(buf, static_cast<int>(res.ptr - buf));
}

QString unitSuffix(ChartGroup g) {
  switch (g) {
    case ChartGroup::Rate: return QStringLiteral("_req_per_s");
    case ChartGroup::Latency: return QStringLiteral("_ms");
    case ChartGroup::Errors: return QStringLiteral("_pct_of_responses");
    case ChartGroup::Split: return QStringLiteral("_pct_of_requests");
  }
  return {};
}

}  // namespace

QString seriesCsv(const ChartSeriesModel& model, const QString& ruleId) {
  QStringList header{QStringLiteral("time_utc"), QStringLiteral("unix_s")};
  QVector<SeriesSpec> columns;
  for (auto g : {ChartGroup::Rate, ChartGroup::Latency, ChartGroup::Errors, ChartGroup::Split}) {
    for (const auto& s : seriesOf(model, ruleId, g)) {
      header << field((g == ChartGroup::Rate ? QStringLiteral("rate") : s.name) + unitSuffix(g));
      columns << s;
    }
  }
  QString out = header.join(QLatin1Char(',')) + QLatin1Char('\n');
  const auto* times = model.ring(ruleId, Metric::Rps, -1);
  if (!times) {
    return out;
  }
  QVector<const SeriesRing*> rings;
  for (const auto& c : columns) {
    rings << model.ring(ruleId, c.metric, c.backend);
  }
  for (int i = 0, n = times->size(); i < n; ++i) {
    const double x = times->at(i).x();
    const qint64 ms = std::llround(x * 1000);
    QStringList row{QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs),
                    QStringLiteral("%1.%2").arg(ms / 1000).arg(ms % 1000, 3, 10, QLatin1Char('0'))};
    for (const auto* r : rings) {
      const int j = r ? r->lowerBound(x - 0.0005) : 0;
      row << (r && j < r->size() && std::llround(r->at(j).x() * 1000) == ms ? number(r->at(j).y()) : QString());
    }
    out += row.join(QLatin1Char(',')) + QLatin1Char('\n');
  }
  return out;
}

bool writeSeriesCsv(const ChartSeriesModel& model, const QString& ruleId, const QString& path, QString* error) {
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly) || file.write(seriesCsv(model, ruleId).toUtf8()) < 0 || !file.commit()) {
    if (error) *error = file.errorString();
    return false;
  }
  return true;
}

}  // namespace routedeck::models
