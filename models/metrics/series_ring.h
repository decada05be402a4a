#pragma once

#include <QList>
#include <QPointF>
#include <QVector>

namespace routedeck::models {

// Fixed-capacity ring of points (x ascending); the oldest drop off. Grows
// lazily up to its capacity, so idle rules cost nothing.
class PointRing {
 public:
  explicit PointRing(int capacity) : m_capacity(qMax(1, capacity)) {}

  void append(QPointF p) {
    if (m_data.size() < m_capacity) {
      m_data.append(p);
    } else {
      m_data[m_start] = p;
      m_start = (m_start + 1) % m_capacity;
    }
  }
  int size() const { return static_cast<int>(m_data.size()); }
  QPointF at(int i) const { return m_data[(m_start + i) % m_data.size()]; }
  // Index of the first point with x >= fromX.
  int lowerBound(double fromX) const {
    int lo = 0, hi = size();
    while (lo < hi) {
      const int mid = (lo + hi) / 2;
      if (at(mid).x() < fromX) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

 private:
  int m_capacity;
  int m_start = 0;
  QVector<QPointF> m_data;
};

// A chart series in two tiers: every point of the recent past (fine) and,
// for the older part of the window, one averaged point per `coarseStep`
// seconds. One hour of 200 rules × 8 series at 4 Hz would otherwise hold
// 370 MB; this holds 5 min at 4 Hz plus 1 h at 0.25 Hz (about 34 KB per
// series). coarseCapacity 0 keeps only the fine tier.
class SeriesRing {
 public:
  explicit SeriesRing(int fineCapacity = 1200, int coarseCapacity = 900, double coarseStep = 4.0)
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
  // Points with x >= fromX, oldest first (what a chart series replace()s with).
  QList<QPointF> since(double fromX) const {
    QList<QPointF> out;
    const double fineFrom = firstFineX();
    if (m_coarseOn) {
      for (int i = m_coarse.lowerBound(fromX); i < m_coarse.size() && m_coarse.at(i).x() < fineFrom; ++i) {
        out.append(m_coarse.at(i));
      }
    }
    for (int i = m_fine.lowerBound(fromX); i < m_fine.size(); ++i) {
      out.append(m_fine.at(i));
    }
    return out;
  }

 private:
  double firstFineX() const { return m_fine.size() ? m_fine.at(0).x() : 1e300; }
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
