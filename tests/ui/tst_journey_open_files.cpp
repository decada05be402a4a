// Opening files: a valid workspace replaces the demo (banner gone, recent
// files remember it, the graph shows its routes); a broken file names
// file:line:column, the Problems tab lists it, and the running routes stay.

#include <QApplication>
#include <QFile>
#include <QMessageBox>
#include <QTabWidget>
#include <QTest>
#include <QTreeView>

#include "models/workbench.h"
#include "tests/ui/journey_fixture.h"
#include "ui/main/main_window.h"
#include "ui/widgets/banner.h"

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

class TstJourneyOpenFiles : public QObject {
  Q_OBJECT
 private:
  tests::Journey j;

 private slots:
  void initTestCase() { QVERIFY(j.launchDemo(20)); }

  void ownWorkspaceReplacesTheDemo() {
    // The demo's routes under another name, on a free port, with no backends running.
    QFile routes(QStringLiteral(RD_SOURCE_DIR "/resources/demo/routes.yaml"));
    QVERIFY(routes.open(QIODevice::ReadOnly));
    QByteArray text = routes.readAll().replace("name: shop\n", "name: store\n");
    QFile out(j.dir.filePath(QStringLiteral("routes.yaml")));
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(text);
    out.close();
    const QString path = j.dir.filePath(QStringLiteral("mine.yaml"));
    QFile ws(path);
    QVERIFY(ws.open(QIODevice::WriteOnly));
    ws.write(QStringLiteral("apiVersion: routedeck.dev/v1alpha1\nkind: Workspace\nmetadata: {name: mine}\nspec:\n"
                            "  sources: [routes.yaml]\n  listeners:\n  - {gateway: demo/edge, listener: http, bind: 127.0.0.1:%1}\n")
                 .arg(tests::freeLoopbackPort()).toUtf8());
    ws.close();
    auto& wb = j.app->workbench();
    const auto version = wb.engine().configVersion();
    wb.engine().openWorkspace(path);
    QTRY_VERIFY_WITH_TIMEOUT(wb.engine().configVersion() > version && wb.document().path() == path, 10000);
    QVERIFY(!wb.document().isDemo());
    QVERIFY(!wb.engine().isDemo());
    QVERIFY(!wb.engine().traffic().running);  // no generated traffic unless asked for
    QVERIFY(!j.app->window().banner()->isVisible());
    QVERIFY(wb.graph().indexOf(QStringLiteral("rt:HTTPRoute/demo/store")) >= 0);
    QVERIFY(wb.graph().indexOf(QStringLiteral("rt:HTTPRoute/demo/shop")) < 0);
    QVERIFY(j.app->window().windowTitle().startsWith(QStringLiteral("mine.yaml")));
    QCOMPARE(j.settings->value(QStringLiteral("recentFiles")).toStringList().value(0), path);
    QCOMPARE(wb.selectedNode(), QStringLiteral("ru:HTTPRoute/demo/store#1"));  // the first canary rule
  }

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
    auto* tabs = j.app->window().bottomTabs();
    QVERIFY(tabs->tabText(tabs->currentIndex()).startsWith(QStringLiteral("Problems (")));
    QCOMPARE(wb.engine().configVersion(), version);
    QCOMPARE(wb.document().config(), config);
    box->accept();
  }

  void cleanupTestCase() { j.app.reset(); }
};

int main(int argc, char** argv) {
  tests::prepareGuiTest();
  QApplication app(argc, argv);
  TstJourneyOpenFiles t;
  return QTest::qExec(&t, argc, argv);
}
#include "tst_journey_open_files.moc"
