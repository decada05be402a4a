#pragma once

#include <QVector>
#include <QWidget>

#include "models/canary/canary_model.h"

class QGridLayout;
class QLabel;
class QSlider;
class QSpinBox;
class QToolButton;

namespace routedeck::ui {

// One slider per backend of the selected rule, linked so they sum to 100 %:
// drag, type a value, or press a step button; the lock keeps a backend
// where it is. Shows the measured split next to the configured one.
class CanaryPanel : public QWidget {
  Q_OBJECT
 public:
  explicit CanaryPanel(models::CanaryModel* model, QWidget* parent = nullptr);

  QSlider* slider(int i) const { return m_rows.value(i).slider; }
  QSpinBox* spinBox(int i) const { return m_rows.value(i).spin; }
  QToolButton* lockButton(int i) const { return m_rows.value(i).lock; }
  QToolButton* stepButton(int i, int percent) const;

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  struct Row {
    QLabel* name = nullptr;
    QSlider* slider = nullptr;
    QSpinBox* spin = nullptr;
    QToolButton* lock = nullptr;
    QLabel* measured = nullptr;
    QVector<QToolButton*> steps;
  };
  void rebuild();
  void refresh();
  void refreshMeasured();

  models::CanaryModel* m_model;
  QGridLayout* m_grid;
  QLabel* m_empty;
  QVector<Row> m_rows;
};

}  // namespace routedeck::ui
