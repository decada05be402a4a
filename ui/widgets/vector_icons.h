#pragma once

#include <QIcon>

class QDockWidget;
class QLineEdit;

namespace routedeck::ui {

// Icons drawn with QPainter at the size and device pixel ratio they are
// asked for: no bitmap gets scaled up, so they stay sharp at 2× and beyond.
enum class VectorIcon { ClearText, Close, Float };
QIcon vectorIcon(VectorIcon which);

// A trailing clear action on `edit` (shown while it holds text) with the
// ClearText icon. Used instead of QLineEdit::setClearButtonEnabled, whose
// icon is the style's 16 px bitmap and renders blurry at device pixel
// ratio 2.
void addClearButton(QLineEdit* edit);

// Gives `dock` a proxy of the application style whose title-bar icons
// (float, close) are vector icons: the styles' own are 10–16 px bitmaps.
void useVectorTitleIcons(QDockWidget* dock);

}  // namespace routedeck::ui
