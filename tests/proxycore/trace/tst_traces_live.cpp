// Spans of sampled requests through an in-process ProxyService to real echo
// backends: the gateway span with the route decision, fault spans, one
// client span per upstream attempt with backoffs between retries, mirrors;
// parent links as the backends saw them (traceparent); per-route sampling;
// and the OTLP/HTTP JSON export to a loopback receiver.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <chrono>
#include <functional>
#include <thread>

#include "proxycore/proxy/proxy_service.h"
#include "proxycore/workspace/workspace.h"
#include "tests/proxycore/proxy/live_http.h"
#include "tests/proxycore/proxy/proxy_env.h"
#include "tests/support/test_support.h"

using namespace routedeck::tests;
using namespace routedeck::core;

namespace {

const char* kRules = R"(  - match: [{uri: {prefix: /retry}}]
    retries: {attempts: 3, retryOn: 5xx}
    route: [{destination: {host: svc-a, port: {number: 8080}}}]
  - match: [{uri: {prefix: /abort}}]
    fault: {abort: {httpStatus: 418, percentage: {value: 100}}}
    route: [{destination: {host: svc-a, port: {number: 8080}}}]
  - match: [{uri: {prefix: /delayed}}]
    fault: {delay: {fixedDelay: 30ms, percentage: {value: 100}}}
    route: [{destination: {host: svc-a, port: {number: 8080}}}]
  - match: [{uri: {prefix: /mirrored}}]
    route: [{destination: {host: svc-a, port: {number: 8080}}}]
    mirror: {host: svc-b, port: {number: 8080}}
    mirrorPercentage: {value: 100}
  - match: [{uri: {prefix: /quiet}}]
    route: [{destination: {host: svc-a, port: {number: 8080}}}]
  - match: [{uri: {prefix: /half}}]
    route: [{destination: {host: svc-a, port: {number: 8080}}}]
)";

// Every rule is traced except /quiet (0 %) and /half (50 %).
const char* kTracing = R"(  tracing:
    samplingPercent: 100
    routes:
    - {route: VirtualService/test/shop#4, samplingPercent: 0}
    - {route: test/shop#5, samplingPercent: 50}
)";

std::shared_ptr<const model::Config> loadConfig(const QString& workspace, QString* errors) {
  Diagnostics diags;
  auto cfg = std::make_shared<model::Config>(workspace::load({workspace.toStdString()}, diags));
  for (const auto& d : diags.items()) *errors += QString::fromStdString(d.format()) + "\n";
  return diags.hasErrors() ? nullptr : cfg;
}

// Bounded wait for the trace with this id to reach the store.
trace::TraceConstSharedPtr waitTrace(proxy::ProxyService& svc, const std::string& id, int timeoutMs = 5000) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
  while (std::chrono::steady_clock::now() < until) {
    if (auto t = svc.traces().find(id)) return t;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return nullptr;
}

std::vector<const trace::Span*> spansNamed(const trace::Trace& t, const std::string& prefix) {
  std::vector<const trace::Span*> out;
  for (const auto& s : t.spans) {
    if (s.name.rfind(prefix, 0) == 0) out.push_back(&s);
  }
  return out;
}

std::string stringAttr(const trace::Span& s, const std::string& key) {
  const trace::Attribute* a = s.attribute(key);
  return a && std::holds_alternative<std::string>(a->value) ? std::get<std::string>(a->value) : std::string();
}

int64_t intAttr(const trace::Span& s, const std::string& key) {
  const trace::Attribute* a = s.attribute(key);
  return a && std::holds_alternative<int64_t>(a->value) ? std::get<int64_t>(a->value) : -1;
}

// The span id in a traceparent the backend received.
std::string parentOf(const QString& traceparent) { return traceparent.mid(36, 16).toStdString(); }

constexpr const char* kCallerTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
constexpr const char* kCallerSpan = "00f067aa0ba902b7";

}  // namespace

class TestTracesLive : public QObject {
  Q_OBJECT

  std::unique_ptr<ProxyEnv> m_env;
  std::unique_ptr<RequestRecorder> m_collector;
  std::unique_ptr<proxy::ProxyService> m_svc;
  int m_callerSeq = 0;

