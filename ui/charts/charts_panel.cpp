#include "ui/charts/charts_panel.h"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineSeries>
#include <QToolButton>
#include <QValueAxis>
#include <algorithm>

namespace routedeck::ui {

using models::Metric;

namespace {

QColor seriesColour(int i) {
  static const QColor colours[] = {QColor(0x2f, 0x80, 0xc0), QColor(0xd0, 0x8a, 0x1e), QColor(0xd9, 0x3b, 0x3b),
                                   QColor(0x3a, 0xa6, 0x5c), QColor(0x6d, 0x5d, 0xd3)};
  return colours[i % 5];
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

}  // namespace

ChartsPanel::ChartsPanel(models::Workbench* workbench, QWidget* parent)
    : QWidget(parent),
      m_workbench(workbench),
      m_window(new QComboBox(this)),
      m_pause(new QToolButton(this)),
      m_heading(new QLabel(this)) {
  m_charts.resize(ChartCount);
  m_views.resize(ChartCount);
  auto* top = new QHBoxLayout;
  top->addWidget(m_heading, 1);
  top->addWidget(new QLabel(tr("Window"), this));
  for (int minutes : {5, 15, 30, 60}) {
    m_window->addItem(tr("%1 min").arg(minutes), minutes);
  }
  top->addWidget(m_window);
  m_pause->setText(tr("Pause"));
  m_pause->setCheckable(true);
  m_pause->setToolTip(tr("Freeze the charts (the core keeps counting)"));
  top->addWidget(m_pause);
  auto* grid = new QGridLayout;
  grid->addWidget(makeChart(RateChart, tr("Request rate"), tr("req/s"), {tr("requests")}), 0, 0);
  grid->addWidget(makeChart(LatencyChart, tr("Latency"), tr("ms"), {QStringLiteral("p50"), QStringLiteral("p90"), QStringLiteral("p99")}), 0, 1);
  grid->addWidget(makeChart(ErrorChart, tr("Errors"), tr("% of responses"), {QStringLiteral("4xx"), QStringLiteral("5xx")}), 0, 2);
  grid->addWidget(makeChart(SplitChart, tr("Split by backend"), tr("% of requests"), {}), 0, 3);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addLayout(top);
  layout->addLayout(grid, 1);
  connect(m_pause, &QToolButton::toggled, this, [this](bool on) { m_pause->setText(on ? tr("Resume") : tr("Pause")); });
  connect(m_window, &QComboBox::currentIndexChanged, this, &ChartsPanel::refresh);
  connect(&m_timer, &QTimer::timeout, this, &ChartsPanel::refresh);
  connect(workbench, &models::Workbench::selectionChanged, this, &ChartsPanel::refresh);
  m_timer.start(250);
}

QChartView* ChartsPanel::makeChart(ChartKind kind, const QString& title, const QString& unit, const QStringList& names) {
  auto* chart = new QChart;
  chart->setTitle(QStringLiteral("%1 (%2)").arg(title, unit));
  chart->legend()->setAlignment(Qt::AlignBottom);
  chart->setMargins(QMargins(2, 2, 2, 2));
  chart->setBackgroundRoundness(0);
  const QPalette pal = palette();
  chart->setBackgroundBrush(pal.color(QPalette::Base));
  chart->setTitleBrush(pal.color(QPalette::Text));
  chart->legend()->setLabelColor(pal.color(QPalette::Text));
  auto* x = new QDateTimeAxis;
  x->setFormat(QStringLiteral("HH:mm:ss"));
  x->setTickCount(4);
  auto* y = new QValueAxis;
  y->setLabelFormat(QStringLiteral("%.0f"));
  y->setRange(0, 1);
  for (QAbstractAxis* a : {static_cast<QAbstractAxis*>(x), static_cast<QAbstractAxis*>(y)}) {
    a->setLabelsBrush(pal.color(QPalette::Text));
    a->setGridLineColor(pal.color(QPalette::Midlight));
  }
  chart->addAxis(x, Qt::AlignBottom);
  chart->addAxis(y, Qt::AlignLeft);
  m_charts[kind].chart = chart;
  for (int i = 0; i < names.size(); ++i) {
    auto* s = new QLineSeries(chart);
    s->setName(names[i]);
    s->setColor(seriesColour(kind == ErrorChart ? i + 1 : i));
    chart->addSeries(s);
    s->attachAxis(x);
    s->attachAxis(y);
    m_charts[kind].series << s;
  }
  auto* view = new QChartView(chart, this);
  view->setRenderHint(QPainter::Antialiasing);
  view->setMinimumSize(220, 160);
  m_views[kind] = view;
  return view;
}

QLineSeries* ChartsPanel::series(ChartKind kind, int index) const { return m_charts[kind].series.value(index); }
int ChartsPanel::windowMinutes() const { return m_window->currentData().toInt(); }
bool ChartsPanel::isPaused() const { return m_pause->isChecked(); }
void ChartsPanel::setPaused(bool paused) { m_pause->setChecked(paused); }

void ChartsPanel::ensureSplitSeries(const QStringList& backends) {
  auto& c = m_charts[SplitChart];
  QStringList have;
  for (auto* s : c.series) {
    have << s->name();
  }
  if (have == backends) {
    return;
  }
  for (auto* s : c.series) {
    c.chart->removeSeries(s);
    delete s;
  }
  c.series.clear();
  const auto axes = c.chart->axes();
  for (int i = 0; i < backends.size(); ++i) {
    auto* s = new QLineSeries(c.chart);
    s->setName(backends[i]);
    s->setColor(seriesColour(i));
    c.chart->addSeries(s);
    for (auto* a : axes) {
      s->attachAxis(a);
    }
    c.series << s;
  }
}

void ChartsPanel::fill(ChartKind kind, const QVector<QList<QPointF>>& data, double fromMs, double toMs) {
  auto& c = m_charts[kind];
  double maxY = 0;
  for (int i = 0; i < c.series.size(); ++i) {
    QList<QPointF> pts = i < data.size() ? data[i] : QList<QPointF>();
    for (auto& p : pts) {
      p.setX(p.x() * 1000.0);
      maxY = std::max(maxY, p.y());
    }
    c.series[i]->replace(pts);
  }
  const auto axes = c.chart->axes();
  for (auto* a : axes) {
    if (auto* x = qobject_cast<QDateTimeAxis*>(a)) {
      x->setRange(QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(fromMs)),
                  QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(toMs)));
    } else if (auto* y = qobject_cast<QValueAxis*>(a)) {
      const double top = kind == SplitChart ? 100.0 : niceCeiling(maxY * 1.1);
      y->setLabelFormat(top <= 5 ? QStringLiteral("%.1f") : QStringLiteral("%.0f"));
      y->setTickCount(kind == SplitChart ? 5 : 3);
      y->setRange(0, top);
    }
  }
}

