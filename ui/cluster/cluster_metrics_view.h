#pragma once

#include <QWidget>

class QChart;
class QChartView;
class QComboBox;
class QLabel;
class QLineEdit;
class QSettings;

namespace routedeck::models {
class Workbench;
}

namespace routedeck::ui {

// "Cluster metrics": the selected cluster route's traffic as the cluster's
// Prometheus sees it (Istio's standard metrics or routedeckd's own) — one
// chart of rates (all, 4xx, 5xx, per backend) and one of p50/p90/p99. The
// Prometheus URL is remembered per kube context.
class ClusterMetricsView : public QWidget {
  Q_OBJECT
 public:
  ClusterMetricsView(models::Workbench* workbench, QSettings* settings, QWidget* parent = nullptr);

  QLineEdit* prometheusUrl() const { return m_url; }
  QComboBox* family() const { return m_family; }
  QLabel* title() const { return m_title; }
  QLabel* status() const { return m_status; }
  QChart* rateChart() const { return m_rate; }
  QChart* latencyChart() const { return m_latency; }

 private:
  void applySource();
  void redraw();

  models::Workbench* m_workbench;
  QSettings* m_settings;
  QLineEdit* m_url;
  QComboBox* m_family;
  QLabel* m_title;
  QLabel* m_status;
  QChart* m_rate;
  QChart* m_latency;
};

}  // namespace routedeck::ui
