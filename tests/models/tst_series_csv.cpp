// CSV export of a rule's recorded series (parsed back, exact values), the
// hover readout and valueAt() that it rests on.
#include <QDateTime>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>

#include "models/metrics/chart_groups.h"
#include "models/metrics/series_csv.h"
#include "tests/models/series_snapshots.h"

using namespace routedeck::models;
using namespace routedeck::tests::series;

namespace {

const QString kRule = QString::fromLatin1(kRuleId);

// 40 ticks of 250 ms: 90/10 split, 40 req/s, one 5xx every other tick.
void feed(ChartSeriesModel& model, int ticks = 40) {
  uint64_t v1 = 0, v2 = 0, e = 0;
  for (int i = 0; i <= ticks; ++i) {
    v1 += 9;
    v2 += 1;
    e += i % 2;
    model.addSnapshot(snapshot(i * 0.25, v1, v2, e, static_cast<uint64_t>(i + 1)));
  }
}

QList<QStringList> parse(const QString& csv) {
  QList<QStringList> rows;
  for (const auto& line : csv.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
    rows << line.split(QLatin1Char(','));  // the demo's backend names need no quoting
  }
  return rows;
}

}  // namespace

class TstSeriesCsv : public QObject {
  Q_OBJECT
 private slots:
  void headerNamesEveryColumnWithItsUnit() {
    ChartSeriesModel model;
    feed(model, 4);
    const auto rows = parse(seriesCsv(model, kRule));
    QCOMPARE(rows.first(), (QStringList{QStringLiteral("time_utc"), QStringLiteral("unix_s"), QStringLiteral("rate_req_per_s"),
                                         QStringLiteral("p50_ms"), QStringLiteral("p90_ms"), QStringLiteral("p99_ms"),
                                         QStringLiteral("4xx_pct_of_responses"), QStringLiteral("5xx_pct_of_responses"),
                                         QStringLiteral("demo/shop-v1:8080_pct_of_requests"),
                                         QStringLiteral("demo/shop-v2:8080_pct_of_requests")}));
    QCOMPARE(parse(seriesCsv(model, QStringLiteral("HTTPRoute/none#0"))).size(), 1);
  }

  void rowsReadBackToTheModelsExactValues() {
    ChartSeriesModel model;
    model.setRateWindow(1.0);
    feed(model);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("shop.csv"));
    QString error;
    QVERIFY2(writeSeriesCsv(model, kRule, path, &error), qPrintable(error));
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const auto rows = parse(QString::fromUtf8(f.readAll()));
    const int n = model.pointCount(kRule, Metric::Rps);
    QCOMPARE(n, 40);
    QCOMPARE(rows.size(), n + 1);
    const QVector<QPair<Metric, int>> columns = {{Metric::Rps, -1},      {Metric::P50, -1},      {Metric::P90, -1},
                                                  {Metric::P99, -1},      {Metric::Error4xx, -1}, {Metric::Error5xx, -1},
                                                  {Metric::Split, 0},     {Metric::Split, 1}};
    for (int i = 0; i < n; ++i) {
      const auto& row = rows[i + 1];
      QCOMPARE(row.size(), 10);
      const QDateTime t = QDateTime::fromString(row[0], Qt::ISODateWithMs);
      QVERIFY2(t.isValid() && t.timeSpec() == Qt::UTC && row[0].endsWith(QLatin1Char('Z')), qPrintable(row[0]));
      const double x = model.points(kRule, Metric::Rps)[i].x();
      QCOMPARE(t.toMSecsSinceEpoch(), std::llround(x * 1000));
      QCOMPARE(std::llround(row[1].toDouble() * 1000), std::llround(x * 1000));
      for (int c = 0; c < columns.size(); ++c) {
        const double expected = model.points(kRule, columns[c].first, columns[c].second)[i].y();
        // Exact, not approximately: the rings hold 32-bit floats and the CSV
        // writes each in the shortest text that parses back to the same float.
        bool ok = false;
        const float read = row[c + 2].toFloat(&ok);
        QVERIFY(ok);
        QVERIFY2(read == static_cast<float>(expected), qPrintable(row[c + 2]));
      }
    }
    // The data is what was fed: 40 req/s (10 per 250 ms) split 90/10.
    QCOMPARE(rows[5][2].toDouble(), 40.0);
    QCOMPARE(rows[5][8].toDouble(), 90.0);
  }

  void valueAtSnapsToTheNearestSample() {
    ChartSeriesModel model;
    model.setRateWindow(0.25);
    QVERIFY(!model.valueAt(kRule, Metric::Rps, -1, 0));
    uint64_t v1 = 0;
    for (int i = 0; i <= 8; ++i) {
      v1 += static_cast<uint64_t>(i);  // i requests in tick i: 4·i req/s
      model.addSnapshot(snapshot(i * 0.25, v1, 0, 0, static_cast<uint64_t>(i + 1)));
    }
    const auto pts = model.points(kRule, Metric::Rps);
    QCOMPARE(pts.size(), 8);
    const auto at = model.valueAt(kRule, Metric::Rps, -1, pts[3].x() + 0.1);  // nearer to sample 3 than 4
    QVERIFY(at);
    QCOMPARE(at->x(), pts[3].x());
    QCOMPARE(at->y(), 16.0);
    QCOMPARE(model.valueAt(kRule, Metric::Rps, -1, pts[3].x() + 0.2)->y(), 20.0);
    QVERIFY(!model.valueAt(kRule, Metric::Rps, -1, pts.last().x() + 5));  // past the data
    QVERIFY(!model.valueAt(kRule, Metric::Split, 7, pts[3].x()));         // no such backend
    const auto range = model.recordedRange(kRule);
    QVERIFY(range);
    QCOMPARE(range->first, pts.first().x());
    QCOMPARE(range->second, pts.last().x());
  }

  void readoutShowsTimeAndEachSeriesWithUnits() {
    ChartSeriesModel model;
    model.setRateWindow(1.0);
    feed(model);
    const auto x = model.points(kRule, Metric::P50)[20].x();
    const auto r = readoutAt(model, kRule, ChartGroup::Latency, x + 0.05);
    QVERIFY(r);
    QCOMPARE(r->x, x);
    QCOMPARE(r->values.size(), 3);
    QCOMPARE(r->values[0], model.points(kRule, Metric::P50)[20].y());
    QCOMPARE(r->values[2], model.points(kRule, Metric::P99)[20].y());
    const QString time = QDateTime::fromMSecsSinceEpoch(std::llround(x * 1000)).toString(QStringLiteral("HH:mm:ss.zzz"));
    QVERIFY2(r->text.startsWith(time), qPrintable(r->text));
    QVERIFY2(r->text.contains(QStringLiteral("p50 %1 ms").arg(r->values[0], 0, 'f', 1)), qPrintable(r->text));
    const auto split = readoutAt(model, kRule, ChartGroup::Split, x);
    QVERIFY(split && split->text.contains(QStringLiteral("demo/shop-v1:8080 90 %")));
    QVERIFY(!readoutAt(model, kRule, ChartGroup::Rate, x + 60));
  }
};

QTEST_GUILESS_MAIN(TstSeriesCsv)
#include "tst_series_csv.moc"