void ChartsPanel::refresh() {
  if (isPaused()) {
    return;
  }
  const auto rule = m_workbench->selectedRule();
  const auto& series = m_workbench->series();
  m_ruleId = rule.valid() ? rule.id() : QString();
  m_heading->setText(rule.valid() ? tr("Rule %1").arg(m_ruleId) : tr("Select a rule to see its traffic"));
  const double now = series.latestX() > 0 ? series.latestX() : QDateTime::currentMSecsSinceEpoch() / 1000.0;
  const double from = now - windowMinutes() * 60.0;
  // Until the window fills, show the time that has data so lines are readable.
  double firstX = now;
  const auto rps = series.points(m_ruleId, Metric::Rps, -1, from);
  if (!rps.isEmpty()) {
    firstX = rps.first().x();
  }
  const double shownFrom = std::max(from, std::min(firstX, now - 20.0));
  fill(RateChart, {rps}, shownFrom * 1000, now * 1000);
  fill(LatencyChart, {series.points(m_ruleId, Metric::P50, -1, from), series.points(m_ruleId, Metric::P90, -1, from),
                      series.points(m_ruleId, Metric::P99, -1, from)}, shownFrom * 1000, now * 1000);
  fill(ErrorChart, {series.points(m_ruleId, Metric::Error4xx, -1, from), series.points(m_ruleId, Metric::Error5xx, -1, from)},
       shownFrom * 1000, now * 1000);
  const auto backends = series.backends(m_ruleId);
  ensureSplitSeries(backends);
  QVector<QList<QPointF>> split;
  for (int i = 0; i < backends.size(); ++i) {
    split << series.points(m_ruleId, Metric::Split, i, from);
  }
  fill(SplitChart, split, shownFrom * 1000, now * 1000);
}

}  // namespace routedeck::ui
