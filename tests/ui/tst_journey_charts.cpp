// Live charts on the real demo: the charts move; pause freezes the time axis
// while the model keeps recording and resume follows again; the window
// selector, a rubber-band drag and the wheel change the range; the scroll
// bar goes back in time while paused; hovering a sample shows its values;
// PNG and CSV exports hold what is shown and recorded.
#include <QApplication>
#include <QDateTimeAxis>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QTimer>
#include <QImage>
#include <QLineEdit>
#include <QLineSeries>
#include <QScrollBar>
#include <QSet>
#include <QTest>
#include <QWheelEvent>

#include "models/metrics/chart_groups.h"
#include "models/workbench.h"
#include "tests/ui/journey_fixture.h"
#include "ui/charts/charts_panel.h"
#include "ui/charts/time_chart_view.h"
#include "ui/main/main_window.h"

using namespace routedeck;
using ui::ChartsPanel;

namespace {
const QString kCanaryId = QStringLiteral("HTTPRoute/demo/shop#1");

std::pair<qint64, qint64> axisRange(ChartsPanel* charts, ChartsPanel::ChartKind kind) {
  for (auto* a : charts->chart(kind)->axes(Qt::Horizontal)) {
    if (auto* x = qobject_cast<QDateTimeAxis*>(a)) return {x->min().toMSecsSinceEpoch(), x->max().toMSecsSinceEpoch()};
  }
  return {0, 0};
}

QPoint plotPoint(ui::TimeChartView* view, double seconds) {
  const QRectF plot = view->chart()->plotArea();
  const QPoint centre = view->mapFromScene(view->chart()->mapToScene(plot.center()));
  return {static_cast<int>(std::lround(view->pixelAt(seconds))), centre.y()};
}
}  // namespace

class TstJourneyCharts : public QObject {
  Q_OBJECT
 private:
  tests::Journey j;
  ChartsPanel* charts() { return j.app->window().charts(); }
  models::ChartSeriesModel& model() { return j.app->workbench().series(); }
  void key(int k) { QTest::keyClick(&j.app->window(), static_cast<Qt::Key>(k), Qt::ControlModifier | Qt::ShiftModifier); }

 private slots:
  void initTestCase() {
    QVERIFY(j.launchDemo());
    j.app->window().showBottomPage(charts());
    QVERIFY(QTest::qWaitForWindowExposed(&j.app->window()));
    QTRY_VERIFY_WITH_TIMEOUT(model().pointCount(kCanaryId, models::Metric::Rps) > 24, 15000);  // 6 s of ticks
  }

  void chartsMove() {
    auto* rate = charts()->series(ChartsPanel::RateChart, 0);
    QTRY_VERIFY_WITH_TIMEOUT(rate->count() > 4, 5000);
    const auto before = axisRange(charts(), ChartsPanel::RateChart);
    QTRY_VERIFY_WITH_TIMEOUT(axisRange(charts(), ChartsPanel::RateChart).second > before.second, 3000);
    QCOMPARE(charts()->series(ChartsPanel::SplitChart, 1)->name(), QStringLiteral("demo/shop-v2:8080"));
  }

  void pauseFreezesTheAxisWhileRecordingGoesOn() {
    key(Qt::Key_P);  // Ctrl+Shift+P
    QVERIFY(charts()->isPaused());
    const auto frozen = axisRange(charts(), ChartsPanel::LatencyChart);
    const int shown = charts()->series(ChartsPanel::LatencyChart, 0)->count();
    const int recorded = model().pointCount(kCanaryId, models::Metric::P50);
    QTRY_VERIFY_WITH_TIMEOUT(model().pointCount(kCanaryId, models::Metric::P50) >= recorded + 4, 5000);
    QTest::qWait(300);  // a chart tick after the last sample
    QCOMPARE(axisRange(charts(), ChartsPanel::LatencyChart), frozen);
    QCOMPARE(charts()->series(ChartsPanel::LatencyChart, 0)->count(), shown);
    QVERIFY(charts()->scrollBar()->isEnabled());
    key(Qt::Key_P);
    QVERIFY(!charts()->isPaused());
    QTRY_VERIFY_WITH_TIMEOUT(axisRange(charts(), ChartsPanel::LatencyChart).second > frozen.second + 500, 3000);
    QVERIFY(!charts()->scrollBar()->isEnabled());
  }

