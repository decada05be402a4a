// High-DPI: the window at device pixel ratio 2 (QT_SCALE_FACTOR=2,
// offscreen). The route graph and the charts grab at twice their logical
// size with ratio 2, and are drawn at device resolution — not drawn at 1×
// and scaled up, which would leave every 2×2 pixel block uniform. Every
// icon the window uses is scalable or has a 2× pixmap, drawn on a
// transparent ground.
#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QImage>
#include <QTest>

#include "models/workbench.h"
#include "tests/ui/journey_fixture.h"
#include "ui/charts/charts_panel.h"
#include "ui/graph/route_graph_view.h"
#include "ui/main/main_window.h"

using namespace routedeck;

namespace {

// Of the 2×2 blocks that are not all one colour in the image at 1× steps,
// how many hold more than one colour: 0 for a 1× rendering scaled up.
double detailedBlockShare(const QImage& image) {
  int blocks = 0, detailed = 0;
  for (int y = 0; y + 1 < image.height(); y += 2) {
    for (int x = 0; x + 1 < image.width(); x += 2) {
      const QRgb a = image.pixel(x, y);
      const bool uniform = image.pixel(x + 1, y) == a && image.pixel(x, y + 1) == a && image.pixel(x + 1, y + 1) == a;
      ++blocks;
      detailed += uniform ? 0 : 1;
    }
  }
  return blocks > 0 ? double(detailed) / blocks : 0;
}

}  // namespace

class TstHighDpi : public QObject {
  Q_OBJECT
 private:
  tests::Journey j;
  ui::MainWindow& window() { return j.app->window(); }

  void checkGrab(QWidget* w, const char* what) {
    QVERIFY2(w->isVisible(), what);
    const QPixmap pm = w->grab();
    QCOMPARE(pm.devicePixelRatio(), 2.0);
    QCOMPARE(pm.size(), w->size() * 2);
    QCOMPARE(pm.deviceIndependentSize().toSize(), w->size());
    const QImage image = pm.toImage();
    const double share = detailedBlockShare(image);
    qInfo("%s: %.3f of 2×2 blocks carry detail", what, share);
    QVERIFY2(share > 0.01, qPrintable(QStringLiteral("%1: %2 of 2×2 blocks carry detail").arg(what).arg(share)));
    // The measure itself: the same picture at 1× scaled up has none.
    const QImage upscaled = image.scaled(image.size() / 2).scaled(image.size());
    QCOMPARE(detailedBlockShare(upscaled), 0.0);
  }

 private slots:
  void initTestCase() {
    QCOMPARE(qApp->devicePixelRatio(), 2.0);
    QVERIFY(j.launchShown());
    QCOMPARE(window().devicePixelRatio(), 2.0);
  }

  void graphGrabsAtTwiceTheSize() {
    QTRY_VERIFY_WITH_TIMEOUT(window().graphView()->nodeCount() > 5, 10000);
    checkGrab(window().graphView()->viewport(), "route graph");
  }

  void chartsGrabAtTwiceTheSize() {
    const QString canary = j.app->workbench().firstCanaryRule();
    j.app->workbench().select(canary);
    const QString ruleId = canary.mid(3);  // "ru:" node id → rule id
    QTRY_VERIFY_WITH_TIMEOUT(j.app->workbench().series().pointCount(ruleId, models::Metric::Rps) > 4, 10000);
    const QPixmap pm = window().charts()->renderImage();
    QCOMPARE(pm.devicePixelRatio(), 2.0);
    QVERIFY(!pm.isNull());
    QCOMPARE(pm.width() % 2, 0);
    const double share = detailedBlockShare(pm.toImage());
    qInfo("charts: %.3f of 2×2 blocks carry detail", share);
    QVERIFY(share > 0.01);
    QVERIFY(window().charts()->exportPng(j.dir.filePath(QStringLiteral("charts.png"))));
    QImage saved(j.dir.filePath(QStringLiteral("charts.png")));
    QCOMPARE(saved.size(), pm.size());  // the PNG keeps every device pixel
  }

  void iconsAreScalableOrHaveTwoX() {
    QList<QPair<QString, QIcon>> icons{{QStringLiteral("window"), window().windowIcon()}};
    for (auto* a : window().findChildren<QAction*>()) {
      icons.push_back({QStringLiteral("action ") + a->text() + QLatin1Char(' ') + a->objectName() + QLatin1Char(' ') + (a->parent() ? QString::fromLatin1(a->parent()->metaObject()->className()) + QLatin1Char(' ') + a->parent()->objectName() : QString()), a->icon()});
    }
    for (auto* b : window().findChildren<QAbstractButton*>()) {
      icons.push_back({QStringLiteral("button ") + b->objectName() + QLatin1Char(' ') + b->text() +
                           QLatin1Char(' ') + QString::fromLatin1(b->metaObject()->className()),
                       b->icon()});
    }
    int checked = 0;
    for (const auto& [owner, icon] : icons) {
      if (icon.isNull()) {
        continue;
      }
      ++checked;
      const QPixmap pm = icon.pixmap(QSize(16, 16), 2.0);
      const QString what = QStringLiteral("%1: icon %2, sizes %3, dpr %4, %5×%6")
                               .arg(owner, icon.name())
                               .arg(icon.availableSizes().size())
                               .arg(pm.devicePixelRatio())
                               .arg(pm.width())
                               .arg(pm.height());
      // Device pixels for the whole 16×16 box (fitted: a wide icon may be less tall).
      QVERIFY2(pm.devicePixelRatio() == 2.0 && (pm.width() == 32 || pm.height() == 32) && pm.width() <= 32 &&
                   pm.height() <= 32,
               qPrintable(what));
      // Drawn on a transparent ground: no stray pixels around the glyph.
      const QImage img = pm.toImage();
      for (const QPoint corner : {QPoint(0, 0), QPoint(img.width() - 1, 0), QPoint(0, img.height() - 1),
                                  QPoint(img.width() - 1, img.height() - 1)}) {
        QVERIFY2(img.pixelColor(corner).alpha() == 0, qPrintable(what));
      }
    }
    qInfo("%d icons checked", checked);
  }

  void cleanupTestCase() { j.app.reset(); }
};

int main(int argc, char** argv) {
  qputenv("QT_FONT_DPI", "96");
  qputenv("QT_SCALE_FACTOR", "2");
  QApplication app(argc, argv);
  TstHighDpi t;
  return QTest::qExec(&t, argc, argv);
}
#include "tst_high_dpi.moc"
