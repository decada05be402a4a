#include <QSignalSpy>
#include <QTest>

#include "models/metrics/chart_series_model.h"
#include "tests/models/series_snapshots.h"

using namespace routedeck::models;

using namespace routedeck::tests::series;

namespace {
const QString kRule = QString::fromLatin1(kRuleId);
}  // namespace

class TstChartSeriesModel : public QObject {
  Q_OBJECT
 private slots:
  void ratesPercentilesErrorsAndSplit() {
    ChartSeriesModel model;
    model.setRateWindow(1.0);
    QSignalSpy updated(&model, &ChartSeriesModel::updated);
    model.addSnapshot(snapshot(0, 0, 0, 0, 1));
    QCOMPARE(model.pointCount(kRule, Metric::Rps), 0);  // one snapshot gives no interval
    model.addSnapshot(snapshot(1, 90, 10, 2, 2));
    QCOMPARE(updated.count(), 1);
    QCOMPARE(model.pointCount(kRule, Metric::Rps), 1);
    const auto rps = model.points(kRule, Metric::Rps);
    QCOMPARE(rps.size(), 1);
    QVERIFY(qAbs(rps[0].y() - 100.0) < 1e-6);
    QVERIFY(qAbs(model.points(kRule, Metric::P50)[0].y() - 10.0) < 0.2);
    QVERIFY(qAbs(model.points(kRule, Metric::P99)[0].y() - 100.0) < 1.0);
    QVERIFY(qAbs(model.points(kRule, Metric::Error5xx)[0].y() - 2.0) < 1e-6);
    QCOMPARE(model.points(kRule, Metric::Error4xx)[0].y(), 0.0);
    QCOMPARE(model.backends(kRule), (QStringList{QStringLiteral("demo/shop-v1:8080"), QStringLiteral("demo/shop-v2:8080")}));
    QVERIFY(qAbs(model.points(kRule, Metric::Split, 0)[0].y() - 90.0) < 1e-6);
    QVERIFY(qAbs(model.points(kRule, Metric::Split, 1)[0].y() - 10.0) < 1e-6);
    const auto live = model.live(kRule);
    QVERIFY(qAbs(live.rps - 100) < 1e-6);
    QVERIFY(qAbs(live.backend5xxPercent[1] - 20) < 1e-6);
    QCOMPARE(model.measuredSplit(kRule).size(), 2);
  }

  void measuredSplitFollowsChange() {
    ChartSeriesModel model;
    model.setSplitWindow(2.0);
    uint64_t v1 = 0, v2 = 0;
    for (int i = 0; i <= 40; ++i) {
      // 90/10 for 5 s, then 50/50.
      if (i <= 20) { v1 += 9; v2 += 1; } else { v1 += 5; v2 += 5; }
      model.addSnapshot(snapshot(i * 0.25, v1, v2, 0, static_cast<uint64_t>(i + 1)));
    }
    const auto split = model.measuredSplit(kRule);
    QCOMPARE(split.size(), 2);
    QVERIFY2(qAbs(split[0] - 50) < 0.5, qPrintable(QString::number(split[0])));
    QCOMPARE(model.pointCount(kRule, Metric::Rps), 40);
  }

  void ringIsBounded() {
    ChartSeriesModel model(nullptr, 16, 0);
    for (int i = 0; i < 100; ++i) {
      model.addSnapshot(snapshot(i * 0.25, static_cast<uint64_t>(i) * 9, static_cast<uint64_t>(i), 0, static_cast<uint64_t>(i + 1)));
    }
    QCOMPARE(model.pointCount(kRule, Metric::Rps), 16);
    const auto pts = model.points(kRule, Metric::Rps);
    for (int i = 1; i < pts.size(); ++i) QVERIFY(pts[i].x() > pts[i - 1].x());
    // Points from a window: only those at or after fromX.
    QCOMPARE(model.points(kRule, Metric::Rps, -1, pts[10].x()).size(), 6);
  }

  void olderPointsAreAveragedNotDropped() {
    // 16 fine points, then one point per 4 s: 100 ticks of 250 ms keep the whole 25 s.
    ChartSeriesModel model(nullptr, 16, 100);
    for (int i = 0; i < 100; ++i) {
      model.addSnapshot(snapshot(i * 0.25, static_cast<uint64_t>(i) * 9, static_cast<uint64_t>(i), 0, static_cast<uint64_t>(i + 1)));
    }
    const auto pts = model.points(kRule, Metric::Rps);
    QCOMPARE(pts.size(), model.pointCount(kRule, Metric::Rps));
    QVERIFY2(pts.size() > 16 && pts.size() < 16 + 8, qPrintable(QString::number(pts.size())));
    for (int i = 1; i < pts.size(); ++i) QVERIFY(pts[i].x() > pts[i - 1].x());
    QVERIFY(pts.last().x() - pts.first().x() > 20);  // the window reaches back ~25 s
    for (const auto& p : pts) QVERIFY(qAbs(p.y() - 40.0) < 1e-6);  // 10 requests per 250 ms
  }

  void staleSnapshotIgnored() {
    ChartSeriesModel model;
    model.addSnapshot(snapshot(1, 10, 0, 0, 1));
    model.addSnapshot(snapshot(2, 20, 0, 0, 2));
    model.addSnapshot(snapshot(1.5, 15, 0, 0, 3));
    QCOMPARE(model.pointCount(kRule, Metric::Rps), 1);
  }
};

QTEST_GUILESS_MAIN(TstChartSeriesModel)
#include "tst_chart_series_model.moc"
