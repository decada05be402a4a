// File → Save workspace: the whole workspace — listener binds, service
// endpoints, tracing settings and every route — goes into one file, and
// nothing is lost: the file reads back to the same config, and a fresh
// embedded core running it answers the same requests the same way as the
// app's core. A fault with an auto-revert timer is not saved (it would come
// back without its timer). Save As is remembered in the recent files; then
// Ctrl+S writes to that file without asking; a file that cannot be written
// is reported with its path and reason and nothing changes.
#include <QAction>
#include <QApplication>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageBox>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>

#include "models/workbench.h"
#include "proxycore/api/demo.h"
#include "proxycore/api/engine.h"
#include "proxycore/api/workspace_io.h"
#include "tests/support/http_client.h"
#include "tests/ui/journey_fixture.h"
#include "ui/main/main_window.h"

using namespace routedeck;
namespace api = core::api;

namespace {

const models::RuleRef kCanary{QStringLiteral("HTTPRoute"), QStringLiteral("demo"), QStringLiteral("shop"), 1};

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Probe {
  std::string path;
  Headers headers;
  std::string host = "shop.example.com";
};

// "STATUS SERVICE" of one request (service from the echo backend's JSON).
QString ask(int port, const Probe& p) {
  tests::HttpClient client(port, 5000);
  Headers headers = p.headers;
  headers.emplace_back("Host", p.host);
  const auto r = client.request("GET", p.path, headers);
  const auto json = QJsonDocument::fromJson(QByteArray::fromStdString(r.body)).object();
  return QStringLiteral("%1 %2").arg(r.ok ? r.status : -1).arg(json.value(QStringLiteral("service")).toString());
}

int v2Weight(const core::model::Config& c) {
  return c.routes.empty() ? -1 : c.routes[0].rules[1].backends[1].weight.value_or(-1);
}

bool canaryHasFault(const core::model::Config& c) { return c.routes[0].rules[1].fault.has_value(); }

}  // namespace

class TstJourneySaveWorkspace : public QObject {
  Q_OBJECT
 private:
  tests::Journey j;
  QString saved;
  models::Workbench& wb() { return j.app->workbench(); }
  ui::MainWindow& window() { return j.app->window(); }

 private slots:
  void initTestCase() {
    QVERIFY(j.launchShown());
    saved = j.dir.filePath(QStringLiteral("shop-saved.yaml"));
    QVERIFY(window().saveWorkspaceAction()->isEnabled());
    QVERIFY(wb().document().workspaceFile().isEmpty());  // the demo has no file Save could write unasked
  }

  void unwritableFileIsReportedAndChangesNothing() {
    const QString bad = j.dir.filePath(QStringLiteral("no-such-dir/ws.yaml"));
    QVERIFY(!window().saveWorkspaceTo(bad));
    QVERIFY2(window().lastSaveError().startsWith(QStringLiteral("Cannot write ") + bad + QStringLiteral(": ")),
             qPrintable(window().lastSaveError()));
    QVERIFY(window().lastSaveError().size() > QStringLiteral("Cannot write : ").size() + bad.size());
    auto* box = window().findChild<QMessageBox*>(QStringLiteral("saveErrorBox"));
    QVERIFY(box);
    QCOMPARE(box->text(), window().lastSaveError());
    box->close();
    QVERIFY(!QFileInfo::exists(bad));
    QVERIFY(wb().document().workspaceFile().isEmpty());
    QVERIFY(wb().document().isDemo());
  }

