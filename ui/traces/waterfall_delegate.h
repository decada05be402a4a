#pragma once

#include <QStyledItemDelegate>

namespace routedeck::ui {

// Paints a TraceWaterfallModel: the span name indented by its depth, and in
// the timeline column one bar from the span's start offset for its
// duration, scaled to the whole trace; red for an error span, otherwise
// coloured by kind. Colours read on dark and light palettes alike.
class WaterfallDelegate : public QStyledItemDelegate {
  Q_OBJECT
 public:
  static constexpr int kIndent = 14;
  using QStyledItemDelegate::QStyledItemDelegate;

  void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
  QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
};

}  // namespace routedeck::ui
