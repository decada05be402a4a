#include "ui/charts/charts_panel.h"

#include <QChart>
#include <QComboBox>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineSeries>
#include <QScrollBar>
#include <QToolButton>
#include <QToolTip>
#include <QValueAxis>
#include <algorithm>

#include "ui/charts/time_chart_view.h"
#include "ui/widgets/theme.h"

namespace routedeck::ui {

using models::ChartGroup;

namespace {

// Lines must reach 3:1 against the plot (WCAG for graphics): the same hues,
// lifted on a dark background and deepened on a light one as needed.
QColor seriesColour(int i, const QColor& background) {
  static const QColor colours[] = {QColor(0x2f, 0x80, 0xc0), QColor(0xd0, 0x8a, 0x1e), QColor(0xd9, 0x3b, 0x3b),
                                   QColor(0x3a, 0xa6, 0x5c), QColor(0x6d, 0x5d, 0xd3)};
  return readableOn(colours[i % 5], background);
}

// The smallest 1, 2 or 5 × 10^k at or above `v` (at least 1): round axis tops.
double niceCeiling(double v) {
  double step = 1;
  while (step * 10 <= v) step *= 10;
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (m * step >= v) return std::max(1.0, m * step);
  }
  return std::max(1.0, 10 * step);
}

QString clock(double seconds) {
  return QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(seconds * 1000)).toString(QStringLiteral("HH:mm:ss"));
}

}  // namespace

ChartsPanel::ChartsPanel(models::Workbench* workbench, QSettings* settings, QWidget* parent)
    : QWidget(parent), m_workbench(workbench), m_settings(settings) {
  m_charts.resize(ChartCount);
  m_views.resize(ChartCount);
  buildActions();
  m_grid = new QWidget(this);
  auto* grid = new QGridLayout(m_grid);
  grid->setContentsMargins(0, 0, 0, 0);
  grid->addWidget(makeChart(RateChart, ChartGroup::Rate, tr("Request rate")), 0, 0);
  grid->addWidget(makeChart(LatencyChart, ChartGroup::Latency, tr("Latency")), 0, 1);
  grid->addWidget(makeChart(ErrorChart, ChartGroup::Errors, tr("Errors")), 0, 2);
  grid->addWidget(makeChart(SplitChart, ChartGroup::Split, tr("Split by backend")), 0, 3);
  m_scroll = new QScrollBar(Qt::Horizontal, this);
  m_scroll->setToolTip(tr("Scroll back through the last hour (while paused)"));
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addWidget(makeToolbar());
  layout->addWidget(m_grid, 1);
  layout->addWidget(m_scroll);
  applyTheme();
  m_viewport.setWindow(windowMinutes() * 60.0);

  connect(m_window, &QComboBox::currentIndexChanged, this, [this] {
    m_viewport.setWindow(windowMinutes() * 60.0);
    refresh();
  });
  // The bar counts 250 ms ticks; moving it shifts the range by the ticks
  // moved, so the range keeps its place between ticks.
  connect(m_scroll, &QScrollBar::valueChanged, this, [this](int value) {
    const auto recorded = m_workbench->series().recordedRange(m_ruleId);
    if (m_scrolling || !recorded) return;
    const double now = newest();
    const double end = m_viewport.range(now, recorded->first).second + (value - m_scrollValue) / 4.0;
    m_viewport.scrollTo(end, now, recorded->first);
    refresh();
  });
  // Paused, the picture only changes on user input; the scroll bar still
  // grows with the recording.
  connect(&m_timer, &QTimer::timeout, this, [this] {
    if (!isPaused()) {
      refresh();
    } else if (const auto range = m_workbench->series().recordedRange(m_ruleId)) {
      updateScrollBar(range->first, newest());
    }
  });
  connect(workbench, &models::Workbench::selectionChanged, this, &ChartsPanel::refresh);
  m_timer.start(250);
}

