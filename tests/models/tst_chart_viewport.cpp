// The charts' visible time range: live follows, paused freezes, zoom and
// scroll stay inside the window and the recorded data.
#include <QTest>

#include "models/metrics/chart_viewport.h"

using routedeck::models::ChartViewport;

class TstChartViewport : public QObject {
  Q_OBJECT
 private slots:
  void liveFollowsTheNewestSample() {
    ChartViewport v;
    v.setWindow(600);
    QCOMPARE(v.range(10000, 8000), std::make_pair(9400.0, 10000.0));
    QCOMPARE(v.range(10001, 8000), std::make_pair(9401.0, 10001.0));
    // A window that has not filled yet starts at the oldest sample, but shows 20 s at least.
    QCOMPARE(v.range(10000, 9900), std::make_pair(9900.0, 10000.0));
    QCOMPARE(v.range(10000, 9995), std::make_pair(9980.0, 10000.0));
  }

  void pauseFreezesAndResumeFollows() {
    ChartViewport v;
    v.setWindow(300);
    v.setPaused(true, 1000);
    QCOMPARE(v.range(1000, 0), std::make_pair(700.0, 1000.0));
    QCOMPARE(v.range(1500, 0), std::make_pair(700.0, 1000.0));
    v.setPaused(true, 1600);  // already paused: stays
    QCOMPARE(v.range(1600, 0).second, 1000.0);
    v.setPaused(false, 1600);
    // Paused before the window filled: the same 20 s stay on screen.
    ChartViewport young;
    young.setWindow(300);
    young.setPaused(true, 1000);
    QCOMPARE(young.range(1000, 990), std::make_pair(980.0, 1000.0));
    QCOMPARE(young.range(1003, 990), std::make_pair(980.0, 1000.0));
    QCOMPARE(v.range(1600, 0), std::make_pair(1300.0, 1600.0));
  }

  void zoomIsClampedAndPauses() {
    ChartViewport v;
    v.setWindow(300);
    v.zoomTo(950, 960);
    QVERIFY(v.paused());
    QVERIFY(v.zoomed());
    QCOMPARE(v.range(2000, 0), std::make_pair(950.0, 960.0));
    v.zoomTo(959, 960);  // below the minimum span
    QCOMPARE(v.span(), ChartViewport::kMinSpan);
    v.zoomTo(0, 5000);   // beyond the window
    QCOMPARE(v.span(), 300.0);
    QVERIFY(!v.zoomed());
    v.setWindow(900);
    QCOMPARE(v.span(), 900.0);
  }

  void wheelZoomKeepsTheAnchorWhenPaused() {
    ChartViewport v;
    v.setWindow(300);
    v.setPaused(true, 1000);
    v.zoomBy(0.5, 900, 1000);  // anchor 900 was 2/3 across [700, 1000]
    QCOMPARE(v.range(1000, 0), std::make_pair(800.0, 950.0));  // 900 still 2/3 across
    v.resetZoom();
    QCOMPARE(v.span(), 300.0);
    ChartViewport live;
    live.setWindow(300);
    live.zoomBy(0.1, 123, 1000);
    QCOMPARE(live.range(1000, 0), std::make_pair(970.0, 1000.0));
  }

  void scrollStaysInsideTheRecording() {
    ChartViewport v;
    v.setWindow(300);
    v.scrollTo(500, 1000, 0);  // live: ignored
    QCOMPARE(v.range(1000, 0).second, 1000.0);
    v.setPaused(true, 1000);
    v.scrollTo(500, 1000, 0);
    QCOMPARE(v.range(1000, 0), std::make_pair(200.0, 500.0));
    v.scrollTo(100, 1000, 0);
    QCOMPARE(v.range(1000, 0).second, 300.0);  // not before the oldest sample
    v.scrollTo(5000, 1000, 0);
    QCOMPARE(v.range(1000, 0).second, 1000.0);
  }
};

QTEST_GUILESS_MAIN(TstChartViewport)
#include "tst_chart_viewport.moc"
