#pragma once

#include <QDialog>

#include "models/document/export.h"
#include "models/document/fidelity_model.h"
#include "models/engine/metatypes.h"

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QTableView;

namespace routedeck::ui {

// "Export routes as…": the target dialect, the conversion report for
// it (what cannot be converted exactly, shown before anything is written)
// and the file. accept() writes the file; error() says why it could not.
class ExportDialog : public QDialog {
  Q_OBJECT
 public:
  ExportDialog(models::ConfigConstPtr config, const QString& suggestedPath, QWidget* parent = nullptr);

  QComboBox* targetBox() const { return m_target; }
  QLineEdit* pathEdit() const { return m_path; }
  QTableView* reportView() const { return m_report; }
  QLabel* summary() const { return m_summary; }
  QDialogButtonBox* buttons() const { return m_buttons; }
  const models::FidelityModel& report() const { return m_fidelity; }

  models::ExportTarget target() const;
  void setTarget(models::ExportTarget target);
  QString path() const;
  QString error() const { return m_error; }

  void accept() override;

 private:
  void convert();
  void browse();

  models::ConfigConstPtr m_config;
  models::ExportText m_text;
  models::FidelityModel m_fidelity;
  QComboBox* m_target;
  QLabel* m_summary;
  QTableView* m_report;
  QLineEdit* m_path;
  QDialogButtonBox* m_buttons;
  QString m_error;
};

}  // namespace routedeck::ui
