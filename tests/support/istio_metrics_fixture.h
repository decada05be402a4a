#pragma once
// Istio's standard metrics with known slopes, backfilled into a real
// Prometheus with `promtool tsdb create-blocks-from openmetrics`: every
// rate and quantile a chart shows has an exact expected value.
//   reviews (destination reporter): v1 10/s 200 + 0.5/s 404, v2 2/s 200 +
//   1.5/s 503; v1's 200s: half under 10 ms, 90 % under 50 ms, all under 100
//   ms. Noise that a route's queries must leave out: the source reporter's
//   view of reviews (100/s) and ratings (50/s 500).
#include <QByteArray>
#include <QString>
#include <QTemporaryDir>

#include "tests/support/prometheus_process.h"

namespace routedeck::tests {

class IstioMetricsFixture {
 public:
  static constexpr int kStep = 15;       // seconds between samples, as a scrape would
  static constexpr int kSpan = 20 * 60;  // 20 minutes of data

  // Writes the data an hour back, backfills it and starts Prometheus on it.
  // False with the reason in error(); skipReason() non-empty when the
  // binaries are missing (the test should QSKIP).
  bool start();
  QString error() const { return m_error; }
  QString skipReason() const;
  QString url() const { return m_prom.url(); }
  qint64 t0() const { return m_t0; }  // the first sample's time (Unix seconds)

 private:
  QTemporaryDir m_dir;
  PrometheusProcess m_prom;
  qint64 m_t0 = 0;
  QString m_error;
};

QByteArray istioOpenMetrics(qint64 t0);

}  // namespace routedeck::tests
