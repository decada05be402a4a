#pragma once

#include <QTimer>
#include <QVector>
#include <QWidget>

#include "models/metrics/chart_groups.h"
#include "models/metrics/chart_viewport.h"
#include "models/workbench.h"

class QAction;
class QChart;
class QComboBox;
class QLabel;
class QLineSeries;
class QMenu;
class QScrollBar;
class QSettings;
class QToolButton;

namespace routedeck::ui {

class TimeChartView;

// Live charts of the selected rule: request rate, p50/p90/p99 latency,
// 4xx/5xx share and the split by backend. Every 250 ms each series is
// replace()d with the visible range decimated to the plot's width (min/max
// per pixel column), so a 60 min window of 14 400 samples costs no more to
// draw than 5 min. Pause freezes the range (recording goes on); paused, the
// scroll bar moves through the last hour; a drag on a chart zooms to that
// range, the wheel zooms around the cursor. Hovering shows the time and the
// values under the cursor. Settings (last export folder) are injected.
class ChartsPanel : public QWidget {
  Q_OBJECT
 public:
  enum ChartKind { RateChart, LatencyChart, ErrorChart, SplitChart, ChartCount };

  ChartsPanel(models::Workbench* workbench, QSettings* settings, QWidget* parent = nullptr);

  TimeChartView* chartView(ChartKind kind) const { return m_views[kind]; }
  QLineSeries* series(ChartKind kind, int index) const;
  QChart* chart(ChartKind kind) const { return m_charts[kind].chart; }
  int windowMinutes() const;
  void setWindowMinutes(int minutes);
  bool isPaused() const;
  void setPaused(bool paused);
  const models::ChartViewport& viewport() const { return m_viewport; }
  QScrollBar* scrollBar() const { return m_scroll; }
  // The hover readout ("14:03:07.250 · p50 10.2 ms · …"), empty off the plot.
  QString readout() const;
  // View → Charts: pause, reset zoom, export (with shortcuts).
  QMenu* menu() const { return m_menu; }

  // The four charts as one image (what "Export PNG" writes).
  QPixmap renderImage() const;
  bool exportPng(const QString& path);
  bool exportCsv(const QString& path, QString* error = nullptr);

 public slots:
  void refresh();
  void resetZoom();
  void exportPngDialog();
  void exportCsvDialog();

 protected:
  void changeEvent(QEvent* event) override;

 private:
  struct Chart {
    QChart* chart = nullptr;
    QVector<QLineSeries*> series;
    models::ChartGroup group;
  };
  TimeChartView* makeChart(ChartKind kind, models::ChartGroup group, const QString& title);
  QWidget* makeToolbar();
  void buildActions();
  void applyTheme();
  void ensureSeries(ChartKind kind);
  void fill(ChartKind kind, double from, double to);
  void updateScrollBar(double oldest, double newest);
  void showReadout(ChartKind kind, double seconds, const QPoint& globalPos);
  QString exportDir() const;
  void rememberExportDir(const QString& file);
  double newest() const;

  models::Workbench* m_workbench;
  QSettings* m_settings;
  models::ChartViewport m_viewport;
  QComboBox* m_window = nullptr;
  QLabel* m_heading = nullptr;
  QLabel* m_range = nullptr;
  QLabel* m_readout = nullptr;
  QWidget* m_grid = nullptr;
  QScrollBar* m_scroll = nullptr;
  QMenu* m_menu = nullptr;
  QAction* m_pauseAction = nullptr;
  QAction* m_resetZoomAction = nullptr;
  QAction* m_pngAction = nullptr;
  QAction* m_csvAction = nullptr;
  QVector<TimeChartView*> m_views;
  QVector<Chart> m_charts;
  QTimer m_timer;
  QString m_ruleId;
  int m_scrollValue = 0;     // the bar's value as refresh() last set it
  bool m_scrolling = false;  // the scroll bar is being set by refresh(), not the user
};

}  // namespace routedeck::ui