  void sixtyMinuteWindowShowsEverythingRecorded() {
    charts()->setWindowMinutes(60);
    QCOMPARE(charts()->viewport().window(), 3600.0);
    charts()->refresh();
    const auto range = model().recordedRange(kCanaryId);
    QVERIFY(range);
    const auto shown = axisRange(charts(), ChartsPanel::RateChart);
    // Less than a minute recorded: the chart starts at the oldest sample,
    // or 20 s back while there is less than that.
    QCOMPARE(shown.first, static_cast<qint64>(std::min(range->first, model().latestX() - 20) * 1000));
    charts()->setWindowMinutes(5);
  }

  void dragZoomsAndPausesWheelZoomsResetRestores() {
    auto* view = charts()->chartView(ChartsPanel::RateChart);
    const QRectF plot = view->chart()->plotArea();
    const int y = plotPoint(view, 0).y();
    const QPoint a(static_cast<int>(plot.left() + plot.width() * 0.2), y), b(static_cast<int>(plot.left() + plot.width() * 0.8), y);
    const double from = view->timeAt(a.x()), to = view->timeAt(b.x());
    QTest::mousePress(view->viewport(), Qt::LeftButton, {}, a);
    QTest::mouseMove(view->viewport(), b);
    QTest::mouseRelease(view->viewport(), Qt::LeftButton, {}, b);
    QVERIFY(charts()->isPaused());
    QVERIFY(charts()->viewport().zoomed());
    const auto zoomed = axisRange(charts(), ChartsPanel::RateChart);
    QVERIFY2(std::abs(zoomed.second - to * 1000) < 2 && std::abs(zoomed.first - from * 1000) < 2,
             qPrintable(QStringLiteral("%1..%2 vs %3..%4").arg(zoomed.first).arg(zoomed.second).arg(from * 1000).arg(to * 1000)));
    // Every chart shows the same range.
    QCOMPARE(axisRange(charts(), ChartsPanel::SplitChart), zoomed);

    const double span = charts()->viewport().span();
    QWheelEvent out(plotPoint(view, (from + to) / 2), view->mapToGlobal(plotPoint(view, (from + to) / 2)), {}, {0, -120},
                    Qt::NoButton, {}, Qt::NoScrollPhase, false);
    QApplication::sendEvent(view->viewport(), &out);
    QVERIFY(charts()->viewport().span() > span * 1.2);

    key(Qt::Key_R);  // Ctrl+Shift+R
    QVERIFY(!charts()->viewport().zoomed());
    key(Qt::Key_P);
    QVERIFY(!charts()->isPaused());
  }

  void scrollBarGoesBackWhilePaused() {
    charts()->setWindowMinutes(5);
    auto* view = charts()->chartView(ChartsPanel::RateChart);
    QTRY_VERIFY_WITH_TIMEOUT(model().latestX() - model().recordedRange(kCanaryId)->first > 16, 15000);
    const double now = model().latestX();
    charts()->setPaused(true);
    emit view->zoomRequested(now - 10, now - 5);
    const auto before = axisRange(charts(), ChartsPanel::RateChart);
    auto* bar = charts()->scrollBar();
    QVERIFY(bar->isEnabled());
    bar->setValue(bar->value() - 8);  // 2 s back
    const auto after = axisRange(charts(), ChartsPanel::RateChart);
    QCOMPARE(after.second, before.second - 2000);
    QCOMPARE(after.second - after.first, before.second - before.first);
    charts()->resetZoom();
    charts()->setPaused(false);
  }

  void hoverShowsTheValuesOfTheSampleUnderTheCursor() {
    charts()->setPaused(true);
    auto* view = charts()->chartView(ChartsPanel::LatencyChart);
    const auto [from, to] = axisRange(charts(), ChartsPanel::LatencyChart);
    const auto pts = model().points(kCanaryId, models::Metric::P99, -1, (from + to) / 2000.0);
    QVERIFY(pts.size() > 2);
    const QPointF sample = pts[1];
    QTest::mouseMove(view->viewport(), plotPoint(view, sample.x()));
    QTRY_VERIFY(!charts()->readout().isEmpty());
    const auto expected = models::readoutAt(model(), kCanaryId, models::ChartGroup::Latency, sample.x());
    QVERIFY(expected);
    QCOMPARE(expected->x, sample.x());
    QCOMPARE(charts()->readout(), expected->text);
    QVERIFY2(charts()->readout().contains(QStringLiteral("p99 %1 ms").arg(sample.y(), 0, 'f', 1)), qPrintable(charts()->readout()));
  }

