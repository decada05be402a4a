#include "app/screenshots.h"

#include <QDir>
#include <QPixmap>
#include <QTextStream>

#include "ui/charts/charts_panel.h"
#include "ui/graph/route_graph_view.h"
#include "ui/inspectors/inspector_panel.h"
#include "ui/main/main_window.h"

namespace routedeck::app {

QStringList screenshotNames() {
  return {QStringLiteral("main-window.png"), QStringLiteral("route-graph.png"), QStringLiteral("canary-inspector.png"),
          QStringLiteral("charts.png")};
}

bool renderScreenshots(ui::MainWindow& window, const QString& dir) {
  if (!QDir().mkpath(dir)) {
    return false;
  }
  const QList<QWidget*> views = {&window, window.graphView(), window.inspector(), window.charts()};
  const QStringList names = screenshotNames();
  bool ok = true;
  for (int i = 0; i < views.size(); ++i) {
    const QString path = QDir(dir).filePath(names[i]);
    if (!views[i]->grab().save(path, "PNG")) {
      QTextStream(stderr) << "routedeck: cannot write " << path << "\n";
      ok = false;
    }
  }
  return ok;
}

}  // namespace routedeck::app