  // A traceparent from a caller that did not decide (flags 00 would be a
  // decision too): the workspace's rates apply. Without one, a new trace.
  HttpResponse get(HttpClient& c, const std::string& target, const HeaderList& h = {}) {
    return c.get(target, "mesh.example.com", h);
  }
  std::string freshTraceId() {
    char buf[33];
    std::snprintf(buf, sizeof buf, "%032x", ++m_callerSeq + 0xabc000);
    return buf;
  }

 private slots:
  void initTestCase() {
    m_env = std::make_unique<ProxyEnv>();
    QCOMPARE(m_env->startEcho({QStringLiteral("svc-a"), QStringLiteral("svc-b")}).size(), size_t(2));
    m_env->write(QStringLiteral("routes.yaml"), istioEdge(QStringLiteral("shop")) + QString::fromUtf8(kRules) + serviceObject(QStringLiteral("svc-a")) +
                                                    serviceObject(QStringLiteral("svc-b")));
    const QString services = serviceEntry(QStringLiteral("svc-a"), 8080, {m_env->echoPort(QStringLiteral("svc-a"))}) +
                             serviceEntry(QStringLiteral("svc-b"), 8080, {m_env->echoPort(QStringLiteral("svc-b"))});
    const QString ws = m_env->write(QStringLiteral("workspace.yaml"),
                                    workspaceYaml(QStringLiteral("test/edge-gw"), QStringLiteral("http"),
                                                  m_env->proxyPort(), {QStringLiteral("routes.yaml")}, services) +
                                        QString::fromUtf8(kTracing));
    QString errors;
    auto cfg = loadConfig(ws, &errors);
    QVERIFY2(cfg, qPrintable(errors));
    m_collector = std::make_unique<RequestRecorder>();
    proxy::ProxyOptions o;
    o.workers = 2;
    o.snapshotInterval = std::chrono::milliseconds(50);
    o.otlpEndpoint = "http://127.0.0.1:" + std::to_string(m_collector->port()) + "/v1/traces";
    o.serviceName = "routedeck-test";
    m_svc = std::make_unique<proxy::ProxyService>(o);
    QVERIFY(m_svc->startTraceExport());
    Diagnostics diags;
    auto applied = m_svc->apply(cfg, diags);
    QVERIFY2(applied, applied ? "" : applied.error().message.c_str());
    m_svc->start();
  }

  void cleanupTestCase() {
    m_svc.reset();
    m_collector.reset();
  }

  void gatewaySpanCarriesTheDecisionAndContinuesTheCallersTrace() {
    HttpClient c(m_env->proxyPort());
    const std::string tp = std::string("00-") + kCallerTrace + "-" + kCallerSpan + "-01";
    auto r = get(c, "/mirrored/x?token=secret-1", {{"traceparent", tp}});
    QCOMPARE(r.status, 200);
    auto t = waitTrace(*m_svc, kCallerTrace);
    QVERIFY(t);
    QCOMPARE(t->rule, std::string("VirtualService/test/shop#3"));
    QCOMPARE(t->status, 200);
    const trace::Span& gw = t->spans.front();
    QCOMPARE(gw.kind, trace::SpanKind::Server);
    QCOMPARE(trace::toHex(gw.parentSpanId), std::string(kCallerSpan));
    QCOMPARE(stringAttr(gw, "routedeck.route"), std::string("VirtualService/test/shop"));
    QCOMPARE(intAttr(gw, "routedeck.rule"), int64_t(3));
    QCOMPARE(stringAttr(gw, "routedeck.match"), std::string("path starts with /mirrored"));
    QVERIFY(stringAttr(gw, "routedeck.weight_pick").find("test/svc-a weight") != std::string::npos);
    QCOMPARE(intAttr(gw, "http.response.status_code"), int64_t(200));
    // The query's secret is redacted before it reaches a span.
    QVERIFY(stringAttr(gw, "url.path").find("secret-1") == std::string::npos);
    QVERIFY(gw.endUnixNanos >= gw.startUnixNanos);

    // One attempt, whose span id is the parent the backend saw.
    auto attempts = spansNamed(*t, "attempt ");
    QCOMPARE(attempts.size(), size_t(1));
    QCOMPARE(attempts[0]->kind, trace::SpanKind::Client);
    QCOMPARE(attempts[0]->parentSpanId, gw.spanId);
    const QString seen = r.echoedHeader(QStringLiteral("Traceparent"));
    QCOMPARE(seen.mid(3, 32).toStdString(), std::string(kCallerTrace));
    QCOMPARE(parentOf(seen), trace::toHex(attempts[0]->spanId));
    QVERIFY(attempts[0]->endUnixNanos >= attempts[0]->startUnixNanos);

    // The mirror: its own client span under the gateway span, ended by its answer.
    auto mirrors = spansNamed(*t, "mirror ");
    QCOMPARE(mirrors.size(), size_t(1));
    QCOMPARE(mirrors[0]->parentSpanId, gw.spanId);
    QCOMPARE(intAttr(*mirrors[0], "http.response.status_code"), int64_t(200));
    QVERIFY(mirrors[0]->spanId != attempts[0]->spanId);
  }

