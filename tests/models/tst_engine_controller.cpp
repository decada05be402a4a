// EngineController on the real embedded core: applies run off the UI thread
// and are coalesced (latest wins), a config the core refuses changes
// nothing, snapshots arrive on the UI thread, latest wins when it stalls.
#include <QSignalSpy>
#include <QTest>
#include <QThread>
#include <atomic>

#include "models/document/workspace_document.h"
#include "models/engine/engine_controller.h"
#include "models/engine/latest_slot.h"
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

  // The UI thread sleeps through six poll intervals without processing
  // events; then one delivery arrives (not six), carrying a snapshot at
  // most a publication or two older than the core's newest.
  void stalledUiThreadGetsOnlyTheNewestSnapshot() {
    EngineController controller;
    QSignalSpy started(&controller, &EngineController::demoStarted);
    controller.startDemo(QStringLiteral(RD_SOURCE_DIR "/resources/demo/workspace.yaml"), 40);
    QVERIFY(started.wait(10000));
    QList<quint64> delivered;
    connect(&controller, &EngineController::snapshotReady, this,
            [&](const SnapshotConstPtr& s) { delivered << s->sequence; });
    QTRY_VERIFY_WITH_TIMEOUT(delivered.size() >= 2, 5000);
    const quint64 before = delivered.last();
    delivered.clear();
    const quint64 countBefore = controller.snapshotsDelivered();
    QThread::msleep(6 * EngineController::kSnapshotIntervalMs);
    const quint64 newest = controller.engine().latestSnapshot()->sequence;
    QVERIFY(newest >= before + 4);
    QCoreApplication::processEvents();
    QCOMPARE(delivered.size(), 1);
    QCOMPARE(controller.snapshotsDelivered(), countBefore + 1);
    QVERIFY2(delivered.first() + 2 >= newest,
             qPrintable(QStringLiteral("delivered %1, core at %2").arg(delivered.first()).arg(newest)));
    QTRY_VERIFY_WITH_TIMEOUT(delivered.size() >= 3, 5000);  // and it keeps ticking
  }

  // The slot itself, deterministically: a producer thread puts 1..1000
  // while nobody takes; exactly one delivery is scheduled and it finds 1000.
  void latestSlotKeepsOnlyTheNewest() {
    LatestSlot<int> slot;
    std::atomic<int> scheduled{0};
    QThread* producer = QThread::create([&] {
      for (int i = 1; i <= 1000; ++i) {
        if (slot.put(i)) {
          ++scheduled;
        }
      }
    });
    producer->start();
    QVERIFY(producer->wait(5000));
    delete producer;
    QCOMPARE(scheduled.load(), 1);
    QCOMPARE(slot.take().value_or(-1), 1000);
    QVERIFY(!slot.take().has_value());
    QVERIFY(slot.put(7));  // empty again: the next put schedules again
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