TimeChartView* ChartsPanel::makeChart(ChartKind kind, ChartGroup group, const QString& title) {
  auto* chart = new QChart;
  chart->setTitle(QStringLiteral("%1 (%2)").arg(title, models::unitOf(group)));
  chart->legend()->setAlignment(Qt::AlignBottom);
  chart->setMargins(QMargins(2, 2, 2, 2));
  chart->setBackgroundRoundness(0);
  auto* x = new QDateTimeAxis;
  x->setFormat(QStringLiteral("HH:mm:ss"));
  x->setTickCount(4);
  auto* y = new QValueAxis;
  y->setLabelFormat(QStringLiteral("%.0f"));
  y->setRange(0, 1);
  chart->addAxis(x, Qt::AlignBottom);
  chart->addAxis(y, Qt::AlignLeft);
  m_charts[kind].chart = chart;
  m_charts[kind].group = group;
  ensureSeries(kind);
  auto* view = new TimeChartView(chart, m_grid);
  view->setRenderHint(QPainter::Antialiasing);
  view->setMinimumSize(220, 160);
  connect(view, &TimeChartView::hovered, this, [this, kind](double s, const QPoint& pos) { showReadout(kind, s, pos); });
  connect(view, &TimeChartView::hoverLeft, this, [this] { m_readout->clear(); });
  connect(view, &TimeChartView::zoomRequested, this, [this](double from, double to) {
    m_viewport.zoomTo(from, to);
    m_pauseAction->setChecked(true);  // a picked range stays put
    refresh();
  });
  connect(view, &TimeChartView::wheelZoomRequested, this, [this](double factor, double anchor) {
    m_viewport.zoomBy(factor, anchor, newest());
    refresh();
  });
  m_views[kind] = view;
  return view;
}

QWidget* ChartsPanel::makeToolbar() {
  auto* bar = new QWidget(this);
  auto* top = new QHBoxLayout(bar);
  top->setContentsMargins(0, 0, 0, 0);
  m_heading = new QLabel(bar);
  m_readout = new QLabel(bar);  // the hover readout, beside the rule it is about
  m_readout->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_range = new QLabel(bar);
  // Not on the charts themselves: there the tooltip is the hover readout.
  m_range->setToolTip(tr("Drag across a chart to zoom to a time range, wheel to zoom, %1 to reset")
                          .arg(m_resetZoomAction->shortcut().toString(QKeySequence::NativeText)));
  top->addWidget(m_heading);
  top->addSpacing(12);
  top->addWidget(m_readout, 1);
  top->addWidget(m_range);
  top->addWidget(new QLabel(tr("Window"), bar));
  m_window = new QComboBox(bar);
  for (int minutes : {5, 10, 15, 30, 60}) {
    m_window->addItem(tr("%1 min").arg(minutes), minutes);
  }
  m_window->setToolTip(tr("How much time the charts show (the last hour is always recorded)"));
  top->addWidget(m_window);
  for (QAction* a : {m_pauseAction, m_resetZoomAction, m_pngAction, m_csvAction}) {
    auto* b = new QToolButton(bar);
    b->setDefaultAction(a);
    b->setToolButtonStyle(Qt::ToolButtonTextOnly);
    top->addWidget(b);
  }
  return bar;
}

QLineSeries* ChartsPanel::series(ChartKind kind, int index) const { return m_charts[kind].series.value(index); }
int ChartsPanel::windowMinutes() const { return m_window->currentData().toInt(); }
void ChartsPanel::setWindowMinutes(int minutes) { m_window->setCurrentIndex(m_window->findData(minutes)); }
bool ChartsPanel::isPaused() const { return m_pauseAction->isChecked(); }
void ChartsPanel::setPaused(bool paused) { m_pauseAction->setChecked(paused); }
QString ChartsPanel::readout() const { return m_readout->text(); }

double ChartsPanel::newest() const {
  const double x = m_workbench->series().latestX();
  return x > 0 ? x : QDateTime::currentMSecsSinceEpoch() / 1000.0;
}

void ChartsPanel::resetZoom() {
  m_viewport.resetZoom();
  refresh();
}

