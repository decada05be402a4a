#pragma once

#include <QList>
#include <QPointF>
#include <QVector>

namespace routedeck::models {

// Fixed-capacity ring of chart points (x ascending); the oldest drop off.
class SeriesRing {
 public:
  explicit SeriesRing(int capacity = 14400) : m_data(capacity) {}

  void append(QPointF p) {
    m_data[(m_start + m_size) % m_data.size()] = p;
    if (m_size < m_data.size()) {
      ++m_size;
    } else {
      m_start = (m_start + 1) % m_data.size();
    }
  }
  int size() const { return m_size; }
  int capacity() const { return static_cast<int>(m_data.size()); }
  QPointF at(int i) const { return m_data[(m_start + i) % m_data.size()]; }
  QPointF last() const { return at(m_size - 1); }
  // Points with x >= fromX, oldest first (what a chart series replace()s with).
  QList<QPointF> since(double fromX) const {
    QList<QPointF> out;
    int lo = 0, hi = m_size;
    while (lo < hi) {
      const int mid = (lo + hi) / 2;
      if (at(mid).x() < fromX) lo = mid + 1; else hi = mid;
    }
    out.reserve(m_size - lo);
    for (int i = lo; i < m_size; ++i) out.append(at(i));
    return out;
  }

 private:
  QVector<QPointF> m_data;
  int m_start = 0;
  int m_size = 0;
};

}  // namespace routedeck::models
