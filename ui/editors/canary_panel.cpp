#include "ui/editors/canary_panel.h"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>
#include <QToolButton>

namespace routedeck::ui {

CanaryPanel::CanaryPanel(models::CanaryModel* model, QWidget* parent)
    : QWidget(parent), m_model(model), m_grid(new QGridLayout(this)), m_empty(new QLabel(this)) {
  m_grid->setContentsMargins(0, 0, 0, 0);
  m_empty->setWordWrap(true);
  m_empty->setText(tr("Select a rule with two or more backends to split its traffic."));
  connect(m_model, &models::CanaryModel::changed, this, [this] {
    if (m_rows.size() != m_model->count()) {
      rebuild();
    } else {
      refresh();
    }
  });
  connect(m_model, &models::CanaryModel::measuredChanged, this, &CanaryPanel::refreshMeasured);
  rebuild();
}

QToolButton* CanaryPanel::stepButton(int i, int percent) const {
  const int k = static_cast<int>(models::CanaryModel::steps().indexOf(percent));
  return i < m_rows.size() && k >= 0 ? m_rows[i].steps.value(k) : nullptr;
}

void CanaryPanel::rebuild() {
  for (auto& r : m_rows) {
    for (QWidget* w : {static_cast<QWidget*>(r.name), static_cast<QWidget*>(r.slider),
                       static_cast<QWidget*>(r.spin), static_cast<QWidget*>(r.lock),
                       static_cast<QWidget*>(r.measured)}) {
      delete w;
    }
    if (!r.steps.isEmpty()) {
      delete r.steps.first()->parentWidget();
    }
  }
  m_rows.clear();
  m_grid->removeWidget(m_empty);
  const bool empty = m_model->count() < 2;
  m_empty->setVisible(empty);
  if (empty) {
    m_grid->addWidget(m_empty, 0, 0, 1, 5);
    return;
  }
  for (int i = 0; i < m_model->count(); ++i) {
    Row r;
    r.name = new QLabel(m_model->backend(i), this);
    r.slider = new QSlider(Qt::Horizontal, this);
    r.slider->setRange(0, 100);
    r.slider->setPageStep(5);
    r.slider->setAccessibleName(tr("Weight of %1").arg(m_model->backend(i)));
    r.spin = new QSpinBox(this);
    r.spin->setRange(0, 100);
    r.spin->setSuffix(QStringLiteral(" %"));
    r.spin->setKeyboardTracking(false);
    r.spin->installEventFilter(this);  // Ctrl+Z undoes the weight, not the typed text
    r.lock = new QToolButton(this);
    r.lock->setCheckable(true);
    r.lock->setText(tr("Lock"));
    r.lock->setToolTip(tr("Keep %1 at its share while the others move").arg(m_model->backend(i)));
    r.measured = new QLabel(this);
    r.measured->setToolTip(tr("Measured share of this rule's requests over the last 10 s"));
    auto* steps = new QWidget(this);
    auto* stepsLayout = new QHBoxLayout(steps);
    stepsLayout->setContentsMargins(0, 0, 0, 0);
    stepsLayout->setSpacing(2);
    for (int step : models::CanaryModel::steps()) {
      auto* b = new QToolButton(steps);
      b->setText(QString::number(step));
      b->setToolTip(tr("Set %1 to %2 %").arg(m_model->backend(i)).arg(step));
      stepsLayout->addWidget(b);
      connect(b, &QToolButton::clicked, this, [this, i, step] { m_model->setPercent(i, step, false); });
      r.steps << b;
    }
    stepsLayout->addStretch();
    const int row = i * 2;
    m_grid->addWidget(r.name, row, 0);
    m_grid->addWidget(r.slider, row, 1);
    m_grid->addWidget(r.spin, row, 2);
    m_grid->addWidget(r.lock, row, 3);
    m_grid->addWidget(r.measured, row + 1, 0);
    m_grid->addWidget(steps, row + 1, 1, 1, 3);
    connect(r.slider, &QSlider::sliderMoved, this, [this, i](int v) { m_model->setPercent(i, v, true); });
    connect(r.slider, &QSlider::sliderReleased, m_model, &models::CanaryModel::finishDrag);
    connect(r.slider, &QSlider::sliderReleased, this, &CanaryPanel::refresh);
    connect(r.slider, &QSlider::valueChanged, this, [this, i](int v) {
      if (!m_rows[i].slider->isSliderDown()) {
        m_model->setPercent(i, v, false);  // keyboard, page step, click on the groove
      }
    });
    connect(r.spin, &QSpinBox::valueChanged, this, [this, i](int v) { m_model->setPercent(i, v, false); });
    connect(r.lock, &QToolButton::toggled, this, [this, i](bool on) { m_model->setLocked(i, on); });
    m_rows << r;
  }
  m_grid->setColumnStretch(1, 1);
  refresh();
  refreshMeasured();
}

bool CanaryPanel::eventFilter(QObject* watched, QEvent* event) {
  if (event->type() == QEvent::ShortcutOverride) {
    auto* key = static_cast<QKeyEvent*>(event);
    if (key->matches(QKeySequence::Undo) || key->matches(QKeySequence::Redo)) {
      event->ignore();  // let the window's Undo/Redo actions take it
      return true;
    }
  }
  return QWidget::eventFilter(watched, event);
}

void CanaryPanel::refresh() {
  for (int i = 0; i < m_rows.size(); ++i) {
    auto& r = m_rows[i];
    const QSignalBlocker b1(r.slider), b2(r.spin), b3(r.lock);
    if (!r.slider->isSliderDown()) {
      r.slider->setValue(m_model->percent(i));
    }
    r.spin->setValue(m_model->percent(i));
    r.lock->setChecked(m_model->isLocked(i));
    const bool movable = !m_model->isLocked(i) && m_model->isAdjustable(i);
    r.slider->setEnabled(movable);
    r.spin->setEnabled(movable);
    for (auto* s : r.steps) {
      s->setEnabled(movable);
    }
  }
}

void CanaryPanel::refreshMeasured() {
  const auto measured = m_model->measured();
  for (int i = 0; i < m_rows.size(); ++i) {
    m_rows[i].measured->setText(i < measured.size() ? tr("measured %1 %").arg(measured[i], 0, 'f', 1)
                                                    : tr("measured – %"));
  }
}

}  // namespace routedeck::ui