void ChartsPanel::applyTheme() {
  const QPalette pal = palette();
  const bool dark = isDark(pal);
  for (int k = 0; k < ChartCount; ++k) {
    auto* chart = m_charts[k].chart;
    chart->setTheme(dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    // The theme sets contrast and fonts; the palette's own roles make the
    // charts sit in the window instead of on a foreign background.
    chart->setBackgroundBrush(pal.color(QPalette::Base));
    chart->setTitleBrush(pal.color(QPalette::Text));
    chart->legend()->setLabelColor(pal.color(QPalette::Text));
    for (auto* a : chart->axes()) {
      a->setLabelsBrush(pal.color(QPalette::Text));
      a->setGridLineColor(pal.color(dark ? QPalette::Mid : QPalette::Midlight));
      a->setLinePenColor(pal.color(QPalette::Mid));
    }
    const auto& series = m_charts[k].series;
    for (int i = 0; i < series.size(); ++i) {
      series[i]->setColor(seriesColour(k == ErrorChart ? i + 1 : i, pal.color(QPalette::Base)));
    }
  }
}

void ChartsPanel::changeEvent(QEvent* event) {
  if (event->type() == QEvent::PaletteChange && !m_charts.isEmpty() && m_charts[0].chart) {
    applyTheme();
    refresh();
  }
  QWidget::changeEvent(event);
}

void ChartsPanel::ensureSeries(ChartKind kind) {
  auto& c = m_charts[kind];
  const auto specs = models::seriesOf(m_workbench->series(), m_ruleId, c.group);
  QStringList want, have;
  for (const auto& s : specs) want << s.name;
  for (auto* s : c.series) have << s->name();
  if (have == want) {
    return;
  }
  for (auto* s : c.series) {
    c.chart->removeSeries(s);
    delete s;
  }
  c.series.clear();
  const QColor background = palette().color(QPalette::Base);
  const auto axes = c.chart->axes();
  for (int i = 0; i < want.size(); ++i) {
    auto* s = new QLineSeries(c.chart);
    s->setName(want[i]);
    s->setColor(seriesColour(kind == ErrorChart ? i + 1 : i, background));
    c.chart->addSeries(s);
    for (auto* a : axes) s->attachAxis(a);
    c.series << s;
  }
}

void ChartsPanel::fill(ChartKind kind, double from, double to) {
  auto& c = m_charts[kind];
  ensureSeries(kind);
  const auto specs = models::seriesOf(m_workbench->series(), m_ruleId, c.group);
  // One min/max pair per pixel column of the plot.
  const int columns = std::max(50, static_cast<int>(c.chart->plotArea().width()));
  double maxY = 0;
  for (int i = 0; i < c.series.size(); ++i) {
    auto pts = m_workbench->series().decimated(m_ruleId, specs[i].metric, specs[i].backend, from, to, columns);
    for (auto& p : pts) {
      if (p.x() >= from && p.x() <= to) maxY = std::max(maxY, p.y());
      p.setX(p.x() * 1000.0);
    }
    c.series[i]->replace(pts);
  }
  for (auto* a : c.chart->axes()) {
    if (auto* x = qobject_cast<QDateTimeAxis*>(a)) {
      // Ticks are seconds apart down to a 10 s range; closer, they need ms.
      x->setFormat(to - from < 10 ? QStringLiteral("mm:ss.zzz") : QStringLiteral("HH:mm:ss"));
      x->setRange(QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(from * 1000)),
                  QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(to * 1000)));
    } else if (auto* y = qobject_cast<QValueAxis*>(a)) {
      const double top = kind == SplitChart ? 100.0 : niceCeiling(maxY * 1.1);
      y->setLabelFormat(top <= 5 ? QStringLiteral("%.1f") : QStringLiteral("%.0f"));
      y->setTickCount(3);
      y->setRange(0, top);
    }
  }
}

void ChartsPanel::updateScrollBar(double oldest, double newest) {
  m_scrolling = true;
  const auto [from, to] = m_viewport.range(newest, oldest);
  const int span = static_cast<int>((to - from) * 4);
  m_scroll->setRange(std::min(span, static_cast<int>((newest - oldest) * 4)), static_cast<int>((newest - oldest) * 4));
  m_scroll->setPageStep(std::max(1, span));
  m_scroll->setSingleStep(std::max(1, span / 10));
  m_scroll->setValue(static_cast<int>((to - oldest) * 4));
  m_scrollValue = m_scroll->value();
  m_scroll->setEnabled(isPaused());
  m_scrolling = false;
}

void ChartsPanel::refresh() {
  const auto rule = m_workbench->selectedRule();
  m_ruleId = rule.valid() ? rule.id() : QString();
  m_heading->setText(rule.valid() ? tr("Rule %1").arg(m_ruleId) : tr("Select a rule to see its traffic"));
  const double now = newest();
  const auto recorded = m_workbench->series().recordedRange(m_ruleId);
  const double oldest = recorded ? recorded->first : now;
  const auto [from, to] = m_viewport.range(now, oldest);
  for (int k = 0; k < ChartCount; ++k) {
    fill(static_cast<ChartKind>(k), from, to);
  }
  updateScrollBar(oldest, now);
  const double span = to - from;
  const QString length = span >= 120 ? tr("%1 min").arg(span / 60, 0, 'f', span >= 600 ? 0 : 1) : tr("%1 s").arg(span, 0, 'f', 0);
  m_range->setText(tr("%1 – %2 (%3)%4").arg(clock(from), clock(to), length,
                                            isPaused() ? tr(" · paused") : m_viewport.zoomed() ? tr(" · zoomed") : QString()));
}

void ChartsPanel::showReadout(ChartKind kind, double seconds, const QPoint& globalPos) {
  const auto r = models::readoutAt(m_workbench->series(), m_ruleId, m_charts[kind].group, seconds);
  m_readout->setText(r ? r->text : QString());
  if (r) {
    QToolTip::showText(globalPos, r->text, m_views[kind]);
  }
}

}  // namespace routedeck::ui
