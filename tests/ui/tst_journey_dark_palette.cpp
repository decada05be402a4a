// A user on a dark desktop: with a dark application palette every main view
// stays readable. Measured, not eyeballed: the chart theme's text against
// its background, and rendered pixels — graph node labels, table rows, the
// trace waterfall, the charts' titles — must reach a WCAG contrast of 4.5:1
// between the text and the background they sit on. Switching to the light
// palette at run time is followed as well.
#include <QAbstractItemModel>
#include <QApplication>
#include <QChart>
#include <QHash>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QTableView>
#include <QTest>
#include <QTreeView>

#include "models/workbench.h"
#include "tests/ui/journey_fixture.h"
#include "ui/accesslog/access_log_panel.h"
#include "ui/charts/charts_panel.h"
#include "ui/charts/time_chart_view.h"
#include "ui/editors/rule_editor_panel.h"
#include "ui/graph/route_graph_view.h"
#include "ui/main/main_window.h"
#include "ui/traces/traces_panel.h"
#include "ui/widgets/theme.h"

using namespace routedeck;
using ui::ChartsPanel;
using ui::contrastRatio;

namespace {

const QString kCanary = QStringLiteral("ru:HTTPRoute/demo/shop#1");
constexpr double kText = 4.5;     // WCAG AA, normal text
constexpr double kGraphic = 3.0;  // WCAG AA, lines and other graphics

struct Measured {
  QColor background;  // the most common colour of the region
  double best = 1;    // the highest contrast of any pixel against it
};

// What text in `region` reaches against the background it sits on.
Measured measure(const QImage& image, const QRect& region) {
  QHash<QRgb, int> counts;
  const QRect r = region.intersected(image.rect());
  for (int y = r.top(); y <= r.bottom(); ++y)
    for (int x = r.left(); x <= r.right(); ++x) ++counts[image.pixel(x, y)];
  Measured m;
  int most = 0;
  for (auto it = counts.begin(); it != counts.end(); ++it) {
    if (it.value() > most) {
      most = it.value();
      m.background = QColor::fromRgb(it.key());
    }
  }
  for (auto it = counts.begin(); it != counts.end(); ++it) {
    m.best = std::max(m.best, contrastRatio(QColor::fromRgb(it.key()), m.background));
  }
  return m;
}

QString describe(const Measured& m) {
  return QStringLiteral("background %1, best contrast %2").arg(m.background.name()).arg(m.best, 0, 'f', 2);
}

}  // namespace

class TstJourneyDarkPalette : public QObject {
  Q_OBJECT
 private:
  tests::Journey j;
  ui::MainWindow& window() { return j.app->window(); }

