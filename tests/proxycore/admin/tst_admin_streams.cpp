// The admin API's streams against a live `routedeckd serve --admin`: stats
// snapshots whose counters move with traffic (histograms included), the
// access log delivering the requests sent, and the traces of sampled requests.
#include <QTest>

#include "tests/proxycore/admin/admin_env.h"
#include "tests/proxycore/proxy/live_http.h"

using namespace routedeck::tests;

namespace {

const pb::RuleStats* ruleOf(const pb::StatsSnapshot& s, const std::string& id) {
  for (const auto& r : s.rules()) {
    if (r.key().id() == id) return &r;
  }
  return nullptr;
}

uint64_t bucketSum(const pb::Histogram& h) {
  uint64_t n = 0;
  for (uint64_t c : h.counts()) n += c;
  return n;
}

}  // namespace

class TestAdminStreams : public QObject {
  Q_OBJECT

  AdminEnv m_admin;
  std::unique_ptr<pb::Admin::Stub> m_stub;

 private slots:
  void initTestCase() {
    QVERIFY2(m_admin.start({QStringLiteral("--stats-interval"), QStringLiteral("50ms"),
                            QStringLiteral("--trace-sampling"), QStringLiteral("100")}),
             "routedeckd serve --admin did not start");
    m_stub = m_admin.stub();
  }

  void watchStatsCountersMoveWithTraffic() {
    auto ctx = callContext({}, 15000);
    pb::WatchStatsRequest req;
    req.set_include_recent(true);
    auto reader = m_stub->WatchStats(ctx.get(), req);
    pb::StatsSnapshot first;
    QVERIFY(reader->Read(&first));
    const pb::RuleStats* before = ruleOf(first, kPlainRule);
    const uint64_t base = before ? before->counters().requests() : 0;

    HttpClient c(m_admin.env().proxyPort());
    for (int i = 0; i < 12; ++i) {
      QCOMPARE(c.get("/plain/" + std::to_string(i), kHost).status, 200);
    }
    pb::StatsSnapshot snap;
    uint64_t lastSequence = first.sequence();
    bool seen = false;
    for (int reads = 0; reads < 400 && !seen; ++reads) {
      QVERIFY(reader->Read(&snap));
      QVERIFY(snap.sequence() > lastSequence);  // newest only, in order
      lastSequence = snap.sequence();
      const pb::RuleStats* r = ruleOf(snap, kPlainRule);
      seen = r && r->counters().requests() >= base + 12 && r->counters().active() == 0;
    }
    QVERIFY(seen);
    const pb::RuleStats* r = ruleOf(snap, kPlainRule);
    QCOMPARE(r->counters().requests(), base + 12);
    QCOMPARE(r->counters().responses_2xx(), base + 12);
    QCOMPARE(r->by_status().at(200), base + 12);
    QCOMPARE(r->key().kind(), std::string("HTTPRoute"));
    QCOMPARE(r->key().namespace_(), std::string("test"));
    QCOMPARE(r->key().rule(), 1);
    // Histograms travel as bucket counts a client can take quantiles from.
    QCOMPARE(r->total_latency().count(), base + 12);
    QCOMPARE(bucketSum(r->total_latency()), base + 12);
    QCOMPARE(r->total_latency().sub_bucket_bits(), 7);
    QVERIFY(r->total_latency().sum_seconds() > 0);
    QCOMPARE(r->backends_size(), 1);
    QVERIFY(QString::fromStdString(r->backends(0).service()).contains(QStringLiteral("svc-a")));
    QCOMPARE(r->backends(0).counters().requests(), base + 12);
    QCOMPARE(bucketSum(r->backends(0).upstream_latency()), base + 12);
    QCOMPARE(snap.listeners_size(), 1);
    QVERIFY(snap.listeners(0).counters().requests() >= base + 12);
    QVERIFY(snap.config_version() >= 1);
    QVERIFY(snap.recent_size() > 0);
    QCOMPARE(snap.recent(snap.recent_size() - 1).rule(), std::string(kPlainRule));
    ctx->TryCancel();
    reader->Finish();
  }

