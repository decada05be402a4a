#pragma once

#include <QWidget>
#include <array>

#include "models/policies/policy_editor.h"

class QComboBox;
class QDoubleSpinBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QStackedWidget;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace routedeck::ui {

// The selected rule's policies (bottom tab "Policies"): a list of the groups
// with a one-line summary each, and the picked group's form beside it, so
// the whole editor fits a short dock. Each group has its own Apply (Enter in a field, or Ctrl+Return anywhere
// in the group) and is one undo step; unchecking an optional group clears
// it. Values are checked while typing and the core's finding shows under
// the group; "not set" is the spin boxes' lowest value, never zero.
class PoliciesPanel : public QWidget {
  Q_OBJECT
 public:
  explicit PoliciesPanel(models::PolicyEditor* editor, QWidget* parent = nullptr);

  QLabel* heading() const { return m_heading; }
  QListWidget* groupList() const { return m_list; }
  // Brings the group's form to the front (as picking it in the list does).
  void showGroup(models::PolicyGroup g);
  QGroupBox* group(models::PolicyGroup g) const { return m_groups[static_cast<size_t>(g)]; }
  QPushButton* applyButton(models::PolicyGroup g) const { return m_apply[static_cast<size_t>(g)]; }
  QLabel* errorLabel(models::PolicyGroup g) const { return m_errors[static_cast<size_t>(g)]; }
  QLabel* fidelityLabel(models::PolicyGroup g) const { return m_notes[static_cast<size_t>(g)]; }

  QSpinBox* requestTimeout() const { return m_requestTimeout; }
  QSpinBox* perTryTimeout() const { return m_perTryTimeout; }
  QSpinBox* retryAttempts() const { return m_attempts; }
  QLineEdit* retryOn() const { return m_retryOn; }
  QSpinBox* rateRequests() const { return m_rateRequests; }
  QSpinBox* ratePerMs() const { return m_ratePer; }
  QSpinBox* rateBurst() const { return m_rateBurst; }
  QPlainTextEdit* corsOrigins() const { return m_origins; }
  QLineEdit* requestSet() const { return m_headerEdits[0]; }
  QLineEdit* requestAdd() const { return m_headerEdits[1]; }
  QLineEdit* requestRemove() const { return m_headerEdits[2]; }
  QLineEdit* responseSet() const { return m_headerEdits[3]; }
  QLineEdit* redirectHost() const { return m_redirectHost; }
  QComboBox* redirectScheme() const { return m_redirectScheme; }
  QComboBox* redirectStatus() const { return m_redirectStatus; }
  QComboBox* mirrorBackend() const { return m_mirrorBackend; }

  // Applies the group; false when the editor refused it (see errorLabel).
  bool apply(models::PolicyGroup g);

 private:
  QGroupBox* makeGroup(models::PolicyGroup g, const QString& title, bool optional, QWidget* form);
  QWidget* timeoutsForm();
  QWidget* retryForm();
  QWidget* rateForm();
  QWidget* corsForm();
  QWidget* headersForm(int offset);
  QWidget* rewriteForm();
  QWidget* redirectForm();
  QWidget* mirrorForm();
  void load();
  bool submit(models::PolicyGroup g, models::PolicyEditor::Mode mode);
  void showError(models::PolicyGroup g, const QString& error);
  void watch(models::PolicyGroup g, QWidget* field);

  models::PolicyEditor* m_editor;
  bool m_loading = false;
  QLabel* m_heading;
  QListWidget* m_list;
  QStackedWidget* m_stack;
  std::array<QGroupBox*, models::kPolicyGroupCount> m_groups{};
  std::array<QPushButton*, models::kPolicyGroupCount> m_apply{};
  std::array<QLabel*, models::kPolicyGroupCount> m_errors{};
  std::array<QLabel*, models::kPolicyGroupCount> m_notes{};
  QSpinBox* m_requestTimeout = nullptr;
  QSpinBox* m_perTryTimeout = nullptr;
  QSpinBox* m_attempts = nullptr;
  QLineEdit* m_retryOn = nullptr;
  QLineEdit* m_retryCodes = nullptr;
  QSpinBox* m_backoff = nullptr;
  QSpinBox* m_maxBackoff = nullptr;
  QSpinBox* m_rateRequests = nullptr;
  QSpinBox* m_ratePer = nullptr;
  QSpinBox* m_rateBurst = nullptr;
  QLabel* m_rateText = nullptr;
  QPlainTextEdit* m_origins = nullptr;
  QLineEdit* m_corsMethods = nullptr;
  QLineEdit* m_corsHeaders = nullptr;
  QLineEdit* m_corsExpose = nullptr;
  QSpinBox* m_corsMaxAge = nullptr;
  QComboBox* m_corsCredentials = nullptr;
  std::array<QLineEdit*, 6> m_headerEdits{};  // request set/add/remove, response set/add/remove
  QLineEdit* m_rewriteHost = nullptr;
  QComboBox* m_rewritePathType = nullptr;
  QLineEdit* m_rewritePath = nullptr;
  QComboBox* m_redirectScheme = nullptr;
  QLineEdit* m_redirectHost = nullptr;
  QSpinBox* m_redirectPort = nullptr;
  QComboBox* m_redirectPathType = nullptr;
  QLineEdit* m_redirectPath = nullptr;
  QComboBox* m_redirectStatus = nullptr;
  QComboBox* m_mirrorBackend = nullptr;
  QDoubleSpinBox* m_mirrorPercent = nullptr;
};

}  // namespace routedeck::ui
