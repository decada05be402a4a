// The app on a remote core: `routedeck --connect HOST:PORT --token-file F`
// against a live `routedeckd serve --admin` (echo backends svc-a/svc-b, rule
// /split at 100/0). The window shows the daemon's routes and live numbers;
// the canary panel moves the daemon's traffic and Ctrl+Z moves it back; a
// wrong token or a closed port fails on its row and leaves the shown core
// alone; switching to the embedded core leaves the daemon serving as edited.
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QTest>

#include "models/workbench.h"
#include "proxycore/api/engine.h"
#include "tests/proxycore/admin/admin_env.h"
#include "tests/proxycore/proxy/live_http.h"
#include "tests/ui/journey_fixture.h"
#include "ui/editors/canary_panel.h"
#include "ui/inspectors/inspector_panel.h"
#include "ui/main/main_window.h"

using namespace routedeck;
using namespace routedeck::tests;

namespace {

const QString kToken = QStringLiteral("remote-journey-token-5f2c");
const QString kSplitNode = QStringLiteral("ru:HTTPRoute/test/shop#0");
using State = models::ConnectionsModel::State;

// What the daemon answers for /split, asked over plain HTTP.
QMap<QString, int> splitAnswers(int proxyPort, int n) {
  QMap<QString, int> seen;
  HttpClient c(proxyPort);
  for (int i = 0; i < n; ++i) {
    ++seen[c.get("/split/" + std::to_string(i), kHost).service()];
  }
  return seen;
}

}  // namespace

class TstJourneyRemote : public QObject {
  Q_OBJECT
 private:
  AdminEnv m_admin;
  QTemporaryDir m_dir;
  std::unique_ptr<QSettings> m_settings;
  std::unique_ptr<app::Application> m_app;
  QString m_address;

  models::Workbench& wb() { return m_app->workbench(); }
  models::ConnectionsModel& connections() { return wb().connections(); }
  int proxyPort() { return m_admin.env().proxyPort(); }