  void checkCharts(bool dark) {
    auto* charts = window().charts();
    for (int k = 0; k < ChartsPanel::ChartCount; ++k) {
      auto* chart = charts->chart(static_cast<ChartsPanel::ChartKind>(k));
      QCOMPARE(chart->theme(), dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
      const QColor bg = chart->backgroundBrush().color();
      QCOMPARE(bg.lightness() < 128, dark);
      QVERIFY2(contrastRatio(chart->titleBrush().color(), bg) >= kText, qPrintable(chart->title()));
      QVERIFY(contrastRatio(chart->legend()->labelColor(), bg) >= kText);
      for (auto* axis : chart->axes()) QVERIFY(contrastRatio(axis->labelsBrush().color(), bg) >= kText);
      for (auto* s : chart->series()) {
        const QColor line = qobject_cast<QLineSeries*>(s)->color();
        QVERIFY2(contrastRatio(line, bg) >= kGraphic, qPrintable(s->name() + QStringLiteral(" ") + line.name()));
      }
    }
    // And as drawn: the request-rate chart's title row.
    auto* view = charts->chartView(ChartsPanel::RateChart);
    const QImage img = view->grab().toImage();
    const auto title = measure(img, QRect(img.width() / 4, 0, img.width() / 2, 22));
    QCOMPARE(title.background.lightness() < 128, dark);
    QVERIFY2(title.best >= kText, qPrintable(describe(title)));
  }

  void checkGraphLabel(bool dark) {
    auto* view = window().graphView();
    const auto& graph = j.app->workbench().graph();
    const int i = graph.indexOf(kCanary);
    QVERIFY(i >= 0);
    view->ensureVisible(graph.nodes()[i].rect);
    const QRect node = view->mapFromScene(graph.nodes()[i].rect).boundingRect();
    const QImage img = view->viewport()->grab().toImage();
    // The label's half of the node, inside its border and past the kind stripe.
    const auto label = measure(img, node.adjusted(14, 5, -8, -node.height() / 2));
    QCOMPARE(label.background.lightness() < 128, dark);
    QVERIFY2(label.best >= kText, qPrintable(describe(label)));
  }

  // A row that is not the current one (no selection colours).
  void checkRow(QAbstractItemView* view, int row, int column, const char* what) {
    QVERIFY2(view->model()->rowCount() > row, what);
    const QModelIndex cell = view->model()->index(row, column);
    view->scrollTo(cell);
    const QImage img = view->viewport()->grab().toImage();
    const auto text = measure(img, view->visualRect(cell).adjusted(2, 1, -2, -1));
    QVERIFY2(text.background.lightness() < 128, what);
    QVERIFY2(text.best >= kText, qPrintable(QString::fromLatin1(what) + QStringLiteral(": ") + describe(text)));
  }

 private slots:
  void initTestCase() {
    QVERIFY(j.launchDemo());
    QVERIFY(QTest::qWaitForWindowExposed(&window()));
    auto& wb = j.app->workbench();
    QTRY_VERIFY_WITH_TIMEOUT(wb.series().pointCount(QStringLiteral("HTTPRoute/demo/shop#1"), models::Metric::Rps) > 8, 15000);
    QTRY_VERIFY_WITH_TIMEOUT(wb.traces().rowCount() > 2, 20000);
  }

  void chartsUseTheDarkThemeAndReadableText() {
    window().showBottomPage(window().charts());
    window().charts()->refresh();
    checkCharts(true);
  }

  void graphLabelsAreReadable() { checkGraphLabel(true); }

  void accessLogTracesAndTreeAreReadable() {
    window().showBottomPage(window().accessLog());
    QTRY_VERIFY(window().accessLog()->table()->model()->rowCount() > 2);
    checkRow(window().accessLog()->table(), 1, 1, "access log");
    window().showBottomPage(window().traces());
    auto* traces = window().traces();
    checkRow(traces->traceTable(), 1, 1, "trace list");
    traces->traceTable()->setCurrentIndex(traces->traceTable()->model()->index(0, 0));
    QTRY_VERIFY(traces->waterfall()->model()->rowCount() > 1);
    checkRow(traces->waterfall(), 1, 0, "waterfall");
    checkRow(window().routeTree(), 0, 0, "route tree");
  }

  void errorTextIsReadable() {
    auto* label = window().ruleEditor()->errorLabel();
    QVERIFY(contrastRatio(label->palette().color(QPalette::WindowText), label->palette().color(QPalette::Window)) >= kText);
    QVERIFY(contrastRatio(label->palette().color(QPalette::WindowText), label->palette().color(QPalette::Base)) >= kText);
  }

  void switchingToLightIsFollowed() {
    QApplication::setPalette(ui::lightPalette());
    QApplication::processEvents();
    window().showBottomPage(window().charts());
    checkCharts(false);
    checkGraphLabel(false);
    auto* label = window().ruleEditor()->errorLabel();
    QVERIFY(contrastRatio(label->palette().color(QPalette::WindowText), label->palette().color(QPalette::Window)) >= kText);
  }

  void cleanupTestCase() { j.app.reset(); }
};

int main(int argc, char** argv) {
  tests::prepareGuiTest();
  QApplication app(argc, argv);
  QApplication::setStyle(QStringLiteral("Fusion"));
  QApplication::setPalette(ui::darkPalette());
  TstJourneyDarkPalette t;
  return QTest::qExec(&t, argc, argv);
}
#include "tst_journey_dark_palette.moc"
