#include "models/metrics/decimate.h"

#include <algorithm>

namespace routedeck::models {

namespace {

// Streams points (x ascending) into `buckets` equal time slices of
// [fromX, toX] and keeps each slice's lowest and highest, in time order.
class MinMax {
 public:
  MinMax(double fromX, double toX, int buckets)
      : m_from(fromX), m_buckets(std::max(1, buckets)), m_width((toX - fromX) / m_buckets) {
    m_out.reserve(2 * m_buckets + 2);
  }
  void add(int i, QPointF p) {
    const int b = m_width > 0 ? std::clamp(static_cast<int>((p.x() - m_from) / m_width), 0, m_buckets - 1) : 0;
    if (b != m_bucket) {
      flush();
      m_bucket = b;
      m_lo = m_hi = p;
      m_loAt = m_hiAt = i;
      return;
    }
    if (p.y() < m_lo.y()) { m_lo = p; m_loAt = i; }
    if (p.y() > m_hi.y()) { m_hi = p; m_hiAt = i; }
  }
  QList<QPointF>& finish() {
    flush();
    return m_out;
  }

 private:
  void flush() {
    if (m_bucket < 0) return;
    if (m_loAt == m_hiAt) {
      m_out.append(m_lo);
    } else {
      m_out.append(m_loAt < m_hiAt ? m_lo : m_hi);
      m_out.append(m_loAt < m_hiAt ? m_hi : m_lo);
    }
    m_bucket = -1;
  }
  double m_from;
  int m_buckets;
  double m_width;
  int m_bucket = -1;
  QPointF m_lo, m_hi;
  int m_loAt = 0, m_hiAt = 0;
  QList<QPointF> m_out;
};

// [begin, end) are the points inside the range; `forEach(b, e, f)` streams
// any index range of the source, oldest first.
template <class ForEach>
QList<QPointF> decimate(int size, int begin, int end, double fromX, double toX, int buckets, ForEach forEach) {
  QList<QPointF> out;
  auto keep = [&out](int, QPointF p) { out.append(p); };
  if (begin > 0) forEach(begin - 1, begin, keep);
  if (end - begin <= 2 * std::max(1, buckets) || toX <= fromX) {
    forEach(begin, end, keep);
  } else {
    MinMax acc(fromX, toX, buckets);
    forEach(begin, end, [&acc](int i, QPointF p) { acc.add(i, p); });
    out += acc.finish();
  }
  if (end < size) forEach(end, end + 1, keep);
  return out;
}

}  // namespace

QList<QPointF> decimateMinMax(const SeriesRing& ring, double fromX, double toX, int buckets) {
  const int begin = ring.lowerBound(fromX);
  const int end = ring.lowerBound(std::nextafter(toX, 1e300));  // first index with x > toX
  return decimate(ring.size(), begin, end, fromX, toX, buckets,
                  [&ring](int b, int e, auto&& f) { ring.forEach(b, e, f); });
}

QList<QPointF> decimateMinMax(const QList<QPointF>& points, double fromX, double toX, int buckets) {
  auto byX = [](const QPointF& p, double x) { return p.x() < x; };
  const int begin = static_cast<int>(std::lower_bound(points.begin(), points.end(), fromX, byX) - points.begin());
  const int end = static_cast<int>(std::upper_bound(points.begin(), points.end(), toX,
                                                    [](double x, const QPointF& p) { return x < p.x(); }) - points.begin());
  return decimate(static_cast<int>(points.size()), begin, end, fromX, toX, buckets, [&points](int b, int e, auto&& f) {
    for (int i = b; i < e; ++i) f(i, points[i]);
  });
}

}  // namespace routedeck::models
