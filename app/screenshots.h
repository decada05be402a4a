#pragma once

#include <QString>
#include <QStringList>

namespace routedeck::ui {
class MainWindow;
}

namespace routedeck::app {

// The files renderScreenshots() writes.
QStringList screenshotNames();

// Renders the main window, the route graph, the inspector (canary and
// faults), the charts, the match-rule editor, "Test a request" (explaining
// a 404) and the access log into `dir` as PNG (works offscreen). False when a file cannot be written.
bool renderScreenshots(ui::MainWindow& window, const QString& dir);

}  // namespace routedeck::app
