// The per-rule trace rings, lookup by id with eviction, the since() cursor
// (including traces evicted before a slow reader got them) and waitFor().
#include <QTest>

#include <thread>

#include "proxycore/trace/trace_store.h"

using namespace routedeck::core::trace;

namespace {

TraceConstSharedPtr makeTrace(const std::string& rule, uint8_t n) {
  auto t = std::make_shared<Trace>();
  t->traceId[15] = n;
  t->traceId[0] = 0xab;
  t->rule = rule;
  Span gw;
  gw.spanId[7] = n;
  t->spans.push_back(gw);
  return t;
}

}  // namespace

class TestTraceStore : public QObject {
  Q_OBJECT

 private slots:
  void hexRoundTrip() {
    TraceId id{};
    QVERIFY(fromHex("4BF92F3577B34DA6a3ce929d0e0e4736", id.data(), id.size()));
    QCOMPARE(toHex(id), std::string("4bf92f3577b34da6a3ce929d0e0e4736"));
    QVERIFY(!fromHex("4bf92f", id.data(), id.size()));
    QVERIFY(!fromHex("zz" + std::string(30, '0'), id.data(), id.size()));
  }

  void ringsArePerRuleAndBounded() {
    TraceStore store({3, 100});
    for (uint8_t i = 1; i <= 5; ++i) store.add(makeTrace("r/a", i));
    store.add(makeTrace("r/b", 9));
    auto a = store.recent("r/a", 10);
    QCOMPARE(a.size(), size_t(3));
    QCOMPARE(a.front()->traceId[15], uint8_t(3));  // oldest kept
    QCOMPARE(a.back()->traceId[15], uint8_t(5));   // newest last
    QCOMPARE(store.recent("r/a", 2).front()->traceId[15], uint8_t(4));
    QCOMPARE(store.recent("r/b", 10).size(), size_t(1));
    QVERIFY(store.recent("r/none", 10).empty());
    QCOMPARE(store.rules(), (std::vector<std::string>{"r/a", "r/b"}));
    // Evicted from its ring: no longer found; kept ones are, in either case.
    QVERIFY(!store.find(makeTrace("r/a", 1)->traceIdHex()));
    const std::string kept = makeTrace("r/a", 4)->traceIdHex();
    QVERIFY(store.find(kept));
    std::string upper = kept;
    for (auto& ch : upper) ch = static_cast<char>(std::toupper(ch));
    QCOMPARE(store.find(upper), store.find(kept));
    QCOMPARE(store.added(), uint64_t(6));
  }

  void sinceCursorSkipsWhatWasEvicted() {
    TraceStore store({100, 4});
    const uint64_t start = store.next();
    QCOMPARE(start, uint64_t(1));
    for (uint8_t i = 1; i <= 3; ++i) store.add(makeTrace("r", i));
    uint64_t resume = 0, skipped = 0;
    auto got = store.since(start, 2, &resume, &skipped);
    QCOMPARE(got.size(), size_t(2));
    QCOMPARE(resume, uint64_t(3));
    QCOMPARE(skipped, uint64_t(0));
    for (uint8_t i = 4; i <= 9; ++i) store.add(makeTrace("r", i));
    // Backlog holds 6..9: trace 3 and 4, 5 were evicted before this reader came back.
    got = store.since(resume, 100, &resume, &skipped);
    QCOMPARE(skipped, uint64_t(3));
    QCOMPARE(got.size(), size_t(4));
    QCOMPARE(got.front()->traceId[15], uint8_t(6));
    QCOMPARE(resume, uint64_t(10));
    QVERIFY(store.since(resume, 100, &resume).empty());
  }

  void waitForWakesOnAdd() {
    TraceStore store;
    QVERIFY(!store.waitFor(1, std::chrono::milliseconds(20)));
    std::thread t([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(30));
      store.add(makeTrace("r", 1));
    });
    QVERIFY(store.waitFor(1, std::chrono::milliseconds(5000)));
    t.join();
  }
};

QTEST_GUILESS_MAIN(TestTraceStore)
#include "tst_trace_store.moc"
