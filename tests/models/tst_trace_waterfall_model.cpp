#include <QAbstractItemModelTester>
#include <QTest>

#include "models/traces/trace_waterfall_model.h"
#include "tests/models/trace_factory.h"

using namespace routedeck::models;
using namespace routedeck::tests;

namespace {

using Spans = std::vector<trace::Span>;

// A delayed, retried request with a mirror, spans in the order the core
// records them (a mirror may start before the delay ends, so not in tree order).
Spans retriedWithFault() {
  return {span(1, 0, "gateway", 0, 40),
          span(6, 1, "mirror 127.0.0.1:9", 0.5, 3),
          span(2, 1, "fault delay", 0.2, 10.2),
          span(3, 1, "attempt 1 demo/shop-v2", 10.5, 20, trace::SpanStatus::Error),
          span(4, 1, "retry backoff", 20, 25),
          span(5, 1, "attempt 2 demo/shop-v1", 25, 39.5, trace::SpanStatus::Ok)};
}

}  // namespace

class TestTraceWaterfallModel : public QObject {
  Q_OBJECT
 private slots:
  void treeOrder_data() {
    QTest::addColumn<Spans>("spans");
    QTest::addColumn<QStringList>("names");
    QTest::addColumn<QList<int>>("depths");
    QTest::newRow("empty") << Spans{} << QStringList{} << QList<int>{};
    QTest::newRow("retried with fault")
        << retriedWithFault()
        << QStringList{"gateway", "fault delay", "mirror 127.0.0.1:9", "attempt 1 demo/shop-v2", "retry backoff",
                       "attempt 2 demo/shop-v1"}
        << QList<int>{0, 1, 1, 1, 1, 1};
    QTest::newRow("nested and orphan")
        << Spans{span(1, 0, "gateway", 0, 10), span(3, 2, "grandchild", 2, 3), span(2, 1, "child", 1, 5),
                 span(7, 42, "orphan", 4, 6), span(4, 1, "early child", 0.5, 1)}
        << QStringList{"gateway", "early child", "child", "grandchild", "orphan"} << QList<int>{0, 1, 1, 2, 0};
    QTest::newRow("parent cycle")
        << Spans{span(1, 0, "gateway", 0, 10), span(2, 3, "a", 1, 2), span(3, 2, "b", 2, 3)}
        << QStringList{"gateway", "a", "b"} << QList<int>{0, 0, 1};
  }
  void treeOrder() {
    QFETCH(Spans, spans);
    QFETCH(QStringList, names);
    QFETCH(QList<int>, depths);
    auto t = makeTrace(1, 200, 10);
    t->spans = spans;
    TraceWaterfallModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    m.setTrace(t);
    QCOMPARE(m.rowCount(), names.size());
    for (int i = 0; i < names.size(); ++i) {
      QCOMPARE(m.index(i, TraceWaterfallModel::SpanColumn).data().toString(), names[i]);
      QCOMPARE(m.index(i, 0).data(TraceWaterfallModel::DepthRole).toInt(), depths[i]);
    }
  }

  void offsetsRelativeToTheGateway() {
    auto t = makeTrace(1, 200, 40);
    t->spans = retriedWithFault();
    TraceWaterfallModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    m.setTrace(t);
    QCOMPARE(m.totalMs(), 40.0);
    const int delay = m.rowOfName(QStringLiteral("fault delay"));
    const int attempt = m.rowOfName(QStringLiteral("attempt 1 demo/shop-v2"));
    QVERIFY(delay >= 0 && delay < attempt);
    QCOMPARE(m.index(0, 0).data(TraceWaterfallModel::OffsetMsRole).toDouble(), 0.0);
    QVERIFY(qAbs(m.index(delay, 0).data(TraceWaterfallModel::OffsetMsRole).toDouble() - 0.2) < 1e-6);
    QVERIFY(qAbs(m.index(delay, 0).data(TraceWaterfallModel::DurationMsRole).toDouble() - 10.0) < 1e-6);
    QVERIFY(m.index(attempt, 0).data(TraceWaterfallModel::ErrorRole).toBool());
    QVERIFY(!m.index(delay, 0).data(TraceWaterfallModel::ErrorRole).toBool());
    QCOMPARE(m.index(attempt, TraceWaterfallModel::KindColumn).data().toString(), QStringLiteral("client"));
    QCOMPARE(m.index(0, TraceWaterfallModel::KindColumn).data().toString(), QStringLiteral("server"));
    m.setTrace(nullptr);
    QCOMPARE(m.rowCount(), 0);
  }

  void detailsListAttributesAndEvents() {
    auto t = makeTrace(1, 200, 10);
    auto& g = t->spans[0];
    g.attributes.push_back({"routedeck.match", std::string("PathPrefix /api")});
    g.attributes.push_back({"routedeck.weight_pick", int64_t{2}});
    g.attributes.push_back({"routedeck.sampled", true});
    auto& a = t->spans[1];
    a.events.push_back({a.startUnixNanos + 500'000, "connected", {}});
    a.events.push_back({a.startUnixNanos + 2'000'000, "response head", {{"http.response.status_code", int64_t{200}}}});
    TraceWaterfallModel m;
    m.setTrace(t);
    const QString gw = m.details(0);
    QVERIFY2(gw.contains(QStringLiteral("routedeck.match = PathPrefix /api")), qPrintable(gw));
    QVERIFY(gw.contains(QStringLiteral("routedeck.weight_pick = 2")));
    QVERIFY(gw.contains(QStringLiteral("routedeck.sampled = true")));
    QVERIFY(!gw.contains(QStringLiteral("Events")));
    const QString at = m.index(1, 0).data(TraceWaterfallModel::DetailsRole).toString();
    QVERIFY2(at.contains(QStringLiteral("+0.50 ms  connected")), qPrintable(at));
    QVERIFY2(at.contains(QStringLiteral("+2.00 ms  response head  http.response.status_code=200")), qPrintable(at));
    QCOMPARE(m.details(5), QString());
  }
};

QTEST_GUILESS_MAIN(TestTraceWaterfallModel)
#include "tst_trace_waterfall_model.moc"
