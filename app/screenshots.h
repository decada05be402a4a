#pragma once

#include <QString>
#include <QStringList>

namespace routedeck::ui {
class MainWindow;
}

namespace routedeck::app {

// The files renderScreenshots() writes.
QStringList screenshotNames();

// Renders the main window, the route graph, the canary inspector and the
// charts into `dir` as PNG (works offscreen). False when a file cannot be written.
bool renderScreenshots(ui::MainWindow& window, const QString& dir);

}  // namespace routedeck::app
