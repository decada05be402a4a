#pragma once

#include <QWidget>

#include "models/faults/fault_model.h"

class QCheckBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSpinBox;

namespace routedeck::ui {

// Delay and abort injection for the selected rule with its mandatory
// auto-revert timer; the countdown comes from the FaultModel.
class FaultPanel : public QWidget {
  Q_OBJECT
 public:
  explicit FaultPanel(models::FaultModel* model, QWidget* parent = nullptr);

  void setRule(const models::RuleRef& rule);

  QCheckBox* delayBox() const { return m_delay; }
  QSpinBox* delayMs() const { return m_delayMs; }
  QDoubleSpinBox* delayPercent() const { return m_delayPercent; }
  QCheckBox* abortBox() const { return m_abort; }
  QSpinBox* abortStatus() const { return m_abortStatus; }
  QDoubleSpinBox* abortPercent() const { return m_abortPercent; }
  QSpinBox* revertSeconds() const { return m_revert; }
  QPushButton* injectButton() const { return m_inject; }
  QPushButton* clearButton() const { return m_clear; }
  QLabel* countdown() const { return m_countdown; }

 private:
  void load();
  void refreshCountdown();
  models::FaultDraft draft() const;

  models::FaultModel* m_model;
  models::RuleRef m_rule;
  QCheckBox* m_delay;
  QSpinBox* m_delayMs;
  QDoubleSpinBox* m_delayPercent;
  QCheckBox* m_abort;
  QSpinBox* m_abortStatus;
  QDoubleSpinBox* m_abortPercent;
  QSpinBox* m_revert;
  QPushButton* m_inject;
  QPushButton* m_clear;
  QLabel* m_countdown;
};

}  // namespace routedeck::ui
