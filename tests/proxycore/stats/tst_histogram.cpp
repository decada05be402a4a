// The log-linear histogram against exact quantiles of random data, and
// minus() as the GUI uses it (interval percentiles from two snapshots).
#include <QTest>

#include <algorithm>
#include <cmath>
#include <random>

#include "proxycore/stats/histogram_layout.h"
#include "proxycore/stats/snapshot.h"
#include "proxycore/stats/snapshot_math.h"

using namespace routedeck::core::stats;

namespace {

double exactQuantile(std::vector<uint64_t> sorted, double q) {
  const size_t rank = std::max<size_t>(1, static_cast<size_t>(std::ceil(q * sorted.size())));
  return static_cast<double>(sorted[rank - 1]) / 1e6;
}

}  // namespace

class TestHistogram : public QObject {
  Q_OBJECT

 private slots:
  void bucketLayoutIsContiguous() {
    for (int i = 0; i + 1 < layout::kBuckets; ++i) {
      QCOMPARE(layout::bucketLower(i) + layout::bucketWidth(i), layout::bucketLower(i + 1));
      QCOMPARE(layout::bucketIndex(layout::bucketLower(i)), i);
      QCOMPARE(layout::bucketIndex(layout::bucketLower(i + 1) - 1), i);
      QVERIFY(layout::bucketWidth(i) * 128 <= std::max<uint64_t>(128, layout::bucketLower(i)));
    }
    QCOMPARE(layout::bucketIndex(UINT64_MAX), layout::kBuckets - 1);
  }

  void quantilesWithinOnePercent_data() {
    QTest::addColumn<QString>("distribution");
    QTest::newRow("lognormal 1ms") << "lognormal";
    QTest::newRow("uniform 50us..5s") << "uniform";
    QTest::newRow("bimodal") << "bimodal";
  }
  void quantilesWithinOnePercent() {
    QFETCH(QString, distribution);
    std::mt19937_64 rng(42);
    std::lognormal_distribution<double> logn(std::log(1000.0), 1.2);
    std::uniform_int_distribution<uint64_t> uni(50, 5000000);
    std::normal_distribution<double> fast(300, 40), slow(80000, 20000);
    std::vector<uint64_t> values;
    Histogram h;
    for (int i = 0; i < 200000; ++i) {
      uint64_t v = 0;
      if (distribution == QLatin1String("lognormal")) {
        v = static_cast<uint64_t>(std::max(1.0, logn(rng)));
      } else if (distribution == QLatin1String("uniform")) {
        v = uni(rng);
      } else {
        v = static_cast<uint64_t>(std::max(1.0, i % 10 == 0 ? slow(rng) : fast(rng)));
      }
      values.push_back(v);
      h.recordMicros(v);
    }
    std::sort(values.begin(), values.end());
    QCOMPARE(h.count, uint64_t(values.size()));
    for (double q : {0.01, 0.1, 0.5, 0.9, 0.95, 0.99, 0.999, 1.0}) {
      const double exact = exactQuantile(values, q);
      const double got = h.quantileSeconds(q);
      const double rel = std::abs(got - exact) / exact;
      QVERIFY2(rel < 0.01, qPrintable(QStringLiteral("q=%1 exact=%2 got=%3 rel=%4")
                                          .arg(q).arg(exact).arg(got).arg(rel)));
    }
    double sum = 0;
    for (auto v : values) sum += static_cast<double>(v) / 1e6;
    QVERIFY(std::abs(h.sumSeconds - sum) / sum < 1e-9);
  }

  void minusGivesTheInterval() {
    std::mt19937_64 rng(7);
    std::uniform_int_distribution<uint64_t> early(100, 1000), late(20000, 40000);
    Histogram before;
    std::vector<uint64_t> lateValues;
    for (int i = 0; i < 5000; ++i) before.recordMicros(early(rng));
    Histogram after = before;
    for (int i = 0; i < 3000; ++i) {
      const uint64_t v = late(rng);
      lateValues.push_back(v);
      after.recordMicros(v);
    }
    const Histogram interval = after.minus(before);
    QCOMPARE(interval.count, uint64_t(3000));
    std::sort(lateValues.begin(), lateValues.end());
    for (double q : {0.5, 0.99}) {
      const double exact = exactQuantile(lateValues, q);
      QVERIFY(std::abs(interval.quantileSeconds(q) - exact) / exact < 0.01);
    }
    uint64_t total = 0;
    for (auto c : interval.counts) total += c;
    QCOMPARE(total, uint64_t(3000));
    QVERIFY(interval.counts.empty() || interval.counts.back() != 0);
    QCOMPARE(before.minus(before).count, uint64_t(0));
    QCOMPARE(before.minus(before).quantileSeconds(0.5), 0.0);
  }

  void prometheusBucketsAreCumulative() {
    Histogram h;
    for (uint64_t us : {100, 900, 1000, 1100, 50000, 2000000}) h.recordMicros(us);
    QCOMPARE(h.countAtOrBelow(0.0005), uint64_t(1));
    QCOMPARE(h.countAtOrBelow(0.001), uint64_t(3));
    QCOMPARE(h.countAtOrBelow(0.05), uint64_t(5));
    QCOMPARE(h.countAtOrBelow(10), uint64_t(6));
  }

  void snapshotDeltas() {
    Snapshot a, b;
    b.taken = a.taken + std::chrono::milliseconds(500);
    Counters ca, cb;
    ca.requests = 100;
    cb.requests = 150;
    cb.active = 3;
    cb.responses5xx = 2;
    const Counters d = minus(cb, ca);
    QCOMPARE(d.requests, uint64_t(50));
    QCOMPARE(d.responses5xx, uint64_t(2));
    QCOMPARE(d.active, int64_t(3));
    QCOMPARE(secondsBetween(b, a), 0.5);
    QCOMPARE(ratePerSecond(cb.requests, ca.requests, secondsBetween(b, a)), 100.0);
    QCOMPARE(ratePerSecond(5, 10, 1.0), 5.0);  // a restart counts from zero
    QCOMPARE(secondsBetween(a, b), 0.0);
  }

  void ruleKeyId() {
    RuleKey k{"HTTPRoute", "default", "shop", 1, "canary"};
    QCOMPARE(QString::fromStdString(k.id()), QStringLiteral("HTTPRoute/default/shop#1"));
    Snapshot s;
    s.rules.push_back(RuleStats{});
    s.rules.back().key = k;
    QVERIFY(s.rule(RuleKey{"HTTPRoute", "default", "shop", 1, ""}) == &s.rules.back());
    QVERIFY(s.rule(RuleKey{"HTTPRoute", "default", "shop", 2, ""}) == nullptr);
  }
};

QTEST_GUILESS_MAIN(TestHistogram)
#include "tst_histogram.moc"
