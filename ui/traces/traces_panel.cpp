#include "ui/traces/traces_panel.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include "ui/traces/waterfall_delegate.h"

namespace routedeck::ui {

using models::TraceListModel;
using models::TraceWaterfallModel;

namespace {

void compactRows(QTableView* table) {
  table->setSelectionBehavior(QAbstractItemView::SelectRows);
  table->setSelectionMode(QAbstractItemView::SingleSelection);
  table->verticalHeader()->hide();
  table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
  table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 6);
}

}  // namespace

TracesPanel::TracesPanel(models::Workbench* workbench, QWidget* parent)
    : QWidget(parent),
      m_workbench(workbench),
      m_heading(new QLabel(this)),
      m_status(new QComboBox(this)),
      m_minMs(new QSpinBox(this)),
      m_list(new QTableView(this)),
      m_waterfall(new QTableView(this)),
      m_details(new QPlainTextEdit(this)) {
  auto& traces = workbench->traces();
  m_filter.setSourceModel(&traces);
  m_status->addItem(tr("Any status"), 0);
  for (int c = 2; c <= 5; ++c) {
    m_status->addItem(QStringLiteral("%1xx").arg(c), c);
  }
  m_minMs->setRange(0, 600000);
  m_minMs->setSingleStep(50);
  m_minMs->setPrefix(tr("≥ "));
  m_minMs->setSuffix(tr(" ms"));
  m_minMs->setToolTip(tr("Only traces at least this slow"));
  m_list->setModel(&m_filter);
  compactRows(m_list);
  m_list->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  m_list->horizontalHeader()->setStretchLastSection(true);
  m_list->setColumnHidden(TraceListModel::TraceIdColumn, true);
  m_waterfall->setModel(&workbench->waterfall());
  m_waterfall->setItemDelegate(new WaterfallDelegate(m_waterfall));
  compactRows(m_waterfall);
  m_waterfall->setShowGrid(false);
  m_waterfall->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  m_waterfall->horizontalHeader()->setSectionResizeMode(TraceWaterfallModel::TimelineColumn, QHeaderView::Stretch);
  m_details->setReadOnly(true);
  m_details->setPlaceholderText(tr("Pick a span to see its attributes and events"));
  m_details->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));

  auto* bar = new QHBoxLayout;
  bar->addWidget(m_heading, 1);
  bar->addWidget(m_status);
  bar->addWidget(m_minMs);
  auto* right = new QSplitter(Qt::Vertical, this);
  right->addWidget(m_waterfall);
  right->addWidget(m_details);
  right->setStretchFactor(0, 3);
  right->setStretchFactor(1, 2);
  auto* split = new QSplitter(Qt::Horizontal, this);
  split->addWidget(m_list);
  split->addWidget(right);
  split->setStretchFactor(0, 2);
  split->setStretchFactor(1, 3);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(bar);
  layout->addWidget(split, 1);

  connect(m_status, &QComboBox::currentIndexChanged, this, [this] { m_filter.setStatusClass(m_status->currentData().toInt()); });
  connect(m_minMs, &QSpinBox::valueChanged, this, [this](int ms) { m_filter.setMinDurationMs(ms); });
  connect(m_list->selectionModel(), &QItemSelectionModel::currentChanged, this, &TracesPanel::showTrace);
  connect(m_waterfall->selectionModel(), &QItemSelectionModel::currentChanged, this, &TracesPanel::showSpan);
  connect(&workbench->waterfall(), &QAbstractItemModel::modelReset, this, [this] {
    m_details->clear();
    if (m_workbench->waterfall().rowCount() > 0) {
      m_waterfall->setCurrentIndex(m_workbench->waterfall().index(0, 0));
    }
  });
  connect(&traces, &QAbstractItemModel::modelReset, this, &TracesPanel::refreshHeading);
  connect(&traces, &QAbstractItemModel::rowsInserted, this, &TracesPanel::refreshHeading);
  // New traces land on top: a list scrolled to the top stays there, so it reads like a live feed.
  connect(&m_filter, &QAbstractItemModel::rowsAboutToBeInserted, this, [this] {
    m_followTop = m_list->verticalScrollBar()->value() == m_list->verticalScrollBar()->minimum();
  });
  connect(&m_filter, &QAbstractItemModel::rowsInserted, this, [this] {
    if (!m_list->currentIndex().isValid()) {
      m_list->setCurrentIndex(m_filter.index(0, 0));  // the newest, so the waterfall is never blank
    }
    if (m_followTop) {
      m_list->scrollToTop();
    }
  });
  refreshHeading();
}

void TracesPanel::showTrace(const QModelIndex& current) {
  const int row = current.isValid() ? m_filter.mapToSource(current).row() : -1;
  m_workbench->waterfall().setTrace(m_workbench->traces().trace(row));
}

void TracesPanel::showSpan(const QModelIndex& current) {
  m_details->setPlainText(m_workbench->waterfall().details(current.row()));
}

void TracesPanel::refreshHeading() {
  const auto& traces = m_workbench->traces();
  m_heading->setText(traces.rule().isEmpty()
                         ? tr("Select a rule to see its sampled traces")
                         : tr("<b>%1</b> · %n sampled trace(s)", nullptr, traces.rowCount()).arg(traces.rule()));
}

}  // namespace routedeck::ui
