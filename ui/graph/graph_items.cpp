#include "ui/graph/graph_items.h"

#include <QApplication>
#include <QPainter>
#include <QStyleOptionGraphicsItem>
#include <cmath>

namespace routedeck::ui {

namespace {

QColor kindColour(models::NodeKind k) {
  switch (k) {
    case models::NodeKind::Gateway: return QColor(0x6d, 0x5d, 0xd3);
    case models::NodeKind::Listener: return QColor(0x2f, 0x80, 0xc0);
    case models::NodeKind::Route: return QColor(0x1b, 0x9a, 0x8a);
    case models::NodeKind::Rule: return QColor(0xd0, 0x8a, 0x1e);
    case models::NodeKind::Backend: return QColor(0x4f, 0x9d, 0x3a);
  }
  return Qt::gray;
}

QString kindName(models::NodeKind k) {
  static const char* names[] = {"gateway", "listener", "route", "rule", "backend"};
  return QString::fromLatin1(names[static_cast<int>(k)]);
}

}  // namespace

QColor errorColour(double pct, const QPalette& palette) {
  if (pct >= 5) return QColor(0xd9, 0x3b, 0x3b);    // red: errors
  if (pct >= 1) return QColor(0xe0, 0x9b, 0x22);    // amber: some errors
  Q_UNUSED(palette);
  return QColor(0x3a, 0xa6, 0x5c);                  // green: healthy
}

NodeItem::NodeItem(const models::GraphNode& node, QGraphicsItem* parent)
    : QGraphicsObject(parent), m_node(node) {
  setPos(node.rect.topLeft());
  setFlag(ItemIsSelectable);
  setToolTip(QStringLiteral("%1 %2\n%3").arg(kindName(node.node.kind), node.node.label, node.node.detail));
  setZValue(2);
}

QRectF NodeItem::boundingRect() const { return QRectF(QPointF(0, 0), m_node.rect.size()).adjusted(-3, -3, 3, 3); }

void NodeItem::setHighlighted(bool on) {
  m_highlighted = on;
  update();
}

void NodeItem::paint(QPainter* p, const QStyleOptionGraphicsItem*, QWidget*) {
  const QPalette pal = QApplication::palette();
  const QRectF r(QPointF(0, 0), m_node.rect.size());
  p->setRenderHint(QPainter::Antialiasing);
  QColor border = isSelected() ? pal.color(QPalette::Highlight) : pal.color(QPalette::Mid);
  if (m_highlighted) border = QColor(0xe0, 0x9b, 0x22);
  p->setPen(QPen(border, isSelected() || m_highlighted ? 2.5 : 1));
  p->setBrush(pal.color(QPalette::Base));
  p->drawRoundedRect(r, 6, 6);
  p->setPen(Qt::NoPen);
  p->setBrush(kindColour(m_node.node.kind));
  p->drawRoundedRect(QRectF(r.left(), r.top(), 6, r.height()), 3, 3);
  QFont f = p->font();
  f.setBold(true);
  p->setFont(f);
  p->setPen(pal.color(QPalette::Text));
  const QRectF text = r.adjusted(12, 4, -6, -4);
  p->drawText(text, Qt::AlignLeft | Qt::AlignTop,
              p->fontMetrics().elidedText(m_node.node.label, Qt::ElideRight, static_cast<int>(text.width())));
  f.setBold(false);
  f.setPointSizeF(f.pointSizeF() * 0.85);
  p->setFont(f);
  p->setPen(pal.color(QPalette::PlaceholderText));
  const QString detail = kindName(m_node.node.kind) + QStringLiteral(" · ") + m_node.node.detail;
  p->drawText(text, Qt::AlignLeft | Qt::AlignBottom,
              p->fontMetrics().elidedText(detail, Qt::ElideRight, static_cast<int>(text.width())));
}

EdgeItem::EdgeItem(const QRectF& from, const QRectF& to, QGraphicsItem* parent) : QGraphicsPathItem(parent) {
  const QPointF a(from.right(), from.center().y());
  const QPointF b(to.left(), to.center().y());
  QPainterPath path(a);
  const double dx = (b.x() - a.x()) / 2;
  path.cubicTo(a + QPointF(dx, 0), b - QPointF(dx, 0), b);
  setPath(path);
  m_labelCentre = path.pointAtPercent(0.5);
  setZValue(1);
}

void EdgeItem::setLive(const models::GraphEdge& e, double maxRps) {
  QStringList parts;
  if (e.percent >= 0) {
    parts << QStringLiteral("%1 %").arg(e.percent);
  }
  parts << QStringLiteral("%1 req/s").arg(e.rps, 0, 'f', e.rps < 10 ? 1 : 0);
  m_label = parts.join(QStringLiteral(" · "));
  // The label stays short enough for the gap between columns; the colour
  // carries the 5xx share and the tooltip spells it out.
  setToolTip(QStringLiteral("%1 · 5xx %2 % of responses (last 10 s)").arg(m_label).arg(e.error5xxPercent, 0, 'f', 1));
  const double share = maxRps > 0 ? e.rps / maxRps : 0;
  QPen pen(errorColour(e.rps > 0 ? e.error5xxPercent : 0, QApplication::palette()), 1.0 + 5.0 * std::sqrt(share));
  if (e.rps <= 0) {
    pen.setColor(QApplication::palette().color(QPalette::Mid));
    pen.setStyle(Qt::DashLine);
  }
  setPen(pen);
  update();
}

QRectF EdgeItem::boundingRect() const {
  return QGraphicsPathItem::boundingRect().united(QRectF(m_labelCentre - QPointF(110, 12), QSizeF(220, 24)));
}

void EdgeItem::paint(QPainter* p, const QStyleOptionGraphicsItem* option, QWidget* widget) {
  p->setRenderHint(QPainter::Antialiasing);
  QGraphicsPathItem::paint(p, option, widget);
  if (m_label.isEmpty()) {
    return;
  }
  const QPalette pal = QApplication::palette();
  QFont f = p->font();
  f.setPointSizeF(f.pointSizeF() * 0.8);
  p->setFont(f);
  QRectF box = QRectF(p->fontMetrics().boundingRect(m_label)).adjusted(-3, -1, 3, 1);
  box.moveCenter(m_labelCentre);
  QColor bg = pal.color(QPalette::Window);
  bg.setAlpha(220);
  p->setPen(Qt::NoPen);
  p->setBrush(bg);
  p->drawRoundedRect(box, 3, 3);
  p->setPen(pal.color(QPalette::Text));
  p->drawText(box, Qt::AlignCenter, m_label);
}

}  // namespace routedeck::ui
