#pragma once

#include <QSettings>
#include <QTemporaryDir>
#include <memory>

#include "app/application.h"

namespace routedeck::tests {

// The app as a user launches it (demo, traffic on), with throwaway settings.
struct Journey {
  QTemporaryDir dir;
  std::unique_ptr<QSettings> settings;
  std::unique_ptr<app::Application> app;

  // Starts the demo and waits until the core runs it; false on timeout.
  bool launchDemo(double rps = 60);
};

// A loopback port nobody listens on right now (the kernel's pick for port
// 0), for workspaces, which name their bind address.
int freeLoopbackPort();

// Fixed DPI and fonts for every GUI test (offscreen platform set by CTest).
void prepareGuiTest();

}  // namespace routedeck::tests