  void retriesGetOneSpanPerAttemptAndBackoffsBetween() {
    HttpClient c(m_env->proxyPort());
    const std::string id = freshTraceId();
    const std::string tp = "00-" + id + "-" + kCallerSpan + "-01";
    auto r = get(c, "/retry?uuid=" + id + "&succeedAfter=2&responseCode=503", {{"traceparent", tp}});
    QCOMPARE(r.status, 200);
    auto t = waitTrace(*m_svc, id);
    QVERIFY(t);
    const trace::Span& gw = t->spans.front();
    auto attempts = spansNamed(*t, "attempt ");
    QCOMPARE(attempts.size(), size_t(3));
    auto backoffs = spansNamed(*t, "retry backoff");
    QCOMPARE(backoffs.size(), size_t(2));
    for (int i = 0; i < 3; ++i) {
      QCOMPARE(attempts[i]->parentSpanId, gw.spanId);
      QCOMPARE(intAttr(*attempts[i], "routedeck.attempt"), int64_t(i + 1));
      QCOMPARE(intAttr(*attempts[i], "http.response.status_code"), int64_t(i < 2 ? 503 : 200));
      QCOMPARE(attempts[i]->status, i < 2 ? trace::SpanStatus::Error : trace::SpanStatus::Unset);
    }
    for (int i = 0; i < 2; ++i) {
      QCOMPARE(backoffs[i]->parentSpanId, gw.spanId);
      QCOMPARE(stringAttr(*backoffs[i], "routedeck.retry.reason"), std::string("status 503"));
      // In time order: attempt i, backoff i, attempt i + 1.
      QVERIFY(backoffs[i]->startUnixNanos >= attempts[i]->endUnixNanos);
      QVERIFY(attempts[i + 1]->startUnixNanos >= backoffs[i]->endUnixNanos);
    }
    QCOMPARE(intAttr(gw, "routedeck.attempts"), int64_t(3));
    // The backend answered the last attempt, so that attempt is its parent.
    QCOMPARE(parentOf(r.echoedHeader(QStringLiteral("Traceparent"))), trace::toHex(attempts[2]->spanId));
  }

  void faultsGetTheirOwnSpans() {
    HttpClient c(m_env->proxyPort());
    QCOMPARE(get(c, "/abort").status, 418);
    QCOMPARE(get(c, "/delayed").status, 200);
    // New traces (no caller context): the newest per rule.
    auto aborts = m_svc->traces().recent("VirtualService/test/shop#1", 1);
    QTRY_VERIFY_WITH_TIMEOUT(!(aborts = m_svc->traces().recent("VirtualService/test/shop#1", 1)).empty(), 5000);
    auto abort = spansNamed(*aborts.back(), "fault abort");
    QCOMPARE(abort.size(), size_t(1));
    QCOMPARE(intAttr(*abort[0], "routedeck.fault.abort_status"), int64_t(418));
    QCOMPARE(abort[0]->status, trace::SpanStatus::Error);
    QVERIFY(spansNamed(*aborts.back(), "attempt ").empty());
    QCOMPARE(aborts.back()->spans.front().parentSpanId, trace::SpanId{});  // a new trace is a root

    std::vector<trace::TraceConstSharedPtr> delays;
    QTRY_VERIFY_WITH_TIMEOUT(!(delays = m_svc->traces().recent("VirtualService/test/shop#2", 1)).empty(), 5000);
    auto delay = spansNamed(*delays.back(), "fault delay");
    QCOMPARE(delay.size(), size_t(1));
    QVERIFY(delay[0]->endUnixNanos - delay[0]->startUnixNanos >= 30'000'000u);
    auto attempt = spansNamed(*delays.back(), "attempt ");
    QCOMPARE(attempt.size(), size_t(1));
    QVERIFY(attempt[0]->startUnixNanos >= delay[0]->endUnixNanos);  // the delay comes first
  }

