#pragma once

#include <utility>

namespace routedeck::models {

// Which stretch of time the charts show. Live, the range ends at the newest
// sample and spans the chosen window (5–60 min) or a zoomed part of it;
// paused, it stays where it was while samples keep arriving, and can be
// scrolled back through what is recorded and zoomed. Times are seconds since
// the epoch. Plain value logic so the charts panel only forwards input.
class ChartViewport {
 public:
  static constexpr double kMinSpan = 5.0;  // 20 ticks: zooming further shows nothing new
  // Until a window has filled, an unzoomed chart shows at least this much,
  // from the oldest sample on, so the first lines are readable.
  static constexpr double kFirstSeconds = 20.0;

  // A new window (seconds) also resets the zoom.
  void setWindow(double seconds);
  double window() const { return m_window; }
  double span() const { return m_span; }
  bool zoomed() const { return m_span < m_window; }

  // Pausing freezes the range where it ends at `newest`.
  void setPaused(bool paused, double newest);
  bool paused() const { return m_paused; }

  // The range to draw, given the newest and the oldest recorded sample.
  std::pair<double, double> range(double newest, double oldest) const;

  // Shows [from, to] (a rubber band): pauses there. The span is clamped to
  // [kMinSpan, window], keeping `to`.
  void zoomTo(double from, double to);
  // factor < 1 zooms in; paused, `anchor` stays at the same place on screen;
  // live, the range keeps ending at the newest sample.
  void zoomBy(double factor, double anchor, double newest);
  void resetZoom() { m_span = m_window; }
  // Paused only: the range ends at `end`, clamped to [oldest + span, newest].
  void scrollTo(double end, double newest, double oldest);

 private:
  double m_window = 300;
  double m_span = 300;
  bool m_paused = false;
  double m_end = 0;  // paused: where the range ends
};

}  // namespace routedeck::models
