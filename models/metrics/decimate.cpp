#include "models/metrics/decimate.h"

#include <algorithm>

namespace routedeck::models {

namespace {

// One pass over [begin, end) of any indexed point source, oldest first.
template <class At>
QList<QPointF> minMax(int size, At at, int begin, int end, double fromX, double toX, int buckets) {
  QList<QPointF> out;
  buckets = std::max(1, buckets);
  const bool before = begin > 0;
  const bool after = end < size;
  if (before) out.append(at(begin - 1));
  if (end - begin <= 2 * buckets || toX <= fromX) {
    for (int i = begin; i < end; ++i) out.append(at(i));
  } else {
    out.reserve(2 * buckets + 2);
    const double width = (toX - fromX) / buckets;
    int i = begin;
    while (i < end) {
      const QPointF first = at(i);
      const int bucket = std::min(buckets - 1, static_cast<int>((first.x() - fromX) / width));
      const double bucketEnd = fromX + (bucket + 1) * width;
      QPointF lo = first, hi = first;
      int loAt = i, hiAt = i;
      for (++i; i < end; ++i) {
        const QPointF p = at(i);
        if (p.x() >= bucketEnd && bucket < buckets - 1) break;
        if (p.y() < lo.y()) { lo = p; loAt = i; }
        if (p.y() > hi.y()) { hi = p; hiAt = i; }
      }
      if (loAt == hiAt) {
        out.append(lo);
      } else if (loAt < hiAt) {
        out.append(lo);
        out.append(hi);
      } else {
        out.append(hi);
        out.append(lo);
      }
    }
  }
  if (after) out.append(at(end));
  return out;
}

}  // namespace

QList<QPointF> decimateMinMax(const SeriesRing& ring, double fromX, double toX, int buckets) {
  const int begin = ring.lowerBound(fromX);
  // First index with x > toX.
  const int end = ring.lowerBound(std::nextafter(toX, 1e300));
  return minMax(ring.size(), [&ring](int i) { return ring.at(i); }, begin, end, fromX, toX, buckets);
}

QList<QPointF> decimateMinMax(const QList<QPointF>& points, double fromX, double toX, int buckets) {
  auto byX = [](const QPointF& p, double x) { return p.x() < x; };
  const int begin = static_cast<int>(std::lower_bound(points.begin(), points.end(), fromX, byX) - points.begin());
  const int end = static_cast<int>(std::upper_bound(points.begin(), points.end(), toX,
                                                    [](double x, const QPointF& p) { return x < p.x(); }) - points.begin());
  return minMax(static_cast<int>(points.size()), [&points](int i) { return points[i]; }, begin, end, fromX, toX, buckets);
}

}  // namespace routedeck::models