 private slots:
  void initTestCase() {
    prepareGuiTest();
    const QString tokenFile = m_admin.env().write(QStringLiteral("admin.token"), kToken + QStringLiteral("\n"));
    QVERIFY(m_admin.start({QStringLiteral("--admin-token-file"), tokenFile, QStringLiteral("--stats-interval"),
                           QStringLiteral("100ms")}));
    m_address = QString::fromStdString(m_admin.adminTarget());

    // What `routedeck --connect ADDRESS --token-file FILE` parses into.
    app::Options options;
    options.connect = {m_address};
    options.tokenFile = tokenFile;
    m_settings = std::make_unique<QSettings>(m_dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    m_app = std::make_unique<app::Application>(options, m_settings.get());
    m_app->window().resize(1400, 900);
    m_app->start();
    QVERIFY(QTest::qWaitForWindowExposed(&m_app->window()));
  }

  void showsTheDaemonsRoutes() {
    QTRY_COMPARE_WITH_TIMEOUT(connections().state(1), State::Connected, 10000);
    QCOMPARE(connections().active(), 1);
    QVERIFY(wb().engine().isRemote());
    QCOMPARE(wb().document().displayName(), QStringLiteral("routedeckd %1").arg(m_address));
    QVERIFY(m_app->window().windowTitle().contains(m_address));
    QVERIFY(wb().routeTree().indexForId(kSplitNode).isValid());
    QVERIFY(connections().data(connections().index(1), Qt::DisplayRole).toString().contains(QStringLiteral("connected")));
    // The generator is the embedded core's: nothing to start on a daemon.
    QVERIFY(!wb().engine().traffic().running);
  }

  void liveNumbersComeFromTheDaemon() {
    // Rates are differences between snapshots: let the chart have its first.
    QTRY_VERIFY_WITH_TIMEOUT(wb().series().pointCount(QStringLiteral("HTTPRoute/test/shop#0"), models::Metric::Rps) >= 2,
                             10000);
    splitAnswers(proxyPort(), 40);
    wb().select(kSplitNode);
    // The burst shows as a non-zero rate point of that rule on the chart.
    const auto peakRps = [this] {
      double peak = 0;
      for (const QPointF& p : wb().series().points(QStringLiteral("HTTPRoute/test/shop#0"), models::Metric::Rps)) {
        peak = std::max(peak, p.y());
      }
      return peak;
    };
    QTRY_VERIFY_WITH_TIMEOUT(peakRps() > 0, 10000);
    // The daemon streams a sample of its access log (it bounds what it sends per interval).
    QTRY_VERIFY_WITH_TIMEOUT(wb().accessLog().rowCount() >= 10, 10000);
  }

  void canaryPanelMovesTheDaemonsTraffic() {
    wb().select(kSplitNode);
    auto* panel = m_app->window().inspector()->canaryPanel();
    QVERIFY(panel->isVisible());
    QCOMPARE(panel->slider(0)->value(), 100);
    panel->spinBox(1)->setValue(100);
    QCOMPARE(panel->slider(0)->value(), 0);
    QTRY_VERIFY_WITH_TIMEOUT(splitAnswers(proxyPort(), 10).value(QStringLiteral("svc-b")) == 10, 10000);

    // The daemon's own view of its config agrees (a second, independent client).
    auto probe = core::api::createRemoteEngine(m_admin.adminTarget(), kToken.toStdString());
    const auto config = probe->config();
    QVERIFY(config);
    QCOMPARE(config->routes[0].rules[0].backends[0].weight, std::optional<int>(0));

    wb().document().undoStack()->undo();
    QTRY_VERIFY_WITH_TIMEOUT(splitAnswers(proxyPort(), 10).value(QStringLiteral("svc-a")) == 10, 10000);
    QCOMPARE(panel->slider(0)->value(), 100);
  }

  void closedPortFailsOnItsRowOnly() {
    const QString closed = QStringLiteral("127.0.0.1:1");
    const int closedRow = connections().addRemote(closed);
    QCOMPARE(closedRow, 2);
    wb().activateConnection(closedRow);
    QTRY_COMPARE_WITH_TIMEOUT(connections().state(closedRow), State::Failed, 15000);
    QVERIFY2(connections().message(closedRow).contains(closed), qPrintable(connections().message(closedRow)));
    // Still showing (and able to edit) the daemon connected before.
    QCOMPARE(connections().active(), 1);
    QVERIFY(wb().engine().isRemote());
    QVERIFY(wb().routeTree().indexForId(kSplitNode).isValid());
  }

  void refusedTokenIsReportedWithoutTheToken() {
    const QString other = QStringLiteral("localhost:%1").arg(m_address.section(QLatin1Char(':'), 1));
    const int row = connections().addRemote(other, QStringLiteral("not-the-token"));
    QVERIFY(row > 0);
    wb().activateConnection(row);
    QTRY_COMPARE_WITH_TIMEOUT(connections().state(row), State::Failed, 15000);
    const QString message = connections().message(row);
    QVERIFY2(message.startsWith(other) && message.contains(QStringLiteral("token")), qPrintable(message));
    QVERIFY(!message.contains(QStringLiteral("not-the-token")));
    QCOMPARE(connections().active(), 1);
  }

  void embeddedCoreAgainLeavesTheDaemonServing() {
    wb().activateConnection(0);
    QCOMPARE(connections().active(), 0);
    QVERIFY(!wb().engine().isRemote());
    QVERIFY(!wb().routeTree().indexForId(kSplitNode).isValid());
    QCOMPARE(connections().state(1), State::Idle);  // its streams are closed
    QCOMPARE(splitAnswers(proxyPort(), 10).value(QStringLiteral("svc-a")), 10);
  }
};

QTEST_MAIN(TstJourneyRemote)
#include "tst_journey_remote.moc"