  void samplingFollowsTheRouteAndTheCaller() {
    HttpClient c(m_env->proxyPort());
    for (int i = 0; i < 20; ++i) QCOMPARE(get(c, "/quiet").status, 200);
    // The caller's decision wins over the route's 0 %.
    const std::string id = freshTraceId();
    QCOMPARE(get(c, "/quiet", {{"traceparent", "00-" + id + "-" + kCallerSpan + "-01"}}).status, 200);
    QVERIFY(waitTrace(*m_svc, id));
    QCOMPARE(m_svc->traces().recent("VirtualService/test/shop#4", 100).size(), size_t(1));
    // ...and an unsampled caller is not traced, even on a 100 % route.
    const std::string unsampled = freshTraceId();
    auto r = get(c, "/mirrored", {{"traceparent", "00-" + unsampled + "-" + kCallerSpan + "-00"}});
    QVERIFY(r.echoedHeader(QStringLiteral("Traceparent")).endsWith(QStringLiteral("-00")));

    // 50 %: of 400 requests, far from none and from all (binomial, p < 1e-9 outside).
    for (int i = 0; i < 400; ++i) QCOMPARE(get(c, "/half").status, 200);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    QVERIFY(!m_svc->traces().find(unsampled));
    const size_t kept = m_svc->traces().recent("VirtualService/test/shop#5", 1000).size();
    QVERIFY2(kept == 64, qPrintable(QString::number(kept)));  // the per-rule ring is full...
    uint64_t before = m_svc->traces().added();
    for (int i = 0; i < 400; ++i) QCOMPARE(get(c, "/half").status, 200);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    const uint64_t sampled = m_svc->traces().added() - before;
    QVERIFY2(sampled > 140 && sampled < 260, qPrintable(QString::number(sampled)));
  }

