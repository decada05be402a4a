#pragma once

#include <QSettings>
#include <QTemporaryDir>
#include <memory>

#include "app/application.h"
#include "tests/support/test_support.h"

namespace routedeck::tests {

// The app as a user launches it (demo, traffic on), with throwaway settings.
struct Journey {
  QTemporaryDir dir;
  std::unique_ptr<QSettings> settings;
  std::unique_ptr<app::Application> app;

  // Starts the demo and waits until the core runs it; false on timeout.
  bool launchDemo(double rps = 60);
  // launchDemo, then shows the window and waits until it is exposed.
  bool launchShown(double rps = 60);
  // The port of the core's first listener on 127.0.0.1 (0 before it listens).
  int proxyPort() const;
};

// Fixed DPI and fonts for every GUI test (offscreen platform set by CTest).
void prepareGuiTest();

}  // namespace routedeck::tests
