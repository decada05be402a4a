#pragma once

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointF>
#include <QStringList>
#include <QVector>
#include <deque>
#include <memory>
#include <optional>
#include <utility>

#include "models/engine/metatypes.h"
#include "models/metrics/series_ring.h"

namespace routedeck::models {

enum class Metric { Rps, P50, P90, P99, Error4xx, Error5xx, Split };

// Live numbers of one rule at the newest snapshot. Rates use the rate
// window; 5xx shares the (longer) split window, so a backend at a few
// requests per second does not flicker between 0 % and 25 %.
struct RuleLive {
  double rps = 0;            // requests/s over the rate window
  double error5xxPercent = 0;
  QStringList backends;      // "ns/name:port" in the rule's order
  QVector<double> backendRps;
  QVector<double> backend5xxPercent;
};

// Turns successive cumulative snapshots into chart points per rule: request
// rate (1/s), p50/p90/p99 latency (ms), 4xx/5xx share of responses (%) and
// each backend's share of the rule's traffic (%). Rates and percentiles use
// the interval since the snapshot `rateWindow` seconds older, which smooths
// 250 ms ticks. x is wall-clock seconds since the epoch. Every series is a
// bounded ring of the last hour at 4 Hz (14 400 points; see series_ring.h)
// that charts read decimated to their width. UI thread only.
class ChartSeriesModel : public QObject {
  Q_OBJECT
 public:
  // coarseCapacity 0: keep only the last `fineCapacity` points.
  explicit ChartSeriesModel(QObject* parent = nullptr, int fineCapacity = SeriesRing::kHourAt4Hz, int coarseCapacity = 0);

  void setRateWindow(double seconds) { m_rateWindow = seconds; }
  void setSplitWindow(double seconds) { m_splitWindow = seconds; }

  QStringList rules() const { return m_rules.keys(); }
  QStringList backends(const QString& ruleId) const;
  // Points with x >= fromX; `backend` selects the split series.
  QList<QPointF> points(const QString& ruleId, Metric metric, int backend = -1, double fromX = 0) const;
  int pointCount(const QString& ruleId, Metric metric, int backend = -1) const;
  // At most 2 × `buckets` points covering [fromX, toX] with each bucket's
  // minimum and maximum kept (decimate.h): what a chart of `buckets` pixel
  // columns shows.
  QList<QPointF> decimated(const QString& ruleId, Metric metric, int backend, double fromX, double toX, int buckets) const;
  // The recorded sample nearest to x (its own x and y), or nothing when the
  // series is empty or x lies more than `maxGap` seconds from every sample.
  std::optional<QPointF> valueAt(const QString& ruleId, Metric metric, int backend, double x, double maxGap = 1.0) const;
  // x of the oldest and newest recorded sample of the rule (request rate).
  std::optional<std::pair<double, double>> recordedRange(const QString& ruleId) const;
  RuleLive live(const QString& ruleId) const;
  // Measured share per backend over the split window (sums to 100, or
  // empty before any traffic of that rule).
  QVector<double> measuredSplit(const QString& ruleId) const;
  double latestX() const { return m_latestX; }
  double totalRps() const { return m_totalRps; }

 public slots:
  void addSnapshot(const routedeck::models::SnapshotConstPtr& snapshot);
  void clear();

 signals:
  void updated();

 private:
  struct RuleSeries {
    QStringList backends;
    SeriesRing rps, p50, p90, p99, e4xx, e5xx;
    QVector<SeriesRing> split;
    RuleLive live;
    QVector<double> measured;
    explicit RuleSeries(const SeriesRing& proto)
        : rps(proto), p50(proto), p90(proto), p99(proto), e4xx(proto), e5xx(proto) {}
  };
  RuleSeries& series(const QString& id, const QStringList& backends);

 public:
  // The ring behind a series, or null; valid until the next snapshot.
  const SeriesRing* ring(const QString& ruleId, Metric metric, int backend) const;

 private:
  SnapshotConstPtr baseFor(double window) const;

  SeriesRing m_proto;  // an empty ring with the configured capacities
  double m_rateWindow = 1.0;
  double m_splitWindow = 10.0;
  double m_latestX = 0;
  double m_totalRps = 0;
  std::deque<SnapshotConstPtr> m_history;  // last minute or so, oldest first
  QHash<QString, std::shared_ptr<RuleSeries>> m_rules;
};

}  // namespace routedeck::models