  void tracingSettingsAreValidated() {
    const QString ws = m_env->write(
        QStringLiteral("bad-tracing.yaml"),
        QStringLiteral("apiVersion: routedeck.dev/v1alpha1\nkind: Workspace\nmetadata: {name: bad}\nspec:\n"
                       "  tracing:\n    samplingPercent: 150\n    routes:\n"
                       "    - {route: shop, samplingPercent: 10}\n    - {route: test/shop}\n    - {route: a/b, samplingPercent: 5, x: 1}\n"));
    Diagnostics diags;
    workspace::load({ws.toStdString()}, diags);
    QString all;
    for (const auto& d : diags.items()) all += QString::fromStdString(d.format()) + "\n";
    QVERIFY2(all.contains(QStringLiteral("bad-tracing.yaml:6:22: error: samplingPercent must be a number in 0..100, got \"150\"")),
             qPrintable(all));
    QVERIFY2(all.contains(QStringLiteral("bad-tracing.yaml:8:15: error: route \"shop\" must be [KIND/]NAMESPACE/NAME[#RULE]")),
             qPrintable(all));
    QVERIFY2(all.contains(QStringLiteral("missing required field \"samplingPercent\" [spec.tracing.routes[1].samplingPercent]")),
             qPrintable(all));
    QVERIFY2(all.contains(QStringLiteral("unknown field \"x\" [spec.tracing.routes[2].x]")), qPrintable(all));
    QCOMPARE(diags.errorCount(), 4);

    // The daemon's flags: a precise refusal, nothing started.
    const QString bin = binDir() + QStringLiteral("/routedeckd");
    auto r = run(bin, {QStringLiteral("serve"), ws, QStringLiteral("--trace-sampling"), QStringLiteral("150")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(QStringLiteral("--trace-sampling \"150\" is not a percentage in 0..100")), qPrintable(r.err));
    r = run(bin, {QStringLiteral("serve"), ws, QStringLiteral("--otlp-endpoint"), QStringLiteral("collector:4318")});
    QVERIFY2(r.err.contains(QStringLiteral("must be an http:// or https:// URL")), qPrintable(r.err));
    QVERIFY(r.exitCode != 0);
  }

  void exportsOtlpJsonWithParentLinks() {
    HttpClient c(m_env->proxyPort());
    const std::string id = freshTraceId();
    const std::string tp = "00-" + id + "-" + kCallerSpan + "-01";
    QCOMPARE(get(c, "/retry?uuid=" + id + "&succeedAfter=1&responseCode=503", {{"traceparent", tp}}).status, 200);
    QVERIFY(waitTrace(*m_svc, id));
    // Find the batch holding this trace (the exporter sends at least every second).
    QJsonArray spans;
    QString serviceName;
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (spans.isEmpty() && std::chrono::steady_clock::now() < until) {
      for (const auto& body : m_collector->bodies()) {
        const QJsonObject rs = QJsonDocument::fromJson(QByteArray::fromStdString(body))
                                   .object()[QStringLiteral("resourceSpans")].toArray()[0].toObject();
        const QJsonArray all = rs[QStringLiteral("scopeSpans")].toArray()[0].toObject()[QStringLiteral("spans")].toArray();
        for (const auto& s : all) {
          if (s.toObject()[QStringLiteral("traceId")].toString().toStdString() == id) {
            spans.append(s);
            serviceName = rs[QStringLiteral("resource")].toObject()[QStringLiteral("attributes")].toArray()[0]
                              .toObject()[QStringLiteral("value")].toObject()[QStringLiteral("stringValue")].toString();
          }
        }
      }
      if (spans.isEmpty()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    QCOMPARE(serviceName, QStringLiteral("routedeck-test"));
    QCOMPARE(spans.size(), 4);  // gateway, attempt 1, backoff, attempt 2
    const auto heads = m_collector->heads();
    QVERIFY(heads.front().rfind("POST /v1/traces HTTP/1.1", 0) == 0);
    QVERIFY(QString::fromStdString(heads.front()).contains(QStringLiteral("application/json"), Qt::CaseInsensitive));
    QString gatewayId;
    for (const auto& v : spans) {
      const QJsonObject s = v.toObject();
      if (s[QStringLiteral("kind")].toInt() == 2) {
        gatewayId = s[QStringLiteral("spanId")].toString();
        QCOMPARE(s[QStringLiteral("parentSpanId")].toString(), QString::fromLatin1(kCallerSpan));
      }
    }
    QCOMPARE(gatewayId.size(), 16);
    int attempts = 0;
    for (const auto& v : spans) {
      const QJsonObject s = v.toObject();
      if (s[QStringLiteral("kind")].toInt() == 2) continue;
      QCOMPARE(s[QStringLiteral("parentSpanId")].toString(), gatewayId);
      // Times are nanosecond strings; start before end.
      QVERIFY(s[QStringLiteral("startTimeUnixNano")].toString().toULongLong() > 0);
      QVERIFY(s[QStringLiteral("startTimeUnixNano")].toString().toULongLong() <=
              s[QStringLiteral("endTimeUnixNano")].toString().toULongLong());
      if (s[QStringLiteral("kind")].toInt() == 3) {
        ++attempts;
        bool sawStatus = false;
        for (const auto& a : s[QStringLiteral("attributes")].toArray()) {
          if (a.toObject()[QStringLiteral("key")].toString() == QStringLiteral("http.response.status_code")) {
            sawStatus = true;
            // int64 values are strings in OTLP JSON.
            QVERIFY(a.toObject()[QStringLiteral("value")].toObject()[QStringLiteral("intValue")].isString());
          }
        }
        QVERIFY(sawStatus);
      }
    }
    QCOMPARE(attempts, 2);
    QVERIFY(m_svc->traceExporter()->counters().exportedSpans >= 4);
    QCOMPARE(m_svc->traceExporter()->lastError(), std::string());
  }
};

QTEST_GUILESS_MAIN(TestTracesLive)
#include "tst_traces_live.moc"
