#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include "models/engine/snapshot_source.h"
#include "models/traces/trace_filter.h"
#include "models/traces/trace_list_model.h"
#include "tests/models/trace_factory.h"

using namespace routedeck::models;
using namespace routedeck::tests;

namespace {

TraceBatchConstPtr batch(uint8_t from, int count, int status = 200, double ms = 5) {
  auto v = std::make_shared<std::vector<TraceConstPtr>>();
  for (int i = 0; i < count; ++i) {
    v->push_back(makeTrace(static_cast<uint8_t>(from + i), status, ms));
  }
  return v;
}

QString idOf(uint8_t n) { return QStringLiteral("%1%2").arg(QString(30, QLatin1Char('0'))).arg(n, 2, 16, QLatin1Char('0')); }

}  // namespace

class TestTraceListModel : public QObject {
  Q_OBJECT
 private slots:
  void newestFirstInBatches() {
    TraceListModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy follow(&m, &TraceListModel::followRequested);
    m.setRule(QStringLiteral("HTTPRoute/demo/shop#1"));
    QCOMPARE(follow.size(), 1);
    QSignalSpy inserted(&m, &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(&m, &QAbstractItemModel::modelReset);
    m.append(m.generation(), batch(1, 3));
    m.append(m.generation(), batch(4, 2));
    QCOMPARE(inserted.size(), 2);
    QCOMPARE(reset.size(), 0);
    QCOMPARE(m.rowCount(), 5);
    QCOMPARE(m.index(0, TraceListModel::TraceIdColumn).data().toString(), idOf(5));
    QCOMPARE(m.index(4, TraceListModel::TraceIdColumn).data().toString(), idOf(1));
    QCOMPARE(inserted.last().at(1).toInt(), 0);
    QCOMPARE(inserted.last().at(2).toInt(), 1);
    QCOMPARE(m.rowOf(idOf(3)), 2);
    QCOMPARE(m.index(0, TraceListModel::AttemptsColumn).data().toInt(), 1);
    QCOMPARE(m.index(0, TraceListModel::SpansColumn).data().toInt(), 2);
  }

  void capacityDropsTheOldest() {
    TraceListModel m(nullptr, 4);
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    m.setRule(QStringLiteral("r"));
    m.append(m.generation(), batch(1, 3));
    m.append(m.generation(), batch(4, 3));
    QCOMPARE(m.rowCount(), 4);
    QCOMPARE(m.index(0, TraceListModel::TraceIdColumn).data().toString(), idOf(6));
    QCOMPARE(m.index(3, TraceListModel::TraceIdColumn).data().toString(), idOf(3));
    m.append(m.generation(), batch(10, 6));
    QCOMPARE(m.rowCount(), 4);
    QCOMPARE(m.index(3, TraceListModel::TraceIdColumn).data().toString(), idOf(12));
  }

  void staleGenerationIsDropped() {
    TraceListModel m;
    m.setRule(QStringLiteral("a"));
    const quint64 first = m.generation();
    m.setRule(QStringLiteral("b"));
    m.append(first, batch(1, 2));
    QCOMPARE(m.rowCount(), 0);
    m.append(m.generation(), batch(1, 2));
    QCOMPARE(m.rowCount(), 2);
    m.setRule(QStringLiteral("b"));  // same rule: kept
    QCOMPARE(m.rowCount(), 2);
    m.setRule(QString());
    QCOMPARE(m.rowCount(), 0);
  }

  void flags_data() {
    QTest::addColumn<QStringList>("spans");
    QTest::addColumn<QString>("flags");
    QTest::addColumn<int>("attempts");
    QTest::newRow("plain") << QStringList{} << QString() << 1;
    QTest::newRow("delay") << QStringList{QStringLiteral("fault delay")} << QStringLiteral("delay") << 1;
    QTest::newRow("abort") << QStringList{QStringLiteral("fault abort")} << QStringLiteral("abort,error") << 1;
    QTest::newRow("retried") << QStringList{QStringLiteral("retry backoff"), QStringLiteral("attempt 2 demo/shop-v2")}
                             << QStringLiteral("retried") << 2;
    QTest::newRow("mirror") << QStringList{QStringLiteral("mirror 127.0.0.1:9")} << QStringLiteral("mirror") << 1;
  }
  void flags() {
    QFETCH(QStringList, spans);
    QFETCH(QString, flags);
    QFETCH(int, attempts);
    auto t = makeTrace(1, 200, 10);
    uint8_t id = 3;
    for (const auto& name : spans) {
      const auto status = name == QStringLiteral("fault abort") ? trace::SpanStatus::Error : trace::SpanStatus::Unset;
      t->spans.push_back(span(id++, 1, name.toStdString(), 1, 2, status));
    }
    TraceListModel m;
    m.setRule(QStringLiteral("r"));
    m.append(m.generation(), std::make_shared<std::vector<TraceConstPtr>>(std::vector<TraceConstPtr>{t}));
    QCOMPARE(m.index(0, TraceListModel::FlagsColumn).data().toString(), flags);
    QCOMPARE(m.index(0, TraceListModel::AttemptsColumn).data().toInt(), attempts);
  }

  void filter_data() {
    QTest::addColumn<int>("statusClass");
    QTest::addColumn<double>("minMs");
    QTest::addColumn<int>("rows");
    QTest::newRow("any") << 0 << 0.0 << 6;
    QTest::newRow("5xx") << 5 << 0.0 << 2;
    QTest::newRow("2xx") << 2 << 0.0 << 4;
    QTest::newRow("slow") << 0 << 100.0 << 3;
    QTest::newRow("slow 5xx") << 5 << 100.0 << 1;
    QTest::newRow("none") << 4 << 0.0 << 0;
  }
  void filter() {
    QFETCH(int, statusClass);
    QFETCH(double, minMs);
    QFETCH(int, rows);
    TraceListModel m;
    m.setRule(QStringLiteral("r"));
    m.append(m.generation(), batch(1, 2, 200, 5));
    m.append(m.generation(), batch(3, 2, 200, 2000));
    m.append(m.generation(), batch(5, 1, 503, 1));
    m.append(m.generation(), batch(6, 1, 503, 150));
    TraceFilter f;
    QAbstractItemModelTester tester(&f, QAbstractItemModelTester::FailureReportingMode::QtTest);
    f.setSourceModel(&m);
    f.setStatusClass(statusClass);
    f.setMinDurationMs(minMs);
    QCOMPARE(f.rowCount(), rows);
  }

  void newTracesByPointer() {
    auto b = batch(1, 4);
    std::vector<TraceConstPtr> all(b->begin(), b->end());
    QCOMPARE(newTraces(std::vector<TraceConstPtr>(all), nullptr).size(), size_t{4});
    auto fresh = newTraces(std::vector<TraceConstPtr>(all), all[1]);
    QCOMPARE(fresh.size(), size_t{2});
    QCOMPARE(fresh.front(), all[2]);
    QCOMPARE(newTraces(std::vector<TraceConstPtr>(all), all[3]).size(), size_t{0});
    QCOMPARE(newTraces(std::vector<TraceConstPtr>(all), makeTrace(99, 200, 1)).size(), size_t{4});  // evicted
  }
};

QTEST_GUILESS_MAIN(TestTraceListModel)
#include "tst_trace_list_model.moc"
