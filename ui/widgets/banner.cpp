#include "ui/widgets/banner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

namespace routedeck::ui {

Banner::Banner(QWidget* parent) : QFrame(parent), m_label(new QLabel(this)) {
  setObjectName(QStringLiteral("banner"));
  setFrameShape(QFrame::StyledPanel);
  setAutoFillBackground(true);
  QPalette pal = palette();
  QColor tint = pal.color(QPalette::Highlight);
  tint.setAlpha(45);
  pal.setColor(QPalette::Window, tint);
  setPalette(pal);
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(10, 6, 6, 6);
  m_label->setWordWrap(true);
  m_label->setTextFormat(Qt::RichText);
  auto* close = new QToolButton(this);
  close->setText(tr("Dismiss"));
  close->setAutoRaise(true);
  layout->addWidget(m_label, 1);
  layout->addWidget(close);
  connect(close, &QToolButton::clicked, this, [this] {
    hide();
    emit dismissed();
  });
}

void Banner::setText(const QString& richText) { m_label->setText(richText); }
QString Banner::text() const { return m_label->text(); }

}  // namespace routedeck::ui
