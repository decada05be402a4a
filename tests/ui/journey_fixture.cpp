#include "tests/ui/journey_fixture.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

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

int freeLoopbackPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  ::close(fd);
  return port;
}

void prepareGuiTest() {
  qputenv("QT_ENABLE_HIGHDPI_SCALING", "0");
  qputenv("QT_FONT_DPI", "96");
}

}  // namespace routedeck::tests
