#pragma once

#include <QList>
#include <QPointF>

#include "models/metrics/series_ring.h"

namespace routedeck::models {

// Reduces the points of `ring` with fromX <= x <= toX to at most
// 2 × `buckets` points for display: the range is cut into `buckets` equal
// time slices (one per pixel column of the plot) and each slice contributes
// its lowest and highest point, in time order. Spikes survive — a 2 s p99
// outlier among 14 400 samples still reaches the top of the chart — and
// the cost is one pass over the visible points without copying them.
// The last point before fromX and the first after toX are kept too, so the
// line reaches the plot's edges instead of stopping short of them.
// A range with no more than 2 × buckets points is returned unchanged.
QList<QPointF> decimateMinMax(const SeriesRing& ring, double fromX, double toX, int buckets);

// The same over a plain list (x ascending); for tests and small inputs.
QList<QPointF> decimateMinMax(const QList<QPointF>& points, double fromX, double toX, int buckets);

}  // namespace routedeck::models
