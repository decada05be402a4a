// `routedeck --screenshot DIR` renders each main view after the demo has run
// a few seconds and exits 0; every PNG must exist and show more than one colour.
#include <QDir>
#include <QImage>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

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
                             QStringLiteral("changes.png")}) {
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
    }
  }
};

QTEST_GUILESS_MAIN(TstScreenshots)
#include "tst_screenshots.moc"
