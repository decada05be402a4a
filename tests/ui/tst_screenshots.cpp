// `routedeck --screenshot DIR` renders each main view after the demo has run
// a few seconds and exits 0; every PNG must exist and show more than one
// colour, and its dark-palette twin in DIR/dark/ must be mostly dark.
#include <QDir>
#include <QColor>
#include <QImage>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

namespace {
int meanLightness(const QImage& img) {
  qint64 sum = 0, n = 0;
  for (int y = 0; y < img.height(); y += 5) {
    for (int x = 0; x < img.width(); x += 5, ++n) sum += QColor(img.pixel(x, y)).lightness();
  }
  return n ? static_cast<int>(sum / n) : 0;
}
}  // namespace

class TstScreenshots : public QObject {
  Q_OBJECT
 private slots:
  void rendersEveryView() {
    QTemporaryDir dir;
    const QString bin = qEnvironmentVariable("ROUTEDECK_BIN_DIR") + QStringLiteral("/routedeck");
    QVERIFY2(QFile::exists(bin), qPrintable(bin));
    QProcess p;
    auto env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    p.setProcessEnvironment(env);
    p.start(bin, {QStringLiteral("--screenshot"), dir.path(), QStringLiteral("--screenshot-delay"), QStringLiteral("3000")});
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), 0);
    for (const auto& name : {QStringLiteral("main-window.png"), QStringLiteral("route-graph.png"),
                             QStringLiteral("canary-inspector.png"), QStringLiteral("charts.png"),
                             QStringLiteral("match-rules.png"), QStringLiteral("test-request.png"),
                             QStringLiteral("access-log.png"), QStringLiteral("traces.png"),
                             QStringLiteral("policies.png"), QStringLiteral("changes.png")}) {
      const QImage img(QDir(dir.path()).filePath(name));
      QVERIFY2(!img.isNull(), qPrintable(name));
      QVERIFY2(img.width() >= 200 && img.height() >= 100, qPrintable(name));
      QSet<QRgb> colours;
      for (int y = 0; y < img.height(); y += 3) {
        for (int x = 0; x < img.width(); x += 3) {
          colours.insert(img.pixel(x, y));
        }
      }
      QVERIFY2(colours.size() > 8, qPrintable(name + QStringLiteral(": %1 colours").arg(colours.size())));
      const QImage dark(QDir(dir.path()).filePath(QStringLiteral("dark/") + name));
      QVERIFY2(!dark.isNull(), qPrintable(QStringLiteral("dark/") + name));
      QCOMPARE(dark.size(), img.size());
      QVERIFY2(meanLightness(dark) < 100 && meanLightness(img) > 150,
               qPrintable(QStringLiteral("%1: light %2, dark %3").arg(name).arg(meanLightness(img)).arg(meanLightness(dark))));
    }
  }
};

QTEST_GUILESS_MAIN(TstScreenshots)
#include "tst_screenshots.moc"
