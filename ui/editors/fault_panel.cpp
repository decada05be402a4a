#include "ui/editors/fault_panel.h"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>

namespace routedeck::ui {

namespace {

QDoubleSpinBox* percentBox(QWidget* parent) {
  auto* box = new QDoubleSpinBox(parent);
  box->setRange(0, 100);
  box->setDecimals(1);
  box->setSuffix(QStringLiteral(" %"));
  return box;
}

}  // namespace

FaultPanel::FaultPanel(models::FaultModel* model, QWidget* parent)
    : QWidget(parent),
      m_model(model),
      m_delay(new QCheckBox(tr("Delay"), this)),
      m_delayMs(new QSpinBox(this)),
      m_delayPercent(percentBox(this)),
      m_abort(new QCheckBox(tr("Abort"), this)),
      m_abortStatus(new QSpinBox(this)),
      m_abortPercent(percentBox(this)),
      m_revert(new QSpinBox(this)),
      m_inject(new QPushButton(tr("Inject"), this)),
      m_clear(new QPushButton(tr("Clear"), this)),
      m_countdown(new QLabel(this)) {
  m_delayMs->setRange(1, 600000);
  m_delayMs->setSuffix(QStringLiteral(" ms"));
  m_delayMs->setAccessibleName(tr("Delay duration"));
  m_abortStatus->setRange(200, 599);
  m_abortStatus->setAccessibleName(tr("Abort HTTP status"));
  m_revert->setRange(1, 24 * 3600);
  m_revert->setSuffix(QStringLiteral(" s"));
  m_revert->setAccessibleName(tr("Auto-revert after"));
  m_revert->setToolTip(tr("Every fault reverts on its own after this time; Stop all faults ends them at once."));
  auto* grid = new QGridLayout(this);
  grid->setContentsMargins(0, 0, 0, 0);
  grid->addWidget(m_delay, 0, 0);
  grid->addWidget(m_delayMs, 0, 1);
  grid->addWidget(m_delayPercent, 0, 2);
  grid->addWidget(m_abort, 1, 0);
  grid->addWidget(m_abortStatus, 1, 1);
  grid->addWidget(m_abortPercent, 1, 2);
  grid->addWidget(new QLabel(tr("Revert after"), this), 2, 0);
  grid->addWidget(m_revert, 2, 1);
  grid->addWidget(m_countdown, 2, 2);
  grid->addWidget(m_inject, 3, 1);
  grid->addWidget(m_clear, 3, 2);
  connect(m_inject, &QPushButton::clicked, this, [this] { m_model->apply(m_rule, draft()); });
  connect(m_clear, &QPushButton::clicked, this, [this] { m_model->clear(m_rule); });
  connect(m_model, &QAbstractItemModel::modelReset, this, &FaultPanel::load);
  connect(m_model, &models::FaultModel::countdownTick, this, &FaultPanel::refreshCountdown);
  connect(m_model, &QAbstractItemModel::dataChanged, this, &FaultPanel::refreshCountdown);
  load();
}

void FaultPanel::setRule(const models::RuleRef& rule) {
  m_rule = rule;
  load();
}

void FaultPanel::load() {
  const auto d = m_model->draftFor(m_rule);
  m_delay->setChecked(d.delay);
  m_delayMs->setValue(d.delayMs);
  m_delayPercent->setValue(d.delayPercent);
  m_abort->setChecked(d.abort);
  m_abortStatus->setValue(d.abortStatus);
  m_abortPercent->setValue(d.abortPercent);
  m_revert->setValue(static_cast<int>(qMax<qint64>(1, d.revertAfterMs / 1000)));
  refreshCountdown();
}

void FaultPanel::refreshCountdown() {
  const bool active = m_model->hasFault(m_rule);
  m_clear->setEnabled(active);
  if (!active) {
    m_countdown->setText(tr("no fault"));
    return;
  }
  const qint64 left = m_model->remainingMs(m_rule);
  m_countdown->setText(left < 0 ? tr("%1 · from file").arg(m_model->describe(m_rule))
                                : tr("⏱ %1").arg(models::FaultModel::formatCountdown(left)));
  m_countdown->setToolTip(m_model->describe(m_rule));
}

models::FaultDraft FaultPanel::draft() const {
  models::FaultDraft d;
  d.delay = m_delay->isChecked();
  d.delayMs = m_delayMs->value();
  d.delayPercent = m_delayPercent->value();
  d.abort = m_abort->isChecked();
  d.abortStatus = m_abortStatus->value();
  d.abortPercent = m_abortPercent->value();
  d.revertAfterMs = qint64{m_revert->value()} * 1000;
  return d;
}

}  // namespace routedeck::ui