  void watchAccessLogDeliversRequests() {
    auto ctx = callContext({}, 15000);
    pb::WatchAccessLogRequest req;
    // The backlog covers requests that finish before the server-side
    // handler takes its cursor.
    req.set_backlog(64);
    auto reader = m_stub->WatchAccessLog(ctx.get(), req);
    HttpClient c(m_admin.env().proxyPort());
    QSet<QString> wanted;
    for (int i = 0; i < 5; ++i) {
      const std::string path = "/plain/logged-" + std::to_string(i);
      QCOMPARE(c.get(path, kHost, {{"user-agent", "admin-test"}}).status, 200);
      wanted << QString::fromStdString(path);
    }
    pb::AccessRecord rec;
    uint64_t lastSequence = 0;
    while (!wanted.isEmpty() && reader->Read(&rec)) {
      QVERIFY(rec.sequence() > lastSequence);
      lastSequence = rec.sequence();
      if (!wanted.remove(QString::fromStdString(rec.path()))) continue;
      QCOMPARE(rec.status(), 200);
      QCOMPARE(rec.method(), std::string("GET"));
      QCOMPARE(rec.authority(), std::string(kHost));
      QCOMPARE(rec.rule_id(), std::string(kPlainRule));
      QCOMPARE(rec.route_name(), std::string("shop"));
      QCOMPARE(rec.user_agent(), std::string("admin-test"));
      QVERIFY(rec.backend().find("svc-a") != std::string::npos);
      QVERIFY(!rec.request_id().empty());
      QVERIFY(rec.total_seconds() > 0);
    }
    QVERIFY2(wanted.isEmpty(), qPrintable(QStringList(wanted.values()).join(QLatin1Char(' '))));
    ctx->TryCancel();
    reader->Finish();
  }

  void watchTracesAndGetTraceOfARequest() {
    auto ctx = callContext({}, 15000);
    pb::WatchTracesRequest req;
    req.set_rule(kPlainRule);
    req.set_backlog(16);
    auto reader = m_stub->WatchTraces(ctx.get(), req);
    const std::string traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    const std::string callerSpan = "00f067aa0ba902b7";
    HttpClient c(m_admin.env().proxyPort());
    QCOMPARE(c.get("/plain/traced", kHost, {{"traceparent", "00-" + traceId + "-" + callerSpan + "-01"}})
                 .status,
             200);
    QCOMPARE(c.get("/split/other-rule", kHost).status, 200);
    pb::Trace t;
    bool found = false;
    while (!found && reader->Read(&t)) {
      QCOMPARE(t.rule(), std::string(kPlainRule));  // the filter holds
      found = t.trace_id() == traceId;
    }
    QVERIFY(found);
    QCOMPARE(t.status(), 200);
    QVERIFY(t.spans_size() >= 2);
    // The gateway span continues the caller's span; attempts hang below it.
    QCOMPARE(t.spans(0).parent_span_id(), callerSpan);
    QCOMPARE(t.spans(1).parent_span_id(), t.spans(0).span_id());
    ctx->TryCancel();
    reader->Finish();

    pb::GetTraceRequest get;
    get.set_trace_id(traceId);
    pb::Trace again;
    auto s = m_stub->GetTrace(callContext().get(), get, &again);
    QVERIFY2(s.ok(), s.error_message().c_str());
    QCOMPARE(again.spans_size(), t.spans_size());
    QCOMPARE(again.request_id(), t.request_id());
  }

  void getTraceUnknownAndMalformed() {
    pb::GetTraceRequest req;
    req.set_trace_id("0123456789abcdef0123456789abcdef");
    pb::Trace resp;
    auto s = m_stub->GetTrace(callContext().get(), req, &resp);
    QCOMPARE(s.error_code(), grpc::StatusCode::NOT_FOUND);
    req.set_trace_id("xyz");
    s = m_stub->GetTrace(callContext().get(), req, &resp);
    QCOMPARE(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    QVERIFY(QString::fromStdString(s.error_message()).contains(QStringLiteral("32 hex digits")));
  }
};

QTEST_GUILESS_MAIN(TestAdminStreams)
#include "tst_admin_streams.moc"
