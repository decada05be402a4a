#include "models/metrics/chart_viewport.h"

#include <algorithm>

namespace routedeck::models {

void ChartViewport::setWindow(double seconds) {
  m_window = std::max(kMinSpan, seconds);
  m_span = m_window;
}

void ChartViewport::setPaused(bool paused, double newest) {
  if (paused && !m_paused) {
    m_end = newest;
  }
  m_paused = paused;
}

std::pair<double, double> ChartViewport::range(double newest, double oldest) const {
  const double end = m_paused ? m_end : newest;
  double from = end - m_span;
  if (!zoomed()) {  // paused too: pausing must not change what is shown
    from = std::max(from, std::min(oldest, end - kFirstSeconds));
  }
  return {from, end};
}

void ChartViewport::zoomTo(double from, double to) {
  if (to < from) std::swap(from, to);
  m_span = std::clamp(to - from, kMinSpan, m_window);
  m_paused = true;
  m_end = to;
}

void ChartViewport::zoomBy(double factor, double anchor, double newest) {
  const double span = std::clamp(m_span * factor, kMinSpan, m_window);
  if (m_paused) {
    m_end = anchor + (m_end - anchor) * span / m_span;
  } else {
    (void)newest;  // live: the range keeps ending at the newest sample
  }
  m_span = span;
}

void ChartViewport::scrollTo(double end, double newest, double oldest) {
  if (m_paused) {
    m_end = std::clamp(end, std::min(newest, oldest + m_span), newest);
  }
}

}  // namespace routedeck::models
