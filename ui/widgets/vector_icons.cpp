#include "ui/widgets/vector_icons.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QIconEngine>
#include <QLineEdit>
#include <QPainter>
#include <QProxyStyle>
#include <algorithm>

namespace routedeck::ui {

namespace {

class VectorIconEngine final : public QIconEngine {
 public:
  explicit VectorIconEngine(VectorIcon which) : m_which(which) {}

  void paint(QPainter* p, const QRect& rect, QIcon::Mode mode, QIcon::State) override {
    const QPalette pal = QApplication::palette();
    QColor ink = pal.color(m_which == VectorIcon::ClearText ? QPalette::PlaceholderText : QPalette::WindowText);
    if (mode == QIcon::Disabled) {
      ink.setAlphaF(0.4);
    } else if (m_which == VectorIcon::ClearText && (mode == QIcon::Active || mode == QIcon::Selected)) {
      ink = pal.color(QPalette::Text);
    }
    p->save();
    p->setRenderHint(QPainter::Antialiasing);
    const qreal side = std::min(rect.width(), rect.height()) * 0.8;
    QRectF box(0, 0, side, side);
    box.moveCenter(QRectF(rect).center());
    const QPointF c = box.center();
    switch (m_which) {
      case VectorIcon::ClearText: {
        p->setPen(Qt::NoPen);
        p->setBrush(ink);
        p->drawEllipse(box);
        const qreal arm = side * 0.2;
        p->setPen(QPen(pal.color(QPalette::Base), side * 0.12, Qt::SolidLine, Qt::RoundCap));
        p->drawLine(c + QPointF(-arm, -arm), c + QPointF(arm, arm));
        p->drawLine(c + QPointF(-arm, arm), c + QPointF(arm, -arm));
        break;
      }
      case VectorIcon::Close: {
        const qreal arm = side * 0.35;
        p->setPen(QPen(ink, std::max<qreal>(1, side * 0.1), Qt::SolidLine, Qt::RoundCap));
        p->drawLine(c + QPointF(-arm, -arm), c + QPointF(arm, arm));
        p->drawLine(c + QPointF(-arm, arm), c + QPointF(arm, -arm));
        break;
      }
      case VectorIcon::Float: {
        const qreal w = side * 0.6, pen = std::max<qreal>(1, side * 0.08);
        p->setPen(QPen(ink, pen));
        p->setBrush(Qt::NoBrush);
        p->drawRect(QRectF(box.right() - w, box.top(), w, w).adjusted(pen / 2, pen / 2, -pen / 2, -pen / 2));
        p->setBrush(pal.color(QPalette::Window));
        p->drawRect(QRectF(box.left(), box.bottom() - w, w, w).adjusted(pen / 2, pen / 2, -pen / 2, -pen / 2));
        break;
      }
    }
    p->restore();
  }
  // QIconEngine's default leaves the pixmap's pixels uninitialised under
  // what paint() draws; start from transparent.
  QPixmap pixmap(const QSize& size, QIcon::Mode mode, QIcon::State state) override {
    QPixmap pm(size);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    paint(&p, QRect(QPoint(0, 0), size), mode, state);
    return pm;
  }
  QIconEngine* clone() const override { return new VectorIconEngine(m_which); }
  QString key() const override { return QStringLiteral("routedeck-vector"); }

 private:
  VectorIcon m_which;
};

class VectorTitleIconStyle final : public QProxyStyle {
 public:
  using QProxyStyle::QProxyStyle;
  QIcon standardIcon(StandardPixmap sp, const QStyleOption* option, const QWidget* widget) const override {
    switch (sp) {
      case SP_TitleBarCloseButton:
      case SP_DockWidgetCloseButton: return vectorIcon(VectorIcon::Close);
      case SP_TitleBarNormalButton: return vectorIcon(VectorIcon::Float);
      case SP_LineEditClearButton: return vectorIcon(VectorIcon::ClearText);
      default: return QProxyStyle::standardIcon(sp, option, widget);
    }
  }
};

}  // namespace

QIcon vectorIcon(VectorIcon which) { return QIcon(new VectorIconEngine(which)); }

void addClearButton(QLineEdit* edit) {
  auto* clear = edit->addAction(vectorIcon(VectorIcon::ClearText), QLineEdit::TrailingPosition);
  clear->setObjectName(QStringLiteral("clearText"));
  clear->setToolTip(QLineEdit::tr("Clear"));
  clear->setVisible(!edit->text().isEmpty());
  QObject::connect(clear, &QAction::triggered, edit, &QLineEdit::clear);
  QObject::connect(edit, &QLineEdit::textChanged, clear, [clear](const QString& text) { clear->setVisible(!text.isEmpty()); });
}

void useVectorTitleIcons(QDockWidget* dock) {
  // Same kind of style as the application's; owned by the dock.
  auto* style = new VectorTitleIconStyle(QApplication::style()->name());
  style->setParent(dock);
  dock->setStyle(style);
}

}  // namespace routedeck::ui