  void exportsPngOfTheChartsAndCsvOfTheRecording() {
    charts()->setPaused(true);
    const QString png = j.dir.filePath(QStringLiteral("charts.png"));
    QVERIFY(charts()->exportPng(png));
    const QImage img(png);
    QVERIFY(!img.isNull());
    QCOMPARE(img.size(), charts()->renderImage().size());
    QVERIFY(img.width() >= 4 * 220 && img.height() >= 160);
    QSet<QRgb> colours;
    for (int y = 0; y < img.height(); y += 4)
      for (int x = 0; x < img.width(); x += 4) colours.insert(img.pixel(x, y));
    QVERIFY(colours.size() > 8);

    const QString csv = j.dir.filePath(QStringLiteral("shop.csv"));
    QString error;
    QVERIFY2(charts()->exportCsv(csv, &error), qPrintable(error));
    const int n = model().pointCount(kCanaryId, models::Metric::Rps);  // the poller keeps adding: read right after
    QFile f(csv);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QVERIFY(lines.first().startsWith(QStringLiteral("time_utc,unix_s,rate_req_per_s,p50_ms")));
    QVERIFY(lines.size() - 1 >= n - 1 && lines.size() - 1 <= n);
    const QStringList last = lines.last().split(QLatin1Char(','));
    const auto rps = model().valueAt(kCanaryId, models::Metric::Rps, -1, last[1].toDouble(), 0.0005);
    QVERIFY(rps);
    QCOMPARE(last[2].toFloat(), static_cast<float>(rps->y()));
    charts()->setPaused(false);
  }

  void exportDialogsRememberTheLastFolder() {
    QDir(j.dir.path()).mkpath(QStringLiteral("exports"));
    const QString folder = j.dir.filePath(QStringLiteral("exports"));
    // Answers the next file dialog with `name` in `folder`, noting where it opened.
    QString openedIn;
    auto answer = [&](const QString& name) {
      QTimer::singleShot(200, this, [&openedIn, folder, name] {
        auto* dialog = qobject_cast<QFileDialog*>(QApplication::activeModalWidget());
        QVERIFY(dialog);
        openedIn = dialog->directory().absolutePath();
        dialog->setDirectory(folder);
        // selectFile() leaves Qt's widget dialog with the suggested name; type it as a user would.
        auto* edit = dialog->findChild<QLineEdit*>(QStringLiteral("fileNameEdit"));
        QVERIFY(edit);
        edit->setText(name);
        QMetaObject::invokeMethod(dialog, "accept");  // a slot, protected in C++
      });
    };
    answer(QStringLiteral("first.png"));
    key(Qt::Key_E);  // Ctrl+Shift+E: export PNG
    QVERIFY(QFile::exists(QDir(folder).filePath(QStringLiteral("first.png"))));
    QCOMPARE(j.settings->value(QStringLiteral("charts/exportDir")).toString(), folder);
    j.app->window().activateWindow();  // the closed dialog took activation; shortcuts need it back
    QVERIFY(QTest::qWaitForWindowActive(&j.app->window()));
    answer(QStringLiteral("series.csv"));
    key(Qt::Key_X);  // Ctrl+Shift+X: export CSV, opens where the PNG went
    QCOMPARE(openedIn, folder);
    QFile csv(QDir(folder).filePath(QStringLiteral("series.csv")));
    QVERIFY(csv.open(QIODevice::ReadOnly));
    QVERIFY(csv.readLine().startsWith("time_utc,unix_s,"));
  }

  void cleanupTestCase() { j.app.reset(); }
};

int main(int argc, char** argv) {
  tests::prepareGuiTest();
  QApplication app(argc, argv);
  TstJourneyCharts t;
  return QTest::qExec(&t, argc, argv);
}
#include "tst_journey_charts.moc"
