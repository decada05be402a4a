#include <QApplication>
#include <QDateTime>
#include <QSettings>
#include <QTemporaryDir>
#include <QTextStream>

#include "app/application.h"
#include "ui/widgets/theme.h"

namespace {
// --help and --version print and exit: answer them without a display.
bool onlyPrints(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const QByteArray a(argv[i]);
    if (a == "--help" || a == "-h" || a == "--help-all" || a == "--version" || a == "-v") {
      return true;
    }
  }
  return false;
}
}  // namespace

int main(int argc, char** argv) {
  const qint64 startedMs = QDateTime::currentMSecsSinceEpoch();  // for --measure-startup
  if (onlyPrints(argc, argv)) {
    QCoreApplication core(argc, argv);
    QCoreApplication::setApplicationVersion(QStringLiteral(ROUTEDECK_VERSION));
    routedeck::app::Options options;
    QString error;
    routedeck::app::parseCommandLine(core, options, error);  // prints and exits
    return 0;
  }
  QApplication qapp(argc, argv);
  QApplication::setOrganizationName(QStringLiteral("RouteDeck"));
  QApplication::setApplicationName(QStringLiteral("RouteDeck"));
  QApplication::setApplicationVersion(QStringLiteral(ROUTEDECK_VERSION));

  routedeck::app::Options options;
  options.startedAtMs = startedMs;
  QString error;
  if (!routedeck::app::parseCommandLine(qapp, options, error)) {
    QTextStream(stderr) << "routedeck: " << error << "\nTry 'routedeck --help'.\n";
    return 2;
  }
  // A forced palette needs a style that draws with it (Fusion does on every platform).
  if (const auto palette = routedeck::ui::paletteNamed(options.palette)) {
    QApplication::setStyle(QStringLiteral("Fusion"));
    QApplication::setPalette(*palette);
  }
  // Screenshots start from a clean layout, not the user's saved one.
  QTemporaryDir scratch;
  QSettings userSettings;
  QSettings scratchSettings(scratch.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
  QSettings* settings = options.screenshotDir.isEmpty() ? &userSettings : &scratchSettings;

  routedeck::app::Application app(options, settings);
  QObject::connect(&app, &routedeck::app::Application::screenshotsDone, &qapp,
                   [](bool ok) { QApplication::exit(ok ? 0 : 1); });
  app.start();
  return QApplication::exec();
}
