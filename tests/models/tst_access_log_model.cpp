#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include "models/accesslog/access_log_filter.h"
#include "models/accesslog/access_log_model.h"
#include "models/engine/snapshot_source.h"

using namespace routedeck::models;
namespace stats = routedeck::core::stats;

namespace {

stats::AccessRecord record(int n, int status = 200, const std::string& flags = {}, const std::string& path = "/api/x") {
  stats::AccessRecord r;
  r.requestId = "req-" + std::to_string(n);
  r.method = "GET";
  r.authority = "shop.example.com:8080";
  r.path = path;
  r.status = status;
  r.flags = flags;
  if (flags != "NR") {
    r.routeKind = "HTTPRoute";
    r.routeNamespace = "demo";
    r.routeName = status >= 500 ? "shop" : "ratings";
    r.rule = status >= 500 ? 1 : 0;
  }
  return r;
}

AccessBatchConstPtr batch(int from, int count) {
  auto v = std::make_shared<std::vector<stats::AccessRecord>>();
  for (int i = from; i < from + count; ++i) {
    v->push_back(record(i));
  }
  return v;
}

QStringList ids(const std::vector<stats::AccessRecord>& v) {
  QStringList out;
  for (const auto& r : v) {
    out << QString::fromStdString(r.requestId);
  }
  return out;
}

}  // namespace

class TstAccessLogModel : public QObject {
  Q_OBJECT
 private slots:
  void batchesInsertWithoutReset() {
    AccessLogModel model(nullptr, 100);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.append(batch(0, 30));
    model.append(batch(30, 30));
    QCOMPARE(model.rowCount(), 60);
    QCOMPARE(inserted.count(), 2);  // one signal per batch, not per row
    QCOMPARE(reset.count(), 0);
    QCOMPARE(model.index(59, AccessLogModel::RequestIdColumn).data().toString(), QStringLiteral("req-59"));
    QCOMPARE(model.index(0, AccessLogModel::RuleColumn).data().toString(), QStringLiteral("HTTPRoute/demo/ratings#0"));
    QCOMPARE(model.knownRules(), QStringList{QStringLiteral("HTTPRoute/demo/ratings#0")});
  }

  void ringDropsTheOldest_data() {
    QTest::addColumn<int>("capacity");
    QTest::addColumn<QList<int>>("batches");
    QTest::addColumn<QString>("first");
    QTest::addColumn<int>("rows");
    QTest::newRow("fits") << 100 << QList<int>{40, 60} << "req-0" << 100;
    QTest::newRow("overflow by one batch") << 100 << QList<int>{80, 50} << "req-30" << 100;
    QTest::newRow("batch larger than the ring") << 10 << QList<int>{5, 25} << "req-20" << 10;
  }
  void ringDropsTheOldest() {
    QFETCH(int, capacity);
    QFETCH(QList<int>, batches);
    QFETCH(QString, first);
    QFETCH(int, rows);
    AccessLogModel model(nullptr, capacity);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    int next = 0;
    for (int n : batches) {
      model.append(batch(next, n));
      next += n;
    }
    QCOMPARE(model.rowCount(), rows);
    QCOMPARE(model.index(0, AccessLogModel::RequestIdColumn).data().toString(), first);
    QCOMPARE(model.index(rows - 1, AccessLogModel::RequestIdColumn).data().toString(), QStringLiteral("req-%1").arg(next - 1));
  }

  void pauseHoldsRecordsBack() {
    AccessLogModel model(nullptr, 100);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.append(batch(0, 10));
    model.setPaused(true);
    model.append(batch(10, 10));
    QCOMPARE(model.rowCount(), 10);
    QCOMPARE(model.heldBack(), 10);
    model.setPaused(false);
    QCOMPARE(model.rowCount(), 20);
    QCOMPARE(model.heldBack(), 0);
    QCOMPARE(model.totalSeen(), quint64{20});
  }

  void noRouteRowsExplain() {
    AccessLogModel model;
    auto v = std::make_shared<std::vector<stats::AccessRecord>>();
    v->push_back(record(0));
    v->push_back(record(1, 404, "NR", "/ratingz/7?x=1"));
    model.append(v);
    QVERIFY(!model.hasNoRouteFlag(0));
    QVERIFY(model.hasNoRouteFlag(1));
    QCOMPARE(model.requestLine(1), QStringLiteral("GET http://shop.example.com/ratingz/7?x=1"));
  }

