#include "app/application.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QTimer>

#include "app/screenshots.h"
#include "models/connections/connections_model.h"
#include "models/workbench.h"
#include "ui/main/connections_sidebar.h"
#include "ui/main/main_window.h"

namespace routedeck::app {

bool parseCommandLine(const QCoreApplication& app, Options& options, QString& error) {
  QCommandLineParser parser;
  parser.setApplicationDescription(QCoreApplication::translate(
      "main", "RouteDeck: a control room for gateway routes. Without options it opens a live demo."));
  parser.addHelpOption();
  parser.addVersionOption();
  QCommandLineOption workspace(QStringLiteral("workspace"), QCoreApplication::translate("main", "Open FILE (a workspace or route files) on the embedded core."), QStringLiteral("FILE"));
  QCommandLineOption traffic(QStringLiteral("traffic"), QCoreApplication::translate("main", "Run the built-in traffic generator at RPS requests/s."), QStringLiteral("RPS"));
  QCommandLineOption screenshot(QStringLiteral("screenshot"), QCoreApplication::translate("main", "Render each main view to DIR/*.png after the demo has run a few seconds, then exit."), QStringLiteral("DIR"));
  QCommandLineOption delay(QStringLiteral("screenshot-delay"), QCoreApplication::translate("main", "Milliseconds to wait before --screenshot renders (default 5000)."), QStringLiteral("MS"));
  QCommandLineOption connect(QStringLiteral("connect"), QCoreApplication::translate("main", "Connect to the routedeckd admin API at HOST:PORT and show its routes (repeatable: the others are listed under connections)."), QStringLiteral("HOST:PORT"));
  QCommandLineOption tokenFile(QStringLiteral("token-file"), QCoreApplication::translate("main", "Read the bearer token for --connect from FILE."), QStringLiteral("FILE"));
  parser.addOptions({workspace, traffic, connect, tokenFile, screenshot, delay});
  if (!parser.parse(app.arguments())) {
    error = parser.errorText();
    return false;
  }
  if (parser.isSet(QStringLiteral("help"))) {
    parser.showHelp();  // exits
  }
  if (parser.isSet(QStringLiteral("version"))) {
    parser.showVersion();
  }
  options.workspace = parser.value(workspace);
  if (parser.isSet(traffic)) {
    bool ok = false;
    options.trafficRps = parser.value(traffic).toDouble(&ok);
    if (!ok || options.trafficRps < 0 || options.trafficRps > 100000) {
      error = QCoreApplication::translate("main", "--traffic needs a rate from 0 to 100000 requests/s");
      return false;
    }
  }
  options.connect = parser.values(connect);
  for (const QString& address : options.connect) {
    if (const QString why = models::ConnectionsModel::addressError(address); !why.isEmpty()) {
      error = QCoreApplication::translate("main", "--connect: %1").arg(why);
      return false;
    }
  }
  if (!options.connect.isEmpty() && !options.workspace.isEmpty()) {
    error = QCoreApplication::translate("main", "--workspace opens a file on the embedded core and --connect shows a remote routedeckd: pick one");
    return false;
  }
  options.tokenFile = parser.value(tokenFile);
  if (!options.tokenFile.isEmpty() && options.connect.isEmpty()) {
    error = QCoreApplication::translate("main", "--token-file is for --connect");
    return false;
  }
  options.screenshotDir = parser.value(screenshot);
  if (parser.isSet(delay)) {
    options.screenshotDelayMs = qMax(0, parser.value(delay).toInt());
  }
  return true;
}

Application::Application(Options options, QSettings* settings, QObject* parent)
    : QObject(parent),
      m_options(std::move(options)),
      m_settings(settings),
      m_workbench(std::make_unique<models::Workbench>()),
      m_window(std::make_unique<ui::MainWindow>(m_workbench.get(), settings)) {}

Application::~Application() {
  m_window.reset();  // widgets first: they read the models
  m_workbench.reset();
}

QString Application::demoWorkspacePath() {
  const QDir dir(m_demoDir.path());
  for (const auto& name : {QStringLiteral("workspace.yaml"), QStringLiteral("routes.yaml")}) {
    const QString target = dir.filePath(name);
    if (!QFile::exists(target)) {
      QFile::copy(QStringLiteral(":/demo/") + name, target);
      QFile::setPermissions(target, QFile::ReadOwner | QFile::WriteOwner);
    }
  }
  return dir.filePath(QStringLiteral("workspace.yaml"));
}

void Application::start() {
  auto& engine = m_workbench->engine();
  int firstRemote = -1;
  for (const auto& address : m_options.connect) {
    const int row = m_workbench->connections().addRemote(address, {}, m_options.tokenFile);
    firstRemote = firstRemote < 0 ? row : firstRemote;
  }
  if (firstRemote > 0) {
    // The embedded core stays idle until a file is opened on it.
    m_workbench->connections().setEmbeddedLabel(tr("no workspace open"), true);
    m_workbench->activateConnection(firstRemote);
  } else if (m_options.workspace.isEmpty()) {
    const double rps = m_options.trafficRps >= 0 ? m_options.trafficRps : kDemoRps;
    engine.startDemo(demoWorkspacePath(), rps);
    m_window->showDemoBanner(rps);
  } else {
    engine.openWorkspace(m_options.workspace);
    if (m_options.trafficRps > 0) {
      const double rps = m_options.trafficRps;
      // The generator needs a bound listener: start it once the file is applied.
      auto once = std::make_shared<QMetaObject::Connection>();
      *once = connect(&engine, &models::EngineController::applied, this, [this, rps, once] {
        QObject::disconnect(*once);
        m_workbench->engine().startTraffic(rps);
      });
    }
  }
  if (!m_options.screenshotDir.isEmpty()) {
    m_window->resize(1600, 1000);
    QTimer::singleShot(m_options.screenshotDelayMs, this, &Application::takeScreenshots);
  }
  m_window->show();
}

void Application::takeScreenshots() {
  const bool ok = renderScreenshots(*m_window, m_options.screenshotDir);
  emit screenshotsDone(ok);
}

}  // namespace routedeck::app
