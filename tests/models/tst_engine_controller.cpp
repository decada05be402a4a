// EngineController on the real embedded core: applies run off the UI thread
// and are coalesced (latest wins), a config the core refuses changes
// nothing, snapshots arrive on the UI thread.
#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include "models/document/workspace_document.h"
#include "models/engine/engine_controller.h"
#include "proxycore/api/demo.h"
#include "proxycore/api/engine.h"
#include "proxycore/api/traffic_profile.h"
#include "proxycore/api/workspace_io.h"

using namespace routedeck::models;
namespace api = routedeck::core::api;

namespace {

const RuleRef kCanary{QStringLiteral("HTTPRoute"), QStringLiteral("demo"), QStringLiteral("shop"), 1};

ConfigConstPtr demoOnFreePorts() {
  auto loaded = api::loadWorkspace({RD_SOURCE_DIR "/resources/demo/workspace.yaml"});
  auto config = api::withLocalPorts(*loaded.config, {});
  return config ? std::make_shared<const routedeck::core::model::Config>(std::move(*config)) : nullptr;
}

int v2Weight(const api::Engine& engine) {
  auto c = engine.config();
  return c ? c->routes[0].rules[1].backends[1].weight.value_or(-1) : -1;
}

}  // namespace

class TstEngineController : public QObject {
  Q_OBJECT
 private slots:
  void burstOfAppliesIsCoalesced() {
    EngineController controller;
    QSignalSpy applied(&controller, &EngineController::applied);
    const auto base = demoOnFreePorts();
    QVERIFY(base);
    controller.requestApply(base);
    QVERIFY(applied.wait(5000));
    const int before = controller.appliesDone();
    for (int v = 1; v <= 40; ++v) {
      controller.requestApply(withRuleWeights(base, kCanary, {100 - v, v}));
    }
    QTRY_VERIFY_WITH_TIMEOUT(!controller.applyPending(), 5000);
    QCOMPARE(v2Weight(controller.engine()), 40);  // the latest wins
    QVERIFY2(controller.appliesDone() - before <= 3, qPrintable(QString::number(controller.appliesDone() - before)));
    QVERIFY(controller.configVersion() >= 2);
  }

  void refusedConfigChangesNothing() {
    EngineController controller;
    QSignalSpy applied(&controller, &EngineController::applied);
    QSignalSpy failed(&controller, &EngineController::applyFailed);
    const auto base = demoOnFreePorts();
    controller.requestApply(base);
    QVERIFY(applied.wait(5000));
    const auto version = controller.configVersion();
    auto broken = std::make_shared<routedeck::core::model::Config>(*withRuleWeights(base, kCanary, {1, 99}));
    broken->listenerBindings.front().bind = "127.0.0.1:99999";
    controller.requestApply(broken);
    QVERIFY(failed.wait(5000));
    QVERIFY(!failed.at(0).at(0).toString().isEmpty());
    QCOMPARE(controller.configVersion(), version);
    QCOMPARE(v2Weight(controller.engine()), 10);
  }

  void snapshotsArriveOnTheUiThread() {
    EngineController controller;
    QSignalSpy started(&controller, &EngineController::demoStarted);
    controller.startDemo(QStringLiteral(RD_SOURCE_DIR "/resources/demo/workspace.yaml"), 40);
    QVERIFY(started.wait(10000));
    QThread* uiThread = QThread::currentThread();
    bool onUiThread = true;
    int count = 0;
    connect(&controller, &EngineController::snapshotReady, this, [&](const SnapshotConstPtr& s) {
      onUiThread = onUiThread && QThread::currentThread() == uiThread && s != nullptr;
      ++count;
    });
    QTRY_VERIFY_WITH_TIMEOUT(count >= 4, 5000);
    QVERIFY(onUiThread);
    QVERIFY(controller.isDemo());
    QVERIFY(controller.traffic().running);
  }

  void trafficForAWorkspaceCoversItsRules() {
    auto loaded = api::loadWorkspace({RD_SOURCE_DIR "/resources/demo/workspace.yaml"});
    const auto profile = api::trafficFor(*loaded.config);
    QCOMPARE(profile.requests.size(), size_t{3});
    QCOMPARE(profile.requests[0].host, std::string("shop.example.com"));
    QCOMPARE(profile.requests[0].path, std::string("/api"));
    QCOMPARE(profile.requests[0].headers.size(), size_t{1});  // x-version: v2 pins the first rule
    QCOMPARE(profile.requests[2].path, std::string("/ratings"));
  }
};

QTEST_GUILESS_MAIN(TstEngineController)
#include "tst_engine_controller.moc"
