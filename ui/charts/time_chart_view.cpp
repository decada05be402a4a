#include "ui/charts/time_chart_view.h"

#include <QMouseEvent>
#include <QRubberBand>
#include <QWheelEvent>
#include <cmath>

namespace routedeck::ui {

namespace {
constexpr int kMinDragPixels = 6;  // shorter drags are clicks, not zooms
}

TimeChartView::TimeChartView(QChart* chart, QWidget* parent) : QChartView(chart, parent) {
  setMouseTracking(true);
  setRubberBand(NoRubberBand);  // the owner decides what a drag means
  m_band = new QRubberBand(QRubberBand::Rectangle, this);
}

double TimeChartView::timeAt(double pixel) const {
  const QPointF scenePos = mapToScene(QPoint(static_cast<int>(pixel), 0));
  return chart()->mapToValue(chart()->mapFromScene(scenePos)).x() / 1000.0;
}

double TimeChartView::pixelAt(double seconds) const {
  const QPointF inChart = chart()->mapToPosition(QPointF(seconds * 1000.0, 0));
  return mapFromScene(chart()->mapToScene(inChart)).x();
}

void TimeChartView::mousePressEvent(QMouseEvent* event) {
  if (event->button() == Qt::LeftButton && chart()->plotArea().contains(chart()->mapFromScene(mapToScene(event->pos())))) {
    m_dragFrom = event->pos().x();
    const QRectF plot = chart()->mapToScene(chart()->plotArea()).boundingRect();
    m_band->setGeometry(QRect(m_dragFrom, mapFromScene(plot.topLeft()).y(), 1, static_cast<int>(plot.height())));
    m_band->show();
    event->accept();
    return;
  }
  QChartView::mousePressEvent(event);
}

void TimeChartView::mouseMoveEvent(QMouseEvent* event) {
  if (m_dragFrom >= 0) {
    QRect g = m_band->geometry();
    g.setLeft(std::min(m_dragFrom, event->pos().x()));
    g.setRight(std::max(m_dragFrom, event->pos().x()));
    m_band->setGeometry(g);
  }
  if (chart()->plotArea().contains(chart()->mapFromScene(mapToScene(event->pos())))) {
    emit hovered(timeAt(event->pos().x()), event->globalPosition().toPoint());
  } else {
    emit hoverLeft();
  }
  QChartView::mouseMoveEvent(event);
}

void TimeChartView::mouseReleaseEvent(QMouseEvent* event) {
  if (m_dragFrom >= 0 && event->button() == Qt::LeftButton) {
    const int from = std::min(m_dragFrom, event->pos().x());
    const int to = std::max(m_dragFrom, event->pos().x());
    m_dragFrom = -1;
    m_band->hide();
    if (to - from >= kMinDragPixels) {
      emit zoomRequested(timeAt(from), timeAt(to));
    }
    event->accept();
    return;
  }
  QChartView::mouseReleaseEvent(event);
}

void TimeChartView::wheelEvent(QWheelEvent* event) {
  const double notches = event->angleDelta().y() / 120.0;
  if (notches == 0) {
    return;
  }
  emit wheelZoomRequested(std::pow(0.8, notches), timeAt(event->position().x()));
  event->accept();
}


}  // namespace routedeck::ui
