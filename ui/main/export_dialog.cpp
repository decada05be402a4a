#include "ui/main/export_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QTableView>
#include <QVBoxLayout>

namespace routedeck::ui {

ExportDialog::ExportDialog(models::ConfigConstPtr config, const QString& suggestedPath, QWidget* parent)
    : QDialog(parent),
      m_config(std::move(config)),
      m_target(new QComboBox(this)),
      m_summary(new QLabel(this)),
      m_report(new QTableView(this)),
      m_path(new QLineEdit(suggestedPath, this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this)) {
  setObjectName(QStringLiteral("exportDialog"));
  setWindowTitle(tr("Export routes"));
  // Same order as models::ExportTarget.
  m_target->addItem(tr("Each object in its own dialect (save)"), static_cast<int>(models::ExportTarget::Native));
  m_target->addItem(tr("Gateway API"), static_cast<int>(models::ExportTarget::GatewayApi));
  m_target->addItem(tr("Istio"), static_cast<int>(models::ExportTarget::Istio));
  m_target->addItem(tr("App Mesh"), static_cast<int>(models::ExportTarget::AppMesh));
  m_summary->setWordWrap(true);
  m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_report->setModel(&m_fidelity);
  m_report->verticalHeader()->hide();
  m_report->horizontalHeader()->setStretchLastSection(true);
  m_report->setWordWrap(true);
  m_report->setSelectionBehavior(QAbstractItemView::SelectRows);
  m_report->setAccessibleName(tr("Conversion report"));
  m_path->setPlaceholderText(tr("routes.yaml"));
  auto* browse = new QPushButton(tr("Browse…"), this);
  auto* pathRow = new QHBoxLayout;
  pathRow->addWidget(m_path, 1);
  pathRow->addWidget(browse);
  auto* form = new QFormLayout;
  form->addRow(tr("Write as:"), m_target);
  form->addRow(tr("File:"), pathRow);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addWidget(m_summary);
  layout->addWidget(m_report, 1);
  layout->addWidget(m_buttons);
  resize(900, 480);

  connect(m_target, &QComboBox::currentIndexChanged, this, &ExportDialog::convert);
  connect(browse, &QPushButton::clicked, this, &ExportDialog::browse);
  connect(m_path, &QLineEdit::textChanged, this, [this](const QString& text) {
    m_buttons->button(QDialogButtonBox::Save)->setEnabled(!text.trimmed().isEmpty());
  });
  connect(m_buttons, &QDialogButtonBox::accepted, this, &ExportDialog::accept);
  connect(m_buttons, &QDialogButtonBox::rejected, this, &ExportDialog::reject);
  m_buttons->button(QDialogButtonBox::Save)->setEnabled(!suggestedPath.trimmed().isEmpty());
  convert();
}

models::ExportTarget ExportDialog::target() const {
  return static_cast<models::ExportTarget>(m_target->currentData().toInt());
}

void ExportDialog::setTarget(models::ExportTarget target) { m_target->setCurrentIndex(m_target->findData(static_cast<int>(target))); }

QString ExportDialog::path() const { return m_path->text().trimmed(); }

void ExportDialog::convert() {
  m_text = models::exportConfig(m_config, target());
  m_fidelity.setNotes(m_text.notes);
  const bool native = target() == models::ExportTarget::Native;
  m_report->setVisible(!native && m_fidelity.rowCount() > 0);
  if (native) {
    m_summary->setText(tr("Every object is written back in its own dialect; nothing is converted."));
  } else if (m_fidelity.rowCount() == 0) {
    m_summary->setText(tr("Conversion report: %1. Everything converts exactly.").arg(m_fidelity.summary()));
  } else {
    m_summary->setText(tr("Conversion report: %1. %n feature(s) below will not behave exactly the same after "
                          "the conversion:", nullptr, m_fidelity.rowCount())
                           .arg(m_fidelity.summary()));
  }
  for (int c = models::FidelityModel::LevelColumn; c < models::FidelityModel::DetailColumn; ++c) {
    m_report->resizeColumnToContents(c);  // the detail column takes the rest and wraps
  }
  m_report->resizeRowsToContents();
}

void ExportDialog::browse() {
  const QString chosen = QFileDialog::getSaveFileName(this, tr("Save routes as"), path(), tr("YAML (*.yaml *.yml)"));
  if (!chosen.isEmpty()) {
    m_path->setText(chosen);
  }
}

void ExportDialog::accept() {
  QSaveFile out(path());
  if (path().isEmpty() || !out.open(QIODevice::WriteOnly) || out.write(m_text.yaml.toUtf8()) < 0 || !out.commit()) {
    m_error = tr("Cannot write %1: %2").arg(path(), out.errorString());
    QMessageBox::critical(this, tr("Save failed"), m_error);
    return;
  }
  m_error.clear();
  QDialog::accept();
}

}  // namespace routedeck::ui
