#pragma once

#include <QFrame>

class QLabel;

namespace routedeck::ui {

// A dismissable one-line message above the content.
class Banner : public QFrame {
  Q_OBJECT
 public:
  explicit Banner(QWidget* parent = nullptr);
  void setText(const QString& richText);
  QString text() const;

 signals:
  void dismissed();

 private:
  QLabel* m_label;
};

}  // namespace routedeck::ui
