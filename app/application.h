#pragma once

#include <QObject>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <memory>

class QCoreApplication;
class QSettings;

namespace routedeck::models {
class Workbench;
}
namespace routedeck::ui {
class MainWindow;
}

namespace routedeck::app {

struct Options {
  QString workspace;        // empty: the demo
  double trafficRps = -1;   // < 0: default (60 req/s for the demo, off for a file)
  QStringList connect;      // remote routedeckd admin addresses; the first is shown at start
  QString tokenFile;        // bearer token for the --connect endpoints
  QString screenshotDir;    // non-empty: render the views there and quit
  int screenshotDelayMs = 5000;
};

// Parses the command line; returns false (with `error` set, or empty for
// --help/--version already printed) when the app should exit.
bool parseCommandLine(const QCoreApplication& app, Options& options, QString& error);

// Composition root: the workbench (models and embedded core), the main
// window and the start-up path (demo or file). Settings are injected.
class Application : public QObject {
  Q_OBJECT
 public:
  static constexpr double kDemoRps = 60;

  Application(Options options, QSettings* settings, QObject* parent = nullptr);
  ~Application() override;

  models::Workbench& workbench() { return *m_workbench; }
  ui::MainWindow& window() { return *m_window; }
  // Starts the demo or opens the file, and shows the window.
  void start();
  // The demo workspace copied out of the resources (its own folder).
  QString demoWorkspacePath();

 signals:
  void screenshotsDone(bool ok);

 private:
  void takeScreenshots();

  Options m_options;
  QSettings* m_settings;
  std::unique_ptr<models::Workbench> m_workbench;
  std::unique_ptr<ui::MainWindow> m_window;
  QTemporaryDir m_demoDir;
};

}  // namespace routedeck::app
