#include "ui/cluster/cluster_metrics_view.h"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QSettings>
#include <QValueAxis>
#include <QVBoxLayout>

#include "models/workbench.h"

namespace routedeck::ui {

namespace {

using Series = models::ClusterMetricsModel::Series;

QChart* makeChart(const QString& title, const QString& unit) {
  auto* chart = new QChart;
  chart->setTitle(title);
  chart->legend()->setAlignment(Qt::AlignBottom);
  auto* x = new QDateTimeAxis;
  x->setFormat(QStringLiteral("HH:mm"));
  auto* y = new QValueAxis;
  y->setTitleText(unit);
  chart->addAxis(x, Qt::AlignBottom);
  chart->addAxis(y, Qt::AlignLeft);
  return chart;
}

void setLines(QChart* chart, const QVector<QPair<QString, QVector<QPointF>>>& lines) {
  chart->removeAllSeries();
  double minX = 0, maxX = 0, maxY = 0;
  bool first = true;
  for (const auto& [name, pts] : lines) {
    auto* s = new QLineSeries;
    s->setName(name);
    QList<QPointF> ms;
    for (const auto& p : pts) {
      if (!qIsFinite(p.y())) continue;  // NaN: no data at that step
      ms.push_back({p.x() * 1000.0, p.y()});
      minX = first ? p.x() : qMin(minX, p.x());
      maxX = first ? p.x() : qMax(maxX, p.x());
      maxY = qMax(maxY, p.y());
      first = false;
    }
    s->replace(ms);
    chart->addSeries(s);
    for (auto* axis : chart->axes()) s->attachAxis(axis);
  }
  if (!first) {
    chart->axes(Qt::Horizontal).first()->setRange(QDateTime::fromMSecsSinceEpoch(qint64(minX * 1000)),
                                                  QDateTime::fromMSecsSinceEpoch(qint64(maxX * 1000)));
    chart->axes(Qt::Vertical).first()->setRange(0, maxY > 0 ? maxY * 1.1 : 1);
  }
}

}  // namespace

ClusterMetricsView::ClusterMetricsView(models::Workbench* workbench, QSettings* settings, QWidget* parent)
    : QWidget(parent), m_workbench(workbench), m_settings(settings) {
  auto* layout = new QVBoxLayout(this);
  auto* row = new QHBoxLayout;
  row->addWidget(new QLabel(tr("Prometheus"), this));
  m_url = new QLineEdit(this);
  m_url->setPlaceholderText(tr("http://prometheus.monitoring:9090 (per context)"));
  row->addWidget(m_url, 1);
  m_family = new QComboBox(this);
  m_family->addItem(tr("Istio standard metrics"));
  m_family->addItem(tr("routedeckd metrics"));
  row->addWidget(m_family);
  layout->addLayout(row);
  m_title = new QLabel(tr("Select a route in the Clusters dock"), this);
  layout->addWidget(m_title);
  auto* charts = new QHBoxLayout;
  m_rate = makeChart(tr("Requests"), tr("1/s"));
  m_latency = makeChart(tr("Latency"), tr("ms"));
  for (auto* c : {m_rate, m_latency}) {
    auto* view = new QChartView(c, this);
    view->setRenderHint(QPainter::Antialiasing);
    charts->addWidget(view);
  }
  layout->addLayout(charts, 1);
  m_status = new QLabel(this);
  m_status->setWordWrap(true);
  layout->addWidget(m_status);

  auto& model = workbench->clusterMetrics();
  connect(m_url, &QLineEdit::editingFinished, this, &ClusterMetricsView::applySource);
  connect(m_family, &QComboBox::currentIndexChanged, this, &ClusterMetricsView::applySource);
  connect(&model, &models::ClusterMetricsModel::updated, this, &ClusterMetricsView::redraw);
  connect(&model, &models::ClusterMetricsModel::failed, this, [this](const QString& m) { m_status->setText(m); });
  connect(&workbench->cluster(), &models::ClusterSession::opened, this, [this](const QString& context) {
    if (m_settings) {
      m_url->setText(m_settings->value(QStringLiteral("cluster/%1/prometheus").arg(context)).toString());
      applySource();
    }
  });
}

void ClusterMetricsView::applySource() {
  const QString context = m_workbench->cluster().contextName();
  if (m_settings && !context.isEmpty()) {
    m_settings->setValue(QStringLiteral("cluster/%1/prometheus").arg(context), m_url->text().trimmed());
  }
  m_workbench->clusterMetrics().setPrometheus(m_url->text(), m_family->currentIndex() == 0
                                                                 ? models::ClusterMetricsModel::Family::Istio
                                                                 : models::ClusterMetricsModel::Family::RouteDeck);
}

void ClusterMetricsView::redraw() {
  const auto& m = m_workbench->clusterMetrics();
  m_title->setText(m.title().isEmpty() ? tr("Select a route in the Clusters dock")
                                       : tr("%1 — %2").arg(m.title(), m.destinations().join(QStringLiteral(", "))));
  m_status->setText(m.lastError());
  QVector<QPair<QString, QVector<QPointF>>> rates = {{tr("all"), m.series(Series::Rate)},
                                                      {tr("4xx"), m.series(Series::Rate4xx)},
                                                      {tr("5xx"), m.series(Series::Rate5xx)}};
  const auto backends = m.backends();
  for (auto it = backends.begin(); it != backends.end(); ++it) rates.push_back({it.key(), it.value()});
  setLines(m_rate, rates);
  setLines(m_latency, {{tr("p50"), m.series(Series::P50)},
                       {tr("p90"), m.series(Series::P90)},
                       {tr("p99"), m.series(Series::P99)}});
}

}  // namespace routedeck::ui
