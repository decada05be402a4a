#include "ui/traces/waterfall_delegate.h"

#include <QApplication>
#include <QPainter>

#include "models/traces/trace_waterfall_model.h"

namespace routedeck::ui {

using Model = models::TraceWaterfallModel;

namespace {

// The graph's palette: red = errors, purple = gateway, blue = upstream, amber = internal (faults, backoff).
QColor barColour(const QModelIndex& index) {
  if (index.data(Model::ErrorRole).toBool()) {
    return QColor(0xd9, 0x3b, 0x3b);
  }
  const QString kind = index.siblingAtColumn(Model::KindColumn).data().toString();
  if (kind == QLatin1String("server")) return QColor(0x6d, 0x5d, 0xd3);
  if (kind == QLatin1String("client")) return QColor(0x2f, 0x80, 0xc0);
  return QColor(0xd0, 0x8a, 0x1e);
}

}  // namespace

void WaterfallDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const {
  if (index.column() == Model::SpanColumn) {
    QStyleOptionViewItem indented = option;
    indented.rect.adjust(index.data(Model::DepthRole).toInt() * kIndent, 0, 0, 0);
    QStyledItemDelegate::paint(painter, indented, index);
    return;
  }
  if (index.column() != Model::TimelineColumn) {
    QStyledItemDelegate::paint(painter, option, index);
    return;
  }
  QStyledItemDelegate::paint(painter, option, index);  // selection background
  const double total = index.data(Model::TotalMsRole).toDouble();
  const QRectF track = QRectF(option.rect).adjusted(4, 3, -4, -3);
  if (total <= 0 || track.width() <= 0) {
    return;
  }
  const double x = track.left() + track.width() * index.data(Model::OffsetMsRole).toDouble() / total;
  const double w = qMax(2.0, track.width() * index.data(Model::DurationMsRole).toDouble() / total);
  painter->save();
  painter->setRenderHint(QPainter::Antialiasing);
  painter->setPen(Qt::NoPen);
  QColor guide = option.palette.color(QPalette::Text);
  guide.setAlpha(28);
  painter->setBrush(guide);
  painter->drawRect(QRectF(track.left(), track.center().y() - 0.5, track.width(), 1));
  painter->setBrush(barColour(index));
  painter->drawRoundedRect(QRectF(x, track.top(), qMin(w, track.right() - x + 2), track.height()), 2, 2);
  painter->restore();
}

QSize WaterfallDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const {
  QSize s = QStyledItemDelegate::sizeHint(option, index);
  if (index.column() == Model::SpanColumn) {
    s.rwidth() += index.data(Model::DepthRole).toInt() * kIndent;
  } else if (index.column() == Model::TimelineColumn) {
    s.setWidth(qMax(s.width(), 240));
  }
  return s;
}

}  // namespace routedeck::ui
