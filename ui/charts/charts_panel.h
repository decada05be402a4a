#pragma once

#include <QTimer>
#include <QVector>
#include <QWidget>

#include "models/workbench.h"

class QChart;
class QChartView;
class QComboBox;
class QLabel;
class QLineSeries;
class QToolButton;

namespace routedeck::ui {

// Live charts of the selected rule: request rate, p50/p90/p99 latency,
// 4xx/5xx share and the split by backend. Refreshes every 250 ms by
// replacing each series with the points of the chosen window (5–60 min).
class ChartsPanel : public QWidget {
  Q_OBJECT
 public:
  enum ChartKind { RateChart, LatencyChart, ErrorChart, SplitChart, ChartCount };

  explicit ChartsPanel(models::Workbench* workbench, QWidget* parent = nullptr);

  QChartView* chartView(ChartKind kind) const { return m_views[kind]; }
  QLineSeries* series(ChartKind kind, int index) const;
  int windowMinutes() const;
  bool isPaused() const;
  void setPaused(bool paused);

 public slots:
  void refresh();

 private:
  struct Chart {
    QChart* chart = nullptr;
    QVector<QLineSeries*> series;
  };
  QChartView* makeChart(ChartKind kind, const QString& title, const QString& unit, const QStringList& names);
  void ensureSplitSeries(const QStringList& backends);
  void fill(ChartKind kind, const QVector<QList<QPointF>>& data, double fromMs, double toMs);

  models::Workbench* m_workbench;
  QComboBox* m_window;
  QToolButton* m_pause;
  QLabel* m_heading;
  QVector<QChartView*> m_views;
  QVector<Chart> m_charts;
  QTimer m_timer;
  QString m_ruleId;
};

}  // namespace routedeck::ui
