// The traffic generator against in-process echo backends on loopback: it
// holds the rate, keeps connections alive, names the answering backend and
// stops.
#include <QTest>
#include <thread>

#include "proxycore/api/demo.h"
#include "proxycore/loadgen/load_generator.h"

using namespace routedeck::core;

class TstLoadGenerator : public QObject {
  Q_OBJECT
 private slots:
  void holdsTheRateAndNamesTheBackend() {
    auto backends = api::DemoBackends::start({{"demo/shop-v1", "", 0.0}, {"demo/shop-v2", "", 1.0}});
    QVERIFY(backends.ok());
    const int v1 = (*backends)->ports().at("demo/shop-v1");
    loadgen::Profile profile{"shop.example.com", {{"GET", "", "/a", {}, 3}, {"GET", "", "/b", {{"x-k", "v"}}, 1}}};
    loadgen::LoadGenerator gen("127.0.0.1:" + std::to_string(v1), profile, 4);
    QVERIFY(!gen.running());
    gen.start(200);
    QVERIFY(gen.running());
    QCOMPARE(gen.rate(), 200.0);
    std::this_thread::sleep_for(std::chrono::milliseconds(1000));
    gen.stop();
    QVERIFY(!gen.running());
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const auto obs = gen.observations();
    QCOMPARE(obs.entries.size(), size_t{2});
    const uint64_t answered = obs.entries[0].responses2xx + obs.entries[1].responses2xx;
    QVERIFY2(answered >= 150 && answered <= 230, qPrintable(QString::number(answered)));
    QCOMPARE(obs.entries[0].transportErrors + obs.entries[1].transportErrors, uint64_t{0});
    QVERIFY(obs.entries[0].sent > obs.entries[1].sent);  // weights 3:1
    QCOMPARE(obs.entries[0].backends.size(), size_t{1});
    QCOMPARE(obs.entries[0].backends.begin()->first, std::string("demo/shop-v1"));
    // Stopped means stopped.
    const auto sent = obs.entries[0].sent + obs.entries[1].sent;
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    const auto later = gen.observations();
    QCOMPARE(later.entries[0].sent + later.entries[1].sent, sent);
  }

  void errorsAreCountedPerBackend() {
    auto backends = api::DemoBackends::start({{"demo/flaky", "", 1.0}});
    QVERIFY(backends.ok());
    const int port = (*backends)->ports().at("demo/flaky");
    loadgen::LoadGenerator gen("127.0.0.1:" + std::to_string(port), {"x", {{"GET", "", "/", {}, 1}}}, 2);
    gen.start(100);
    QTRY_VERIFY_WITH_TIMEOUT(gen.observations().entries[0].responses5xx >= 10, 5000);
    gen.stop();
    const auto obs = gen.observations();
    QCOMPARE(obs.entries[0].responses2xx, uint64_t{0});
    QCOMPARE(obs.entries[0].backends.at("demo/flaky").responses5xx, obs.entries[0].backends.at("demo/flaky").responses);
  }

  void refusedConnectionsAreTransportErrors() {
    loadgen::LoadGenerator gen("127.0.0.1:1", {"x", {{"GET", "", "/", {}, 1}}}, 1);
    gen.start(50);
    QTRY_VERIFY_WITH_TIMEOUT(gen.observations().entries[0].transportErrors >= 3, 5000);
    gen.stop();
  }
};

QTEST_GUILESS_MAIN(TstLoadGenerator)
#include "tst_load_generator.moc"
