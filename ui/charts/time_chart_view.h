#pragma once

#include <QChartView>

class QRubberBand;

namespace routedeck::ui {

// A chart view over a date-time x axis that turns the mouse into time
// requests and leaves the decisions to its owner: hovering reports the time
// under the cursor, a horizontal drag (rubber band) asks to zoom to the
// dragged range, the wheel asks to zoom around the cursor. Times are
// seconds since the epoch.
class TimeChartView : public QChartView {
  Q_OBJECT
 public:
  explicit TimeChartView(QChart* chart, QWidget* parent = nullptr);

  // Seconds since the epoch at widget x `pixel` (inside the plot or not).
  double timeAt(double pixel) const;
  // Widget x of time `seconds`.
  double pixelAt(double seconds) const;

 signals:
  void hovered(double seconds, const QPoint& globalPos);
  // The cursor moved off the plot area (leaving the widget keeps the last
  // readout: a tooltip popping up under the cursor is a leave, too).
  void hoverLeft();
  void zoomRequested(double fromSeconds, double toSeconds);
  // factor < 1 zooms in, keeping `anchorSeconds` under the cursor.
  void wheelZoomRequested(double factor, double anchorSeconds);

 protected:
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;

 private:
  QRubberBand* m_band = nullptr;
  int m_dragFrom = -1;
};

}  // namespace routedeck::ui
