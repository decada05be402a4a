#pragma once

#include <QMap>
#include <QObject>
#include <QPointF>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QThreadPool>
#include <QTimer>
#include <QVector>

namespace routedeck::models {

// The charts of one cluster route from the cluster's Prometheus (Istio's
// standard metrics or routedeckd's own): request rate, 4xx/5xx rates
// (1/s), p50/p90/p99 (ms) and the rate per backend over the last
// `windowSeconds`, fetched off the UI thread and refreshed every
// `refreshMs` while a route is shown. x is seconds since the epoch.
class ClusterMetricsModel : public QObject {
  Q_OBJECT
 public:
  enum class Series { Rate, P50, P90, P99, Rate4xx, Rate5xx };
  enum class Family { Istio, RouteDeck };

  explicit ClusterMetricsModel(QObject* parent = nullptr);
  ~ClusterMetricsModel() override;

  void setPrometheus(const QString& url, Family family);
  QString prometheusUrl() const { return m_url; }
  Family family() const { return m_family; }
  // The route object (JSON) whose traffic to chart; "" stops refreshing.
  void setObject(const QString& title, const QString& json);
  QString title() const { return m_title; }
  // The window ending now (default 15 min) and the refresh period.
  void setWindow(int windowSeconds, int refreshMs);
  // Pins the window's end (Unix seconds; 0 = now), for data in the past.
  void setEnd(double end) { m_end = end; }

  QVector<QPointF> series(Series s) const { return m_series.value(static_cast<int>(s)); }
  QMap<QString, QVector<QPointF>> backends() const { return m_backends; }
  QStringList destinations() const { return m_destinations; }
  QString lastError() const { return m_error; }
  int fetches() const { return m_fetches; }

 public slots:
  void refresh();

 signals:
  void updated();
  void failed(const QString& message);

 private:
  QString m_url;
  Family m_family = Family::Istio;
  QString m_title;
  QString m_json;
  int m_window = 900;
  double m_end = 0;
  QMap<int, QVector<QPointF>> m_series;
  QMap<QString, QVector<QPointF>> m_backends;
  QStringList m_destinations;
  QString m_error;
  int m_fetches = 0;
  quint64 m_generation = 0;
  bool m_busy = false;
  QTimer m_timer;
  QThreadPool m_pool;
};

}  // namespace routedeck::models
