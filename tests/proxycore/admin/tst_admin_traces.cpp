// WatchTraces and GetTrace over loopback gRPC, in process: the traces are
// put into the proxy's TraceStore directly (what the data plane does for a
// sampled request), so the test controls exactly which ones exist.
#include <grpcpp/grpcpp.h>

#include <QTest>

#include "proxycore/admin/admin_server.h"
#include "proxycore/control/live_control.h"
#include "proxycore/proxy/proxy_service.h"
#include "routedeck/admin/v1/admin.grpc.pb.h"

using namespace routedeck::core;
namespace pb = ::routedeck::admin::v1;

namespace {

trace::TraceConstSharedPtr makeTrace(uint8_t seed, const std::string& rule) {
  auto t = std::make_shared<trace::Trace>();
  t->traceId.fill(seed);
  t->rule = rule;
  t->requestId = "req-" + std::to_string(seed);
  t->status = 200;
  t->startUnixNanos = 1000;
  t->durationSeconds = 0.25;
  trace::Span root;
  root.spanId.fill(seed);
  root.name = "gateway";
  root.kind = trace::SpanKind::Server;
  root.attributes = {{"routedeck.rule", rule}, {"http.status_code", int64_t{200}}};
  trace::Span child;
  child.spanId.fill(static_cast<uint8_t>(seed + 1));
  child.parentSpanId = root.spanId;
  child.name = "upstream attempt";
  child.kind = trace::SpanKind::Client;
  child.status = trace::SpanStatus::Ok;
  child.events = {{1500, "first byte", {{"retry", false}}}};
  t->spans = {root, child};
  return t;
}

std::string repeated(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

std::unique_ptr<grpc::ClientContext> context(int ms = 10000) {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(ms));
  return ctx;
}

}  // namespace

class TestAdminTraces : public QObject {
  Q_OBJECT

  std::unique_ptr<proxy::ProxyService> m_proxy;
  std::unique_ptr<control::LiveControl> m_control;
  std::unique_ptr<admin::AdminServer> m_server;
  std::unique_ptr<pb::Admin::Stub> m_stub;

 private slots:
  void initTestCase() {
    proxy::ProxyOptions o;
    o.workers = 1;
    m_proxy = std::make_unique<proxy::ProxyService>(o);
    m_control = std::make_unique<control::LiveControl>(*m_proxy);
    auto started = admin::AdminServer::start("127.0.0.1:0", {}, *m_proxy, *m_control);
    QVERIFY2(started, started ? "" : started.error().message.c_str());
    m_server = std::move(*started);
    QVERIFY(m_server->port() > 0);
    m_stub = pb::Admin::NewStub(grpc::CreateChannel("127.0.0.1:" + std::to_string(m_server->port()),
                                                    grpc::InsecureChannelCredentials()));
  }

  void cleanupTestCase() {
    m_server.reset();
    m_control.reset();
    m_proxy.reset();
  }

  void watchTracesFiltersByRuleAndSendsBacklog() {
    m_proxy->traces().add(makeTrace(0x10, "HTTPRoute/test/shop#0"));
    m_proxy->traces().add(makeTrace(0x20, "HTTPRoute/test/other#0"));
    auto ctx = context();
    pb::WatchTracesRequest req;
    req.set_rule("HTTPRoute/test/shop#0");
    req.set_backlog(10);
    auto reader = m_stub->WatchTraces(ctx.get(), req);
    pb::Trace t;
    QVERIFY(reader->Read(&t));  // the backlog: the rule's one trace
    QCOMPARE(t.trace_id(), repeated("10", 16));
    // New traces arrive as they are added; other rules' are filtered out.
    m_proxy->traces().add(makeTrace(0x30, "HTTPRoute/test/other#0"));
    m_proxy->traces().add(makeTrace(0x40, "HTTPRoute/test/shop#0"));
    QVERIFY(reader->Read(&t));
    QCOMPARE(t.request_id(), std::string("req-64"));
    QCOMPARE(t.rule(), std::string("HTTPRoute/test/shop#0"));
    QCOMPARE(t.spans_size(), 2);
    QVERIFY(t.spans(0).parent_span_id().empty());
    QCOMPARE(t.spans(1).parent_span_id(), t.spans(0).span_id());
    QCOMPARE(t.spans(1).kind(), 3);
    QCOMPARE(t.spans(1).events(0).attributes(0).bool_value(), false);
    QCOMPARE(t.spans(0).attributes(1).int_value(), int64_t{200});
    ctx->TryCancel();
    reader->Finish();
  }

  void getTraceByHexId() {
    m_proxy->traces().add(makeTrace(0xab, "HTTPRoute/test/shop#1"));
    pb::GetTraceRequest req;
    req.set_trace_id(repeated("AB", 16));  // upper case is accepted
    pb::Trace t;
    auto s = m_stub->GetTrace(context().get(), req, &t);
    QVERIFY2(s.ok(), s.error_message().c_str());
    QCOMPARE(t.trace_id(), repeated("ab", 16));
    QCOMPARE(t.status(), 200);
    QCOMPARE(t.duration_seconds(), 0.25);
    QCOMPARE(t.spans(1).parent_span_id(), repeated("ab", 8));

    req.set_trace_id(std::string(32, 'f'));
    s = m_stub->GetTrace(context().get(), req, &t);
    QCOMPARE(s.error_code(), grpc::StatusCode::NOT_FOUND);
  }

  void noConfigYet() {
    pb::GetConfigResponse resp;
    auto s = m_stub->GetConfig(context().get(), {}, &resp);
    QCOMPARE(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
    pb::SetWeightsRequest w;
    w.set_rule("HTTPRoute/test/shop#0");
    w.add_weights(1);
    pb::SetWeightsResponse wr;
    QCOMPARE(m_stub->SetWeights(context().get(), w, &wr).error_code(), grpc::StatusCode::NOT_FOUND);
  }
};

QTEST_GUILESS_MAIN(TestAdminTraces)
#include "tst_admin_traces.moc"