  void filters_data() {
    QTest::addColumn<int>("statusClass");
    QTest::addColumn<QString>("rule");
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("rows");
    QTest::newRow("everything") << 0 << QString() << QString() << 4;
    QTest::newRow("5xx") << 5 << QString() << QString() << 1;
    QTest::newRow("4xx") << 4 << QString() << QString() << 1;
    QTest::newRow("rule") << 0 << QStringLiteral("HTTPRoute/demo/ratings#0") << QString() << 2;
    QTest::newRow("text: flag") << 0 << QString() << QStringLiteral("nr") << 1;
    QTest::newRow("text: path") << 0 << QString() << QStringLiteral("/checkout") << 1;
    QTest::newRow("text: request id") << 0 << QString() << QStringLiteral("req-2") << 1;
    QTest::newRow("2xx and text") << 2 << QString() << QStringLiteral("checkout") << 1;
    QTest::newRow("nothing") << 3 << QString() << QString() << 0;
  }
  void filters() {
    QFETCH(int, statusClass);
    QFETCH(QString, rule);
    QFETCH(QString, text);
    QFETCH(int, rows);
    AccessLogModel model;
    AccessLogFilter filter;
    filter.setSourceModel(&model);
    QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
    auto v = std::make_shared<std::vector<stats::AccessRecord>>();
    v->push_back(record(0));
    v->push_back(record(1, 404, "NR", "/ratingz/7"));
    v->push_back(record(2, 200, "", "/checkout"));
    v->push_back(record(3, 503, "UF"));
    filter.setStatusClass(statusClass);
    filter.setRule(rule);
    filter.setText(text);
    model.append(v);  // rows arriving after the filter is set are filtered too
    QCOMPARE(filter.rowCount(), rows);
  }

  // The 100k rows: the default ring fills to its capacity and then
  // drops the oldest; the newest rows are all there and a filter proxy set
  // beforehand still counts exactly. No timing asserts; no model tester
  // (it would re-check every row on every batch).
  void hundredThousandRows() {
    AccessLogModel model;
    QCOMPARE(model.capacity(), 100000);
    AccessLogFilter errors;
    errors.setSourceModel(&model);
    errors.setStatusClass(5);
    AccessLogFilter byText;
    byText.setSourceModel(&model);
    byText.setText(QStringLiteral("req-124999"));
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    // Every tenth request fails on the canary rule, the rest succeed.
    auto mixed = [](int from, int count) {
      auto v = std::make_shared<std::vector<stats::AccessRecord>>();
      v->reserve(static_cast<size_t>(count));
      for (int i = from; i < from + count; ++i) {
        v->push_back(record(i, i % 10 == 0 ? 503 : 200));
      }
      return AccessBatchConstPtr(v);
    };
    int next = 0;
    for (; next < 100000; next += 500) {
      model.append(mixed(next, 500));
    }
    QCOMPARE(model.rowCount(), 100000);
    QCOMPARE(model.index(0, AccessLogModel::RequestIdColumn).data().toString(), QStringLiteral("req-0"));
    QCOMPARE(model.index(99999, AccessLogModel::RequestIdColumn).data().toString(), QStringLiteral("req-99999"));
    QCOMPARE(errors.rowCount(), 10000);
    QCOMPARE(byText.rowCount(), 0);

    // 25,000 more: the ring stays at 100k and the oldest 25,000 go.
    for (; next < 125000; next += 1000) {
      model.append(mixed(next, 1000));
    }
    QCOMPARE(model.rowCount(), 100000);
    QCOMPARE(model.totalSeen(), quint64{125000});
    QCOMPARE(model.index(0, AccessLogModel::RequestIdColumn).data().toString(), QStringLiteral("req-25000"));
    for (int row : {0, 1, 50000, 99998, 99999}) {
      QCOMPARE(model.index(row, AccessLogModel::RequestIdColumn).data().toString(),
               QStringLiteral("req-%1").arg(25000 + row));
    }
    QCOMPARE(errors.rowCount(), 10000);
    QCOMPARE(errors.index(0, AccessLogModel::RequestIdColumn).data().toString(), QStringLiteral("req-25000"));
    QCOMPARE(errors.index(9999, AccessLogModel::RequestIdColumn).data().toString(), QStringLiteral("req-124990"));
    QCOMPARE(errors.index(9999, AccessLogModel::StatusColumn).data().toString(), QStringLiteral("503"));
    QCOMPARE(byText.rowCount(), 1);
    // A filter changed after the fact sees only what the ring still holds.
    byText.setText(QStringLiteral("req-24999"));
    QCOMPARE(byText.rowCount(), 0);
    byText.setText(QStringLiteral("req-25000"));
    QCOMPARE(byText.rowCount(), 1);
    errors.setRule(QStringLiteral("HTTPRoute/demo/ratings#0"));  // 5xx rows are all on shop#1
    QCOMPARE(errors.rowCount(), 0);
    errors.setRule(QStringLiteral("HTTPRoute/demo/shop#1"));
    QCOMPARE(errors.rowCount(), 10000);
    QCOMPARE(reset.count(), 0);  // grown and trimmed in place
  }

  void newRecordsSkipWhatWasSeen_data() {
    QTest::addColumn<QString>("previous");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("first poll") << QString() << QStringList{"req-0", "req-1", "req-2", "req-3"};
    QTest::newRow("two new") << "req-1" << QStringList{"req-2", "req-3"};
    QTest::newRow("none new") << "req-3" << QStringList{};
    QTest::newRow("evicted: all are new") << "req-x" << QStringList{"req-0", "req-1", "req-2", "req-3"};
  }
  void newRecordsSkipWhatWasSeen() {
    QFETCH(QString, previous);
    QFETCH(QStringList, expected);
    std::vector<stats::AccessRecord> latest;
    for (int i = 0; i < 4; ++i) {
      latest.push_back(record(i));
    }
    QCOMPARE(ids(newAccessRecords(std::move(latest), previous.toStdString())), expected);
  }
};

QTEST_GUILESS_MAIN(TstAccessLogModel)
#include "tst_access_log_model.moc"
