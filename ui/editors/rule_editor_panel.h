#pragma once

#include <QWidget>

#include "models/rules/rule_editor.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace routedeck::ui {

// The match-rule editor: the selected route's rules in effective order,
// reorder and remove buttons, and a form that adds a rule or a header
// match. The validator's exact error shows under the form; nothing is
// applied while there is one.
class RuleEditorPanel : public QWidget {
  Q_OBJECT
 public:
  explicit RuleEditorPanel(models::RuleEditor* editor, QWidget* parent = nullptr);

  QTableView* table() const { return m_table; }
  QComboBox* pathType() const { return m_pathType; }
  QLineEdit* pathValue() const { return m_pathValue; }
  QLineEdit* headerName() const { return m_headerName; }
  QComboBox* headerType() const { return m_headerType; }
  QLineEdit* headerValue() const { return m_headerValue; }
  QLineEdit* method() const { return m_method; }
  QComboBox* backend() const { return m_backend; }
  QPushButton* addRuleButton() const { return m_addRule; }
  QPushButton* addHeaderButton() const { return m_addHeader; }
  QPushButton* removeButton() const { return m_remove; }
  QPushButton* upButton() const { return m_up; }
  QPushButton* downButton() const { return m_down; }
  QLabel* errorLabel() const { return m_error; }

 protected:
  void changeEvent(QEvent* event) override;

 private:
  QWidget* makeForm();
  models::MatchDraft draft() const;
  int currentRow() const;
  void refreshHeading();
  void refreshBackends();
  void check();
  void showError(const QString& error);
  void colourError();

  models::RuleEditor* m_editor;
  QLabel* m_heading;
  QTableView* m_table;
  QComboBox* m_pathType = nullptr;
  QLineEdit* m_pathValue = nullptr;
  QLineEdit* m_headerName = nullptr;
  QComboBox* m_headerType = nullptr;
  QLineEdit* m_headerValue = nullptr;
  QLineEdit* m_queryName = nullptr;
  QLineEdit* m_queryValue = nullptr;
  QLineEdit* m_method = nullptr;
  QComboBox* m_backend = nullptr;
  QPushButton* m_addRule = nullptr;
  QPushButton* m_addHeader = nullptr;
  QPushButton* m_remove = nullptr;
  QPushButton* m_up = nullptr;
  QPushButton* m_down = nullptr;
  QLabel* m_error = nullptr;
};

}  // namespace routedeck::ui
