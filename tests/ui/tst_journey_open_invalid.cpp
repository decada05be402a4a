// Opening a broken file: the error names file:line:column, the Problems tab
// lists it, and the running demo keeps its routes (nothing is applied).
#include <QApplication>
#include <QFile>
#include <QMessageBox>
#include <QTabWidget>
#include <QTest>

#include "models/workbench.h"
#include "tests/ui/journey_fixture.h"
#include "ui/main/main_window.h"

using namespace routedeck;

namespace {
const char* kBroken = R"(apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: broken
  namespace: demo
spec:
  rules:
  - matches:
    - path:
        type: RegularExpression
        value: "/api/(unclosed"
    backendRefs:
    - name: shop-v1
      port: 8080
)";
}  // namespace

class TstJourneyOpenInvalid : public QObject {
  Q_OBJECT
 private:
  tests::Journey j;

 private slots:
  void initTestCase() { QVERIFY(j.launchDemo(20)); }

  void brokenFileIsReportedAndNothingChanges() {
    const QString path = j.dir.filePath(QStringLiteral("broken.yaml"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(kBroken);
    f.close();
    auto& wb = j.app->workbench();
    const auto version = wb.engine().configVersion();
    const auto config = wb.document().config();
    wb.engine().openWorkspace(path);  // what File → Open does after the file dialog

    QMessageBox* box = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((box = j.app->window().findChild<QMessageBox*>(QStringLiteral("openErrorBox"))) != nullptr, 10000);
    QVERIFY(box->text().contains(QStringLiteral("nothing was applied")));
    QVERIFY2(box->detailedText().contains(path + QStringLiteral(":11:")), qPrintable(box->detailedText()));
    QVERIFY(wb.problems().errorCount() >= 1);
    QVERIFY(j.app->window().bottomTabs()->tabText(1).startsWith(QStringLiteral("Problems (")));
    QCOMPARE(j.app->window().bottomTabs()->currentIndex(), 1);
    QCOMPARE(wb.engine().configVersion(), version);
    QCOMPARE(wb.document().config(), config);
    box->accept();
  }

  void cleanupTestCase() { j.app.reset(); }
};

int main(int argc, char** argv) {
  tests::prepareGuiTest();
  QApplication app(argc, argv);
  TstJourneyOpenInvalid t;
  return QTest::qExec(&t, argc, argv);
}
#include "tst_journey_open_invalid.moc"
