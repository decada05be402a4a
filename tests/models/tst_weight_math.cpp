#include <QTest>
#include <numeric>

#include "models/canary/weight_math.h"

using namespace routedeck::models;

using Ints = std::vector<int>;
using Bools = std::vector<bool>;
Q_DECLARE_METATYPE(Ints)
Q_DECLARE_METATYPE(Bools)

class TstWeightMath : public QObject {
  Q_OBJECT
 private slots:
  void toPercentages_data() {
    QTest::addColumn<Ints>("weights");
    QTest::addColumn<Ints>("expected");
    QTest::newRow("90/10") << Ints{90, 10} << Ints{90, 10};
    QTest::newRow("scaled 9/1") << Ints{9, 1} << Ints{90, 10};
    QTest::newRow("thirds") << Ints{1, 1, 1} << Ints{34, 33, 33};
    QTest::newRow("all zero: even") << Ints{0, 0} << Ints{50, 50};
    QTest::newRow("single") << Ints{7} << Ints{100};
    QTest::newRow("one zero") << Ints{0, 3} << Ints{0, 100};
    QTest::newRow("empty") << Ints{} << Ints{};
  }
  void toPercentages() {
    QFETCH(Ints, weights);
    QFETCH(Ints, expected);
    QCOMPARE(weights::toPercentages(weights), expected);
  }

  void rebalance_data() {
    QTest::addColumn<Ints>("percent");
    QTest::addColumn<Bools>("locked");
    QTest::addColumn<int>("index");
    QTest::addColumn<int>("value");
    QTest::addColumn<Ints>("expected");
    QTest::newRow("two: other follows") << Ints{90, 10} << Bools{false, false} << 1 << 50 << Ints{50, 50};
    QTest::newRow("two: to 100") << Ints{90, 10} << Bools{false, false} << 1 << 100 << Ints{0, 100};
    QTest::newRow("three proportional") << Ints{50, 30, 20} << Bools{false, false, false} << 0 << 0 << Ints{0, 60, 40};
    QTest::newRow("three, others zero: even") << Ints{100, 0, 0} << Bools{false, false, false} << 0 << 40 << Ints{40, 30, 30};
    QTest::newRow("locked stays") << Ints{50, 30, 20} << Bools{false, true, false} << 0 << 70 << Ints{70, 30, 0};
    QTest::newRow("clamped by lock") << Ints{50, 30, 20} << Bools{false, true, false} << 0 << 90 << Ints{70, 30, 0};
    QTest::newRow("nothing can absorb") << Ints{60, 40} << Bools{false, true} << 0 << 10 << Ints{60, 40};
    QTest::newRow("negative clamps to 0") << Ints{60, 40} << Bools{false, false} << 0 << -5 << Ints{0, 100};
    QTest::newRow("locked index itself") << Ints{60, 40} << Bools{true, false} << 0 << 10 << Ints{60, 40};
    QTest::newRow("bad index") << Ints{60, 40} << Bools{false, false} << 3 << 10 << Ints{60, 40};
    QTest::newRow("rounding sums to 100") << Ints{33, 33, 34} << Bools{false, false, false} << 2 << 1 << Ints{50, 49, 1};
  }
  void rebalance() {
    QFETCH(Ints, percent);
    QFETCH(Bools, locked);
    QFETCH(int, index);
    QFETCH(int, value);
    QFETCH(Ints, expected);
    const auto out = weights::rebalance(percent, locked, index, value);
    QCOMPARE(out, expected);
    QCOMPARE(std::accumulate(out.begin(), out.end(), 0), 100);
  }

  void sumIsAlways100() {
    Ints p{25, 25, 25, 25};
    const Bools locked{false, false, true, false};
    for (int step = 0; step < 200; ++step) {
      p = weights::rebalance(p, locked, step % 4, (step * 37) % 101);
      QCOMPARE(std::accumulate(p.begin(), p.end(), 0), 100);
      QCOMPARE(p[2], 25);
    }
  }
};

QTEST_GUILESS_MAIN(TstWeightMath)
#include "tst_weight_math.moc"
