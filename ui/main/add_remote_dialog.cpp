#include "ui/main/add_remote_dialog.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

#include "models/connections/connections_model.h"

namespace routedeck::ui {

AddRemoteDialog::AddRemoteDialog(QWidget* parent) : QDialog(parent) {
  setWindowTitle(tr("Connect to routedeckd"));
  setObjectName(QStringLiteral("addRemoteDialog"));
  m_address = new QLineEdit(QStringLiteral("127.0.0.1:9901"), this);
  m_address->setObjectName(QStringLiteral("remoteAddress"));
  m_token = new QLineEdit(this);
  m_token->setObjectName(QStringLiteral("remoteToken"));
  m_token->setEchoMode(QLineEdit::Password);
  m_token->setPlaceholderText(tr("none (loopback admin without auth)"));
  m_tokenFile = new QLineEdit(this);
  m_tokenFile->setObjectName(QStringLiteral("remoteTokenFile"));
  m_tokenFile->setPlaceholderText(tr("or a file holding the token"));
  auto* browse = new QPushButton(tr("Browse…"), this);
  connect(browse, &QPushButton::clicked, this, [this] {
    const QString f = QFileDialog::getOpenFileName(this, tr("Token file"));
    if (!f.isEmpty()) {
      m_tokenFile->setText(f);
    }
  });
  auto* fileRow = new QHBoxLayout;
  fileRow->addWidget(m_tokenFile, 1);
  fileRow->addWidget(browse);
  m_error = new QLabel(this);
  m_error->setObjectName(QStringLiteral("remoteAddressError"));
  m_error->setStyleSheet(QStringLiteral("color: #d03030"));
  m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Connect"));
  connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(m_address, &QLineEdit::textChanged, this, &AddRemoteDialog::validate);

  auto* form = new QFormLayout(this);
  form->addRow(tr("Admin address (host:port):"), m_address);
  form->addRow(tr("Bearer token:"), m_token);
  form->addRow(tr("Token file:"), fileRow);
  form->addRow(m_error);
  form->addRow(m_buttons);
  validate();
}

QString AddRemoteDialog::address() const { return m_address->text().trimmed(); }
QString AddRemoteDialog::token() const { return m_token->text().trimmed(); }
QString AddRemoteDialog::tokenFile() const { return m_tokenFile->text().trimmed(); }

void AddRemoteDialog::validate() {
  const QString error = models::ConnectionsModel::addressError(address());
  m_error->setText(error);
  m_buttons->button(QDialogButtonBox::Ok)->setEnabled(error.isEmpty());
}

}  // namespace routedeck::ui
