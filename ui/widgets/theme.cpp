#include "ui/widgets/theme.h"

#include <algorithm>
#include <cmath>

namespace routedeck::ui {

namespace {

double channel(double c) { return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); }

double luminance(const QColor& c) {
  return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
}

}  // namespace

bool isDark(const QPalette& palette) { return palette.color(QPalette::Window).lightness() < 128; }

QPalette lightPalette() {
  QPalette p(QColor(0xef, 0xef, 0xef));  // derives the 3D roles from the button colour
  p.setColor(QPalette::Window, QColor(0xef, 0xef, 0xef));
  p.setColor(QPalette::WindowText, QColor(0x1e, 0x1e, 0x1e));
  p.setColor(QPalette::Base, Qt::white);
  p.setColor(QPalette::AlternateBase, QColor(0xf5, 0xf5, 0xf5));
  p.setColor(QPalette::Text, QColor(0x1e, 0x1e, 0x1e));
  p.setColor(QPalette::ButtonText, QColor(0x1e, 0x1e, 0x1e));
  p.setColor(QPalette::PlaceholderText, QColor(0x60, 0x60, 0x60));
  p.setColor(QPalette::Highlight, QColor(0x2f, 0x80, 0xc0));
  p.setColor(QPalette::HighlightedText, Qt::white);
  p.setColor(QPalette::ToolTipBase, QColor(0xff, 0xff, 0xdc));
  p.setColor(QPalette::ToolTipText, Qt::black);
  p.setColor(QPalette::Link, QColor(0x1b, 0x5e, 0x9a));
  return p;
}

QPalette darkPalette() {
  QPalette p(QColor(0x3a, 0x3a, 0x3d));
  const QColor text(0xe6, 0xe6, 0xe6);
  p.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2e));
  p.setColor(QPalette::WindowText, text);
  p.setColor(QPalette::Base, QColor(0x1f, 0x1f, 0x22));
  p.setColor(QPalette::AlternateBase, QColor(0x27, 0x27, 0x2a));
  p.setColor(QPalette::Text, text);
  p.setColor(QPalette::Button, QColor(0x3a, 0x3a, 0x3d));
  p.setColor(QPalette::ButtonText, text);
  p.setColor(QPalette::BrightText, Qt::white);
  p.setColor(QPalette::PlaceholderText, QColor(0xa0, 0xa0, 0xa6));
  p.setColor(QPalette::Highlight, QColor(0x3d, 0x8e, 0xd0));
  p.setColor(QPalette::HighlightedText, Qt::white);
  p.setColor(QPalette::ToolTipBase, QColor(0x3a, 0x3a, 0x3d));
  p.setColor(QPalette::ToolTipText, text);
  p.setColor(QPalette::Link, QColor(0x7a, 0xb8, 0xf0));
  p.setColor(QPalette::Mid, QColor(0x5a, 0x5a, 0x60));
  p.setColor(QPalette::Midlight, QColor(0x48, 0x48, 0x4d));
  p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x80, 0x80, 0x86));
  p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x80, 0x80, 0x86));
  p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x80, 0x80, 0x86));
  return p;
}

std::optional<QPalette> paletteNamed(const QString& name, bool* ok) {
  if (ok) *ok = true;
  if (name == QLatin1String("dark")) return darkPalette();
  if (name == QLatin1String("light")) return lightPalette();
  if (ok) *ok = name.isEmpty() || name == QLatin1String("system");
  return std::nullopt;
}

QColor errorTextColour(const QPalette& palette) {
  return isDark(palette) ? QColor(0xff, 0x7b, 0x72) : QColor(0xc6, 0x28, 0x28);
}

QColor readableOn(const QColor& colour, const QColor& background, double minContrast) {
  const bool darkBackground = background.lightness() < 128;
  QColor c = colour;
  for (int i = 0; i < 20 && contrastRatio(c, background) < minContrast; ++i) {
    c = darkBackground ? c.lighter(110) : c.darker(110);
  }
  return c;
}

double contrastRatio(const QColor& a, const QColor& b) {
  const double la = luminance(a), lb = luminance(b);
  return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

}  // namespace routedeck::ui