  void saveAsWritesTheWholeWorkspace() {
    // All canary traffic to shop-v2 so the answers below are deterministic.
    wb().document().setRuleWeights(kCanary, {0, 100}, false);
    QTRY_COMPARE_WITH_TIMEOUT(v2Weight(*wb().engine().engine().config()), 100, 5000);
    // A timed fault (the fault panel's kind) is running while we save.
    models::FaultDraft draft;
    draft.abort = true;
    draft.abortPercent = 100;
    wb().faults().apply(kCanary, draft);
    QTRY_VERIFY_WITH_TIMEOUT(canaryHasFault(*wb().engine().engine().config()), 5000);

    QVERIFY2(window().saveWorkspaceTo(saved), qPrintable(window().lastSaveError()));
    QCOMPARE(wb().document().workspaceFile(), saved);
    QVERIFY(!wb().document().isDirty());
    QVERIFY(window().windowTitle().startsWith(QStringLiteral("shop-saved.yaml")));
    QCOMPARE(j.settings->value(QStringLiteral("recentFiles")).toStringList().value(0), saved);

    auto loaded = api::loadWorkspace({saved.toStdString()});
    QVERIFY2(!loaded.diagnostics.hasErrors(), loaded.diagnostics.format().c_str());
    QCOMPARE(loaded.files.size(), size_t{1});  // self-contained
    QVERIFY(!canaryHasFault(*loaded.config));  // the timed fault stays out
    wb().faults().stopAll();
    QTRY_VERIFY_WITH_TIMEOUT(!canaryHasFault(*wb().engine().engine().config()), 5000);
    // Binds, endpoints, tracing, every route: equal to what the app holds.
    const auto& now = *wb().document().config();
    QVERIFY(loaded.config->listenerBindings == now.listenerBindings);
    QCOMPARE(loaded.config->serviceEndpoints.size(), size_t{3});
    QVERIFY(loaded.config->serviceEndpoints == now.serviceEndpoints);
    QVERIFY(loaded.config->tracing.has_value());
    QCOMPARE(loaded.config->tracing->percent.value_or(-1), 10.0);
    QCOMPARE(loaded.config->routes.size(), now.routes.size());
    QVERIFY(*loaded.config == now);
  }

  void reopenedOnAFreshCoreAnswersTheSame() {
    auto loaded = api::loadWorkspace({saved.toStdString()});
    QVERIFY(loaded.config);
    // Same backends (the saved endpoints are the running demo's), the
    // listener on another free port since the app's core holds the saved one.
    auto rebound = api::withLocalPorts(*loaded.config, {});
    QVERIFY(rebound.ok());
    auto fresh = api::createEmbeddedEngine();
    core::Diagnostics diags;
    QVERIFY2(fresh->apply(std::make_shared<const core::model::Config>(std::move(*rebound)), diags).ok(),
             diags.format().c_str());
    const int freshPort = fresh->bound().front().port;
    const int appPort = j.proxyPort();
    QVERIFY(freshPort > 0 && appPort > 0 && freshPort != appPort);
    const std::vector<Probe> probes{
        {"/api/items", {}},
        {"/api/items", {{"x-version", "v2"}}},
        {"/ratings/7", {}},
        {"/nowhere", {}},
        {"/api/items", {}, "other.example.com"},
    };
    const QStringList expected{QStringLiteral("200 shop-v2"), QStringLiteral("200 shop-v2"),
                               QStringLiteral("200 ratings"), QStringLiteral("404 "), QStringLiteral("404 ")};
    // shop-v2 and ratings fail a few % on purpose (their own 503): such an
    // answer is asked again, up to ten times.
    auto answers = [](int port, const Probe& p, const QString& want) {
      QString got;
      for (int attempt = 0; attempt < 10 && got != want; ++attempt) {
        got = ask(port, p);
      }
      return got;
    };
    for (size_t i = 0; i < probes.size(); ++i) {
      const QString want = expected[static_cast<int>(i)];
      QCOMPARE(answers(appPort, probes[i], want), want);
      QCOMPARE(answers(freshPort, probes[i], want), want);
    }
    fresh->stop();
  }

  void ctrlSWritesTheSameFileWithoutAsking() {
    wb().document().setRuleWeights(kCanary, {80, 20}, false);
    QVERIFY(wb().document().isDirty());
    window().activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window()));
    QTest::keyClick(&window(), Qt::Key_S, Qt::ControlModifier);
    QVERIFY(!wb().document().isDirty());
    auto loaded = api::loadWorkspace({saved.toStdString()});
    QVERIFY2(!loaded.diagnostics.hasErrors(), loaded.diagnostics.format().c_str());
    QCOMPARE(v2Weight(*loaded.config), 20);
    QVERIFY(*loaded.config == *wb().document().config());
  }

  void reopeningTheSavedFileKeepsSavingThere() {
    QSignalSpy loaded(&wb().engine(), &models::EngineController::workspaceLoaded);
    wb().engine().openWorkspace(saved);
    QVERIFY(loaded.wait(10000));
    QVERIFY(loaded.at(0).at(3).toBool());
    QCOMPARE(wb().document().path(), saved);
    QCOMPARE(wb().document().workspaceFile(), saved);
    QCOMPARE(j.settings->value(QStringLiteral("recentFiles")).toStringList().value(0), saved);
  }

  void cleanupTestCase() { j.app.reset(); }
};

int main(int argc, char** argv) {
  tests::prepareGuiTest();
  QApplication app(argc, argv);
  TstJourneySaveWorkspace t;
  return QTest::qExec(&t, argc, argv);
}
#include "tst_journey_save_workspace.moc"
