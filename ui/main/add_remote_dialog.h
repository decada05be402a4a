#pragma once

#include <QDialog>

class QLabel;
class QLineEdit;
class QDialogButtonBox;

namespace routedeck::ui {

// HOST:PORT of a routedeckd admin API plus its bearer token, typed or read
// from a file. The address is checked as it is typed; the token is never
// stored by the app.
class AddRemoteDialog : public QDialog {
  Q_OBJECT
 public:
  explicit AddRemoteDialog(QWidget* parent = nullptr);
  QString address() const;
  QString token() const;
  QString tokenFile() const;

 private:
  void validate();

  QLineEdit* m_address;
  QLineEdit* m_token;
  QLineEdit* m_tokenFile;
  QLabel* m_error;
  QDialogButtonBox* m_buttons;
};

}  // namespace routedeck::ui
