#pragma once

#include <QColor>
#include <QPalette>
#include <QString>
#include <optional>

namespace routedeck::ui {

// Light and dark palettes for `routedeck --palette light|dark` (the default,
// "system", keeps the platform's), and the few colour decisions that depend
// on which one is active. Views otherwise draw with palette roles only.

// True when the window background is dark (lightness < 128).
bool isDark(const QPalette& palette);
QPalette lightPalette();
QPalette darkPalette();
// "light" or "dark": that palette; "system": nothing (keep the platform's).
// Unknown names give nothing and set `ok` false.
std::optional<QPalette> paletteNamed(const QString& name, bool* ok = nullptr);

// Semantic red for error text, lifted on dark backgrounds so it keeps a
// WCAG contrast of at least 4.5:1 against the palette's Base.
QColor errorTextColour(const QPalette& palette);

// `colour` made lighter (on a dark background) or darker (on a light one)
// in small steps until it reaches `minContrast` against `background`; the
// hue stays, so series keep their identity in both palettes.
QColor readableOn(const QColor& colour, const QColor& background, double minContrast = 3.0);

// WCAG 2 contrast ratio of two opaque colours, 1 (same) to 21 (black on white).
double contrastRatio(const QColor& a, const QColor& b);

}  // namespace routedeck::ui
