#pragma once

#include <QList>
#include <QPointF>
#include <QVector>
#include <cmath>
#include <algorithm>
#include <cstdint>
#include <limits>

namespace routedeck::models {

// Fixed-capacity ring of points (x ascending); the oldest drop off. Grows
// lazily up to its capacity, so idle rules cost nothing.
//
// A point is stored in 8 bytes, not a QPointF's 16: x as whole milliseconds
// after the ring's base time (charts and CSV never need finer than the
// 250 ms tick) and y as a float (7 significant digits; the values are rates,
// milliseconds and percentages). One hour at 4 Hz is then 115 KB a series.
class PointRing {
 public:
  explicit PointRing(int capacity) : m_capacity(qMax(1, capacity)) {}

  void append(QPointF p) {
    const double ms = std::floor(p.x() * 1000.0 + 0.5);
    if (m_data.isEmpty()) {
      m_baseMs = ms;
    } else if (ms - m_baseMs > kMaxOffset) {
      rebase(ms);
    }
    const Stored s{static_cast<int32_t>(ms - m_baseMs), static_cast<float>(p.y())};
    if (m_data.size() < m_capacity) {
      m_data.append(s);
    } else {
      m_data[m_start] = s;
      m_start = (m_start + 1) % m_capacity;
    }
  }
  int size() const { return static_cast<int>(m_data.size()); }
  QPointF at(int i) const {
    const Stored& s = m_data[(m_start + i) % m_data.size()];
    return {(m_baseMs + s.ms) / 1000.0, static_cast<double>(s.y)};
  }
  double xAt(int i) const { return (m_baseMs + m_data[(m_start + i) % m_data.size()].ms) / 1000.0; }
  // Calls f(index, point) for begin <= index < end in order, without a
  // modulo per point (the hot loop of decimation).
  template <class F>
  void forEach(int begin, int end, F&& f) const {
    const int n = size();
    int phys = n ? (m_start + begin) % n : 0;
    for (int i = begin; i < end; ++i) {
      const Stored& s = m_data[phys];
      f(i, QPointF((m_baseMs + s.ms) / 1000.0, static_cast<double>(s.y)));
      if (++phys == n) phys = 0;
    }
  }
  // Index of the first point with x >= fromX.
  int lowerBound(double fromX) const {
    int lo = 0, hi = size();
    while (lo < hi) {
      const int mid = (lo + hi) / 2;
      if (xAt(mid) < fromX) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

 private:
  struct Stored {
    int32_t ms;
    float y;
  };
  // After ~24 days of uptime the offsets would overflow: move the base to
  // the oldest point kept (once per ~24 days, O(capacity)).
  static constexpr double kMaxOffset = std::numeric_limits<int32_t>::max() - 1.0;
  void rebase(double newestMs) {
    const double oldest = m_baseMs + m_data[m_start].ms;
    const auto shift = static_cast<int32_t>(oldest - m_baseMs);
    for (auto& s : m_data) s.ms -= shift;
    m_baseMs = oldest;
    Q_ASSERT(newestMs - m_baseMs <= kMaxOffset);
  }

  int m_capacity;
  int m_start = 0;
  double m_baseMs = 0;
  QVector<Stored> m_data;
};

// A chart series: every point of the last hour at 4 Hz by default (14 400),
// so a paused chart can be scrolled and zoomed back to single ticks; the
// chart decimates for display (see decimate.h), never the store.
//
// Optionally in two tiers: the fine tier plus, for the older part, one
// averaged point per `coarseStep` seconds (coarseCapacity > 0). That trades
// resolution for memory when many rules must be kept for longer than the
// fine tier holds.
class SeriesRing {
 public:
  static constexpr int kHourAt4Hz = 60 * 60 * 4;

  explicit SeriesRing(int fineCapacity = kHourAt4Hz, int coarseCapacity = 0, double coarseStep = 4.0)
      : m_fine(fineCapacity), m_coarse(qMax(1, coarseCapacity)), m_coarseOn(coarseCapacity > 0), m_step(coarseStep) {}

  void append(QPointF p) {
    m_fine.append(p);
    if (!m_coarseOn) {
      return;
    }
    if (m_count > 0 && p.x() - m_bucketStart >= m_step) {
      m_coarse.append({m_sumX / m_count, m_sumY / m_count});
      m_count = 0;
    }
    if (m_count == 0) {
      m_bucketStart = p.x();
      m_sumX = m_sumY = 0;
    }
    m_sumX += p.x();
    m_sumY += p.y();
    ++m_count;
  }
  // Points held: the coarse ones older than the fine tier, then the fine ones.
  int size() const { return coarseBefore(firstFineX()) + m_fine.size(); }
  QPointF last() const { return m_fine.at(m_fine.size() - 1); }
  // Point i of size(), oldest first.
  QPointF at(int i) const {
    const int coarse = coarseBefore(firstFineX());
    return i < coarse ? m_coarse.at(i) : m_fine.at(i - coarse);
  }
  // Index (into at()) of the first point with x >= fromX.
  int lowerBound(double fromX) const {
    const int coarse = coarseBefore(firstFineX());
    const int c = m_coarseOn ? m_coarse.lowerBound(fromX) : 0;
    return c < coarse ? c : coarse + m_fine.lowerBound(fromX);
  }
  // Calls f(index, point) for begin <= index < end, oldest first.
  template <class F>
  void forEach(int begin, int end, F&& f) const {
    const int coarse = coarseBefore(firstFineX());
    for (int i = begin; i < std::min(end, coarse); ++i) f(i, m_coarse.at(i));
    if (end > coarse) {
      m_fine.forEach(std::max(begin, coarse) - coarse, end - coarse, [&f, coarse](int i, QPointF p) { f(i + coarse, p); });
    }
  }
  // Points with x >= fromX, oldest first (what a chart series replace()s with).
  QList<QPointF> since(double fromX) const {
    QList<QPointF> out;
    for (int i = lowerBound(fromX), n = size(); i < n; ++i) {
      out.append(at(i));
    }
    return out;
  }

 private:
  double firstFineX() const { return m_fine.size() ? m_fine.xAt(0) : 1e300; }
  int coarseBefore(double x) const { return m_coarseOn ? m_coarse.lowerBound(x) : 0; }

  PointRing m_fine;
  PointRing m_coarse;
  bool m_coarseOn;
  double m_step;
  double m_bucketStart = 0;
  double m_sumX = 0, m_sumY = 0;
  int m_count = 0;
};

}  // namespace routedeck::models
