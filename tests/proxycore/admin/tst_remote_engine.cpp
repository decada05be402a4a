// api::createRemoteEngine against a live `routedeckd serve --admin`: the
// same Engine interface the GUI uses in process, over gRPC.
#include <QTest>

#include "proxycore/api/engine.h"
#include "proxycore/api/traffic_profile.h"
#include "tests/proxycore/admin/admin_env.h"
#include "tests/proxycore/proxy/live_http.h"

using namespace routedeck::tests;
using namespace routedeck::core;

class TestRemoteEngine : public QObject {
  Q_OBJECT

  AdminEnv m_admin;

 private slots:
  void initTestCase() {
    QVERIFY(m_admin.start({QStringLiteral("--stats-interval"), QStringLiteral("50ms")}));
  }

  void configApplySnapshotAndLog() {
    auto engine = api::createRemoteEngine(m_admin.adminTarget());
    auto config = engine->config();
    QVERIFY(config);
    QCOMPARE(config->routes.size(), size_t(1));
    QCOMPARE(config->routes[0].rules.size(), size_t(2));
    QCOMPARE(config->listenerBindings.size(), size_t(1));
    QCOMPARE(config->serviceEndpoints.size(), size_t(2));
    const uint64_t before = engine->version();
    QVERIFY(before >= 1);

    // apply() sends the config's documents; an edited weight reaches the daemon.
    auto edited = std::make_shared<model::Config>(*config);
    edited->routes[0].rules[0].backends[0].weight = 0;
    edited->routes[0].rules[0].backends[1].weight = 1;
    Diagnostics diags;
    auto v = engine->apply(edited, diags);
    QVERIFY2(v, v ? "" : v.error().message.c_str());
    QCOMPARE(*v, before + 1);
    HttpClient c(m_admin.env().proxyPort());
    for (int i = 0; i < 5; ++i) {
      QCOMPARE(c.get("/split/" + std::to_string(i), kHost).service(), QStringLiteral("svc-b"));
    }
    QCOMPARE(engine->config()->routes[0].rules[0].backends[1].weight, std::optional<int>(1));

    // Snapshots and the access log arrive through the streams.
    QTRY_VERIFY_WITH_TIMEOUT(
        engine->latestSnapshot() && engine->latestSnapshot()->configVersion == before + 1, 10000);
    const stats::RuleStats* rule = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT(
        (rule = engine->latestSnapshot()->rule({"HTTPRoute", "test", "shop", 0, ""})) &&
            rule->backends.size() == 2 && rule->backends[1].counters.requests >= 5,
        10000);
    QVERIFY(rule->totalLatency.quantileSeconds(0.5) > 0);
    QCOMPARE(engine->bound().size(), size_t(1));
    QCOMPARE(engine->bound()[0].port, m_admin.env().proxyPort());
    QTRY_VERIFY_WITH_TIMEOUT(engine->recentAccessLog(100).size() >= 5, 10000);
    QCOMPARE(engine->recentAccessLog(1).back().routeName, std::string("shop"));

    // A refused apply brings its diagnostics back.
    auto broken = std::make_shared<model::Config>(*edited);
    broken->listenerBindings[0].gateway = "test/missing";
    Diagnostics bad;
    QVERIFY(!engine->apply(broken, bad));
    QVERIFY(bad.hasErrors());
    QVERIFY2(QString::fromStdString(bad.format()).contains(QStringLiteral("test/missing")),
             bad.format().c_str());
  }

  void editsOverTheWire() {
    auto engine = api::createRemoteEngine(m_admin.adminTarget());
    auto v = engine->setWeights(kSplitRule, {1, 0});
    QVERIFY2(v, v ? "" : v.error().message.c_str());
    auto missing = engine->setWeights("HTTPRoute/test/none#0", {1});
    QVERIFY(!missing);
    QCOMPARE(missing.error().code, ErrorCode::NotFound);

    model::FaultInjection fault;
    fault.abort = model::FaultAbort{418, std::nullopt, 100.0};
    QVERIFY(engine->setFault(kPlainRule, fault, std::chrono::milliseconds(30000)));
    HttpClient c(m_admin.env().proxyPort());
    QCOMPARE(c.get("/plain/x", kHost).status, 418);
    QVERIFY(engine->clearFaults(false));
    QCOMPARE(c.get("/plain/x", kHost).status, 200);
    auto noDeadline = engine->setFault(kPlainRule, fault, std::chrono::milliseconds(0));
    QVERIFY(!noDeadline);
    QCOMPARE(noDeadline.error().code, ErrorCode::Invalid);

    // No traffic generator on a remote core; the trace lookup answers null.
    engine->startTraffic(10);
    QVERIFY(!engine->trafficRunning());
    QVERIFY(!engine->findTrace(std::string(32, '0')));
  }

  void unreachableDaemon() {
    auto engine = api::createRemoteEngine("127.0.0.1:" + std::to_string(freeLoopbackPort()));
    auto v = engine->setWeights(kSplitRule, {1, 0});
    QVERIFY(!v);
    QCOMPARE(v.error().code, ErrorCode::Io);
    QVERIFY(!engine->latestSnapshot());
  }
};

QTEST_GUILESS_MAIN(TestRemoteEngine)
#include "tst_remote_engine.moc"
