#include "tests/ui/journey_fixture.h"

#include <QApplication>
#include <QTest>

#include "models/workbench.h"
#include "ui/main/main_window.h"

namespace routedeck::tests {

bool Journey::launchDemo(double rps) {
  settings = std::make_unique<QSettings>(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
  app::Options options;
  options.trafficRps = rps;
  app = std::make_unique<app::Application>(options, settings.get());
  app->window().resize(1400, 900);
  app->start();
  auto& engine = app->workbench().engine();
  return QTest::qWaitFor([&] { return engine.configVersion() > 0 && engine.traffic().running; }, 15000);
}

bool Journey::launchShown(double rps) {
  if (!launchDemo(rps)) {
    return false;
  }
  app->window().show();
  return QTest::qWaitForWindowExposed(&app->window());
}

int Journey::proxyPort() const {
  return app->workbench().engine().listenAddress().section(QLatin1Char(':'), 1).toInt();
}

void prepareGuiTest() {
  qputenv("QT_ENABLE_HIGHDPI_SCALING", "0");
  qputenv("QT_FONT_DPI", "96");
}

}  // namespace routedeck::tests
