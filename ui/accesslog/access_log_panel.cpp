#include "ui/accesslog/access_log_panel.h"
#include "ui/widgets/vector_icons.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace routedeck::ui {

AccessLogPanel::AccessLogPanel(models::AccessLogModel* model, QWidget* parent)
    : QWidget(parent),
      m_model(model),
      m_status(new QComboBox(this)),
      m_rule(new QComboBox(this)),
      m_text(new QLineEdit(this)),
      m_pause(new QPushButton(tr("Pause"), this)),
      m_follow(new QCheckBox(tr("Follow"), this)),
      m_explain(new QPushButton(tr("Explain this request"), this)),
      m_count(new QLabel(this)),
      m_table(new QTableView(this)) {
  m_filter.setSourceModel(model);
  m_status->addItem(tr("Any status"), 0);
  for (int c = 2; c <= 5; ++c) {
    m_status->addItem(QStringLiteral("%1xx").arg(c), c);
  }
  m_rule->addItem(tr("Any rule"), QString());
  m_rule->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  m_text->setPlaceholderText(tr("Filter: path, host, flags, request id…"));
  addClearButton(m_text);
  m_pause->setCheckable(true);
  m_follow->setChecked(true);
  m_explain->setToolTip(tr("For a request no rule took (flag NR): open it in Test a request"));
  m_table->setModel(&m_filter);
  m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
  m_table->setSelectionMode(QAbstractItemView::SingleSelection);
  m_table->verticalHeader()->hide();
  // Fixed row height keeps scrolling 100k rows cheap (no per-row measuring).
  m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
  m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 4);
  m_table->horizontalHeader()->setStretchLastSection(true);
  auto* bar = new QHBoxLayout;
  bar->addWidget(m_status);
  bar->addWidget(m_rule);
  bar->addWidget(m_text, 1);
  bar->addWidget(m_pause);
  bar->addWidget(m_follow);
  bar->addWidget(m_explain);
  bar->addWidget(m_count);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(bar);
  layout->addWidget(m_table, 1);

  connect(m_status, &QComboBox::currentIndexChanged, this, [this] { m_filter.setStatusClass(m_status->currentData().toInt()); });
  connect(m_rule, &QComboBox::currentIndexChanged, this, [this] { m_filter.setRule(m_rule->currentData().toString()); });
  connect(m_text, &QLineEdit::textChanged, &m_filter, &models::AccessLogFilter::setText);
  connect(m_pause, &QPushButton::toggled, model, &models::AccessLogModel::setPaused);
  connect(model, &models::AccessLogModel::pausedChanged, this, [this](bool paused) {
    m_pause->setChecked(paused);
    m_pause->setText(paused ? tr("Resume") : tr("Pause"));
    refreshCount();
  });
  connect(model, &models::AccessLogModel::rulesChanged, this, &AccessLogPanel::refreshRules);
  connect(&m_filter, &QAbstractItemModel::rowsInserted, this, [this] {
    if (m_follow->isChecked()) {
      m_table->scrollToBottom();
    }
  });
  connect(model, &QAbstractItemModel::rowsInserted, this, &AccessLogPanel::refreshCount);
  connect(m_table->selectionModel(), &QItemSelectionModel::currentChanged, this, &AccessLogPanel::refreshActions);
  connect(m_explain, &QPushButton::clicked, this, [this] {
    const int row = currentSourceRow();
    if (m_model->hasNoRouteFlag(row)) {
      emit explainRequested(m_model->requestLine(row));
    }
  });
  refreshActions();
  refreshCount();
}

int AccessLogPanel::currentSourceRow() const {
  const QModelIndex current = m_table->currentIndex();
  return current.isValid() ? m_filter.mapToSource(current).row() : -1;
}

void AccessLogPanel::refreshActions() { m_explain->setEnabled(m_model->hasNoRouteFlag(currentSourceRow())); }

void AccessLogPanel::refreshCount() {
  m_count->setText(m_model->isPaused() ? tr("%1 rows · %2 held").arg(m_model->rowCount()).arg(m_model->heldBack())
                                       : tr("%1 rows").arg(m_model->rowCount()));
}

void AccessLogPanel::refreshRules(const QStringList& rules) {
  const QString current = m_rule->currentData().toString();
  QSignalBlocker block(m_rule);
  m_rule->clear();
  m_rule->addItem(tr("Any rule"), QString());
  for (const auto& r : rules) {
    m_rule->addItem(r, r);
  }
  m_rule->setCurrentIndex(qMax(0, m_rule->findData(current)));
}

}  // namespace routedeck::ui
