// Min/max decimation for display: bounded output, extremes kept, time order,
// and the ring and list forms agree.
#include <QRandomGenerator>
#include <QTest>
#include <algorithm>

#include "models/metrics/decimate.h"

using namespace routedeck::models;

namespace {

// `n` samples 250 ms apart from x = 1000 s, noisy around 50 with rare spikes.
QList<QPointF> samples(int n, quint32 seed) {
  QRandomGenerator rng(seed);
  QList<QPointF> out;
  for (int i = 0; i < n; ++i) {
    double y = 50 + rng.bounded(10.0);
    if (rng.bounded(1000) == 0) y = 2000 + rng.bounded(100.0);  // a p99 spike
    out.append({1000 + i * 0.25, y});
  }
  return out;
}

}  // namespace

class TstDecimate : public QObject {
  Q_OBJECT
 private slots:
  void boundedAndKeepsEveryBucketsExtremes_data() {
    QTest::addColumn<int>("n");
    QTest::addColumn<int>("buckets");
    QTest::newRow("hour at 4 Hz into 800 px") << SeriesRing::kHourAt4Hz << 800;
    QTest::newRow("hour into 37 px") << SeriesRing::kHourAt4Hz << 37;
    QTest::newRow("5 min into 300 px") << 1200 << 300;
    QTest::newRow("one bucket") << 500 << 1;
  }
  void boundedAndKeepsEveryBucketsExtremes() {
    QFETCH(int, n);
    QFETCH(int, buckets);
    const auto in = samples(n, static_cast<quint32>(n + buckets));
    const double from = in.first().x(), to = in.last().x();
    const auto out = decimateMinMax(in, from, to, buckets);
    QVERIFY2(out.size() <= 2 * buckets, qPrintable(QString::number(out.size())));
    QVERIFY(out.size() >= std::min<qsizetype>(buckets, in.size()) / 2);
    for (int i = 1; i < out.size(); ++i) QVERIFY(out[i].x() > out[i - 1].x());
    // Every output point is an input sample, and each bucket's min and max are there.
    const double width = (to - from) / buckets;
    QVector<double> lo(buckets, 1e300), hi(buckets, -1e300);
    for (const auto& p : in) {
      const int b = std::min(buckets - 1, static_cast<int>((p.x() - from) / width));
      lo[b] = std::min(lo[b], p.y());
      hi[b] = std::max(hi[b], p.y());
    }
    for (int b = 0; b < buckets; ++b) {
      if (lo[b] > hi[b]) continue;
      auto has = [&](double y) {
        return std::any_of(out.begin(), out.end(), [&](const QPointF& p) {
          return std::min(buckets - 1, static_cast<int>((p.x() - from) / width)) == b && p.y() == y;
        });
      };
      QVERIFY2(has(lo[b]) && has(hi[b]), qPrintable(QStringLiteral("bucket %1").arg(b)));
    }
    const auto maxIn = std::max_element(in.begin(), in.end(), [](auto a, auto b) { return a.y() < b.y(); });
    QVERIFY(out.contains(*maxIn));
  }

  void smallRangesPassThroughWithEdgeNeighbours() {
    const auto in = samples(100, 7);
    // Points 10..19 lie inside; 9 and 20 are kept so the line reaches the edges.
    const auto out = decimateMinMax(in, in[10].x(), in[19].x(), 50);
    QCOMPARE(out.size(), 12);
    QCOMPARE(out.first(), in[9]);
    QCOMPARE(out.last(), in[20]);
    QCOMPARE(out.mid(1, 10), in.mid(10, 10));
    QVERIFY(decimateMinMax(QList<QPointF>(), 0, 10, 10).isEmpty());
  }

  void ringAndListAgree() {
    // The ring stores whole milliseconds and floats: compare against what it holds.
    SeriesRing ring(SeriesRing::kHourAt4Hz, 0);
    for (const auto& p : samples(5000, 3)) ring.append(p);
    const auto held = ring.since(0);
    QCOMPARE(held.size(), 5000);
    const double from = held[1000].x() + 0.1, to = held[4000].x();
    QCOMPARE(decimateMinMax(ring, from, to, 200), decimateMinMax(held, from, to, 200));
  }

  void ringHoldsAnHourAtFullResolution() {
    SeriesRing ring;
    const auto in = samples(SeriesRing::kHourAt4Hz + 400, 11);
    for (const auto& p : in) ring.append(p);
    QCOMPARE(ring.size(), SeriesRing::kHourAt4Hz);
    QCOMPARE(ring.at(0).x(), in[400].x());  // the 400 oldest dropped off
    QCOMPARE(ring.last().x(), in.last().x());
    QCOMPARE(ring.at(123).y(), static_cast<double>(static_cast<float>(in[523].y())));
  }
};

QTEST_GUILESS_MAIN(TstDecimate)
#include "tst_decimate.moc"
