// The admin API's unary RPCs against a live `routedeckd serve --admin`:
// config apply/export (with every validation error on refusal), explain,
// weight changes that move traffic, and faults that show up in responses
// and revert on their own.
#include <QElapsedTimer>
#include <QTest>

#include "tests/proxycore/admin/admin_env.h"
#include "tests/proxycore/proxy/live_http.h"

using namespace routedeck::tests;

namespace {

pb::SourceFile* addSource(pb::ApplyConfigRequest& req, const QString& name, const QString& yaml) {
  auto* s = req.add_sources();
  s->set_name(name.toStdString());
  s->set_yaml(yaml.toStdString());
  return s;
}

// Sends n requests and counts the answers per echo service (or status).
std::map<QString, int> spread(int port, const std::string& path, int n) {
  HttpClient c(port);
  std::map<QString, int> out;
  for (int i = 0; i < n; ++i) {
    auto r = c.get(path + "/" + std::to_string(i), kHost);
    out[r.status == 200 ? r.service() : QString::number(r.status)] += 1;
  }
  return out;
}

uint64_t runningVersion(pb::Admin::Stub& stub) {
  pb::GetConfigResponse resp;
  auto s = stub.GetConfig(callContext().get(), {}, &resp);
  return s.ok() ? resp.version() : 0;
}

}  // namespace

class TestAdminApi : public QObject {
  Q_OBJECT

  AdminEnv m_admin;
  std::unique_ptr<pb::Admin::Stub> m_stub;

 private slots:
  void initTestCase() {
    QVERIFY2(m_admin.start(), "routedeckd serve --admin did not start");
    m_stub = m_admin.stub();
  }

  void getConfigNativeAndConverted() {
    pb::GetConfigRequest req;
    pb::GetConfigResponse resp;
    auto s = m_stub->GetConfig(callContext().get(), req, &resp);
    QVERIFY2(s.ok(), s.error_message().c_str());
    QVERIFY(resp.version() >= 1);
    QCOMPARE(resp.sources_size(), 2);
    QCOMPARE(resp.sources(0).name(), std::string("routes.yaml"));
    QVERIFY(
        QString::fromStdString(resp.sources(0).yaml()).contains(QStringLiteral("kind: HTTPRoute")));
    QVERIFY(
        QString::fromStdString(resp.sources(1).yaml()).contains(QStringLiteral("kind: Workspace")));
    QCOMPARE(resp.fidelity_size(), 0);

    req.set_dialect(pb::DIALECT_ISTIO);
    pb::GetConfigResponse istio;
    s = m_stub->GetConfig(callContext().get(), req, &istio);
    QVERIFY2(s.ok(), s.error_message().c_str());
    QVERIFY(QString::fromStdString(istio.sources(0).yaml())
                .contains(QStringLiteral("kind: VirtualService")));
  }

  void applyConfigRoundTrip() {
    pb::GetConfigResponse current;
    QVERIFY(m_stub->GetConfig(callContext().get(), {}, &current).ok());
    pb::ApplyConfigRequest req;
    for (const auto& src : current.sources()) {
      *req.add_sources() = src;
    }
    pb::ApplyConfigResponse resp;
    auto s = m_stub->ApplyConfig(callContext().get(), req, &resp);
    QVERIFY2(s.ok(), s.error_message().c_str());
    QCOMPARE(resp.version(), current.version() + 1);
    QCOMPARE(spread(m_admin.env().proxyPort(), "/plain", 3)[QStringLiteral("svc-a")], 3);
  }

  void applyConfigReportsEveryError() {
    const uint64_t before = runningVersion(*m_stub);
    pb::ApplyConfigRequest req;
    addSource(req, QStringLiteral("workspace.yaml"), m_admin.workspaceText());
    // routes.yaml: two errors in different rules; broken.yaml: bad YAML.
    QString routes = shopRoutes();
    routes.replace(QStringLiteral("weight: 100"), QStringLiteral("weight: -5"));
    routes.replace(QStringLiteral("- {name: svc-a, port: 8080}\n"),
                   QStringLiteral("- {name: svc-a, port: 99999}\n"));
    addSource(req, QStringLiteral("routes.yaml"), routes);
    addSource(req, QStringLiteral("broken.yaml"),
              QStringLiteral("kind: HTTPRoute\nspec: [unclosed\n"));
    pb::ApplyConfigResponse resp;
    auto s = m_stub->ApplyConfig(callContext().get(), req, &resp);
    QCOMPARE(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    const QString message = QString::fromStdString(s.error_message());
    QVERIFY2(message.contains(QStringLiteral("the configuration was not applied")),
             qPrintable(message));
    pb::ValidationReport report;
    QVERIFY(report.ParseFromString(s.error_details()));
    QVERIFY2(report.diagnostics_size() >= 3, qPrintable(message));
    QSet<QString> files;
    for (const auto& d : report.diagnostics()) {
      files << QString::fromStdString(d.file());
      QVERIFY(d.line() > 0 && d.column() > 0);
      QCOMPARE(d.severity(), pb::SEVERITY_ERROR);
      // Each one is in the message as FILE:LINE:COL: error: MESSAGE.
      QVERIFY2(message.contains(QString::fromStdString(d.formatted())), qPrintable(message));
      QVERIFY(QString::fromStdString(d.formatted())
                  .startsWith(QStringLiteral("%1:%2:%3: error: ")
                                  .arg(QString::fromStdString(d.file()))
                                  .arg(d.line())
                                  .arg(d.column())));
    }
    QVERIFY(files.contains(QStringLiteral("routes.yaml")));
    QVERIFY(files.contains(QStringLiteral("broken.yaml")));
    QVERIFY2(message.contains(QStringLiteral("broken.yaml:3:1: error: YAML syntax")),
             qPrintable(message));
    QVERIFY2(message.contains(
                 QStringLiteral("routes.yaml:26:27: error: value 99999 is above the maximum 65535 "
                                "[spec.rules[1].backendRefs[0].port]")),
             qPrintable(message));
    // All or nothing: the running config did not change.
    QCOMPARE(runningVersion(*m_stub), before);
    QCOMPARE(spread(m_admin.env().proxyPort(), "/plain", 2)[QStringLiteral("svc-a")], 2);

    pb::ApplyConfigRequest empty;
    s = m_stub->ApplyConfig(callContext().get(), empty, &resp);
    QCOMPARE(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  }

  void explainNamesTheRule() {
    pb::ExplainRequest req;
    req.set_request("GET http://shop.example.com/split/x");
    pb::ExplainResponse resp;
    auto s = m_stub->Explain(callContext().get(), req, &resp);
    QVERIFY2(s.ok(), s.error_message().c_str());
    QCOMPARE(resp.rule(), std::string(kSplitRule));
    QVERIFY(resp.error().empty());
    QVERIFY(QString::fromStdString(resp.decision_json()).contains(QStringLiteral("\"shop\"")));

    req.set_request("GET http://other.example.com/");
    s = m_stub->Explain(callContext().get(), req, &resp);
    QVERIFY(s.ok());
    QVERIFY(resp.rule().empty());

    req.set_request("not a request line");
    s = m_stub->Explain(callContext().get(), req, &resp);
    QCOMPARE(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    QVERIFY(!s.error_message().empty());
  }

  void setWeightsMovesTraffic() {
    const int port = m_admin.env().proxyPort();
    QCOMPARE(spread(port, "/split", 20)[QStringLiteral("svc-a")], 20);
    const uint64_t before = runningVersion(*m_stub);
    pb::SetWeightsRequest req;
    req.set_rule(kSplitRule);
    req.add_weights(0);
    req.add_weights(100);
    pb::SetWeightsResponse resp;
    auto s = m_stub->SetWeights(callContext().get(), req, &resp);
    QVERIFY2(s.ok(), s.error_message().c_str());
    QCOMPARE(resp.version(), before + 1);
    QCOMPARE(spread(port, "/split", 20)[QStringLiteral("svc-b")], 20);
    QCOMPARE(runningVersion(*m_stub), before + 1);

    req.set_weights(0, 100);
    req.set_weights(1, 0);
    QVERIFY(m_stub->SetWeights(callContext().get(), req, &resp).ok());
    QCOMPARE(spread(port, "/split", 10)[QStringLiteral("svc-a")], 10);
  }

  void setWeightsRejectsBadInput_data() {
    QTest::addColumn<QString>("rule");
    QTest::addColumn<QList<int>>("weights");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("message");
    const int notFound = grpc::StatusCode::NOT_FOUND;
    const int invalid = grpc::StatusCode::INVALID_ARGUMENT;
    QTest::newRow("unknown route")
        << "HTTPRoute/test/nope#0" << QList<int>{1, 1} << notFound << "no HTTPRoute test/nope";
    QTest::newRow("unknown index")
        << "HTTPRoute/test/shop#7" << QList<int>{1, 1} << notFound << "has 2 rule(s)";
    QTest::newRow("wrong kind") << "VirtualService/test/shop#0" << QList<int>{1, 1} << notFound
                                << "does not exist";
    QTest::newRow("malformed id") << "shop" << QList<int>{1, 1} << invalid
                                  << "KIND/NAMESPACE/NAME#INDEX";
    QTest::newRow("too few") << kSplitRule << QList<int>{1} << invalid << "has 2 backend(s), got 1";
    QTest::newRow("negative") << kSplitRule << QList<int>{-1, 5} << invalid << "is negative (-1)";
    QTest::newRow("all zero") << kSplitRule << QList<int>{0, 0} << invalid << "is 0";
  }

  void setWeightsRejectsBadInput() {
    QFETCH(QString, rule);
    QFETCH(QList<int>, weights);
    QFETCH(int, code);
    QFETCH(QString, message);
    const uint64_t before = runningVersion(*m_stub);
    pb::SetWeightsRequest req;
    req.set_rule(rule.toStdString());
    for (int w : weights) req.add_weights(w);
    pb::SetWeightsResponse resp;
    auto s = m_stub->SetWeights(callContext().get(), req, &resp);
    QCOMPARE(static_cast<int>(s.error_code()), code);
    QVERIFY2(QString::fromStdString(s.error_message()).contains(message),
             s.error_message().c_str());
    QCOMPARE(runningVersion(*m_stub), before);
  }

  void setFaultAbortsThenReverts() {
    const int port = m_admin.env().proxyPort();
    pb::SetFaultRequest req;
    req.set_rule(kPlainRule);
    req.mutable_abort()->set_http_status(503);
    req.mutable_abort()->set_percent(100);
    req.set_revert_after_ms(1500);
    pb::SetFaultResponse resp;
    QElapsedTimer t;
    t.start();
    auto s = m_stub->SetFault(callContext().get(), req, &resp);
    QVERIFY2(s.ok(), s.error_message().c_str());
    QVERIFY(resp.revert_at_unix_ms() > 0);
    QCOMPARE(spread(port, "/plain", 5)[QStringLiteral("503")], 5);
    // Other rules are untouched.
    QCOMPARE(spread(port, "/split", 3)[QStringLiteral("svc-a")], 3);
    // Reverted by the daemon on its own (bounded wait).
    QTRY_COMPARE_WITH_TIMEOUT(spread(port, "/plain", 1)[QStringLiteral("svc-a")], 1, 8000);
    QVERIFY2(t.elapsed() >= 1400, qPrintable(QString::number(t.elapsed())));
  }

  void faultRevertsOnlyItsOwnFault() {
    const int port = m_admin.env().proxyPort();
    pb::SetFaultRequest req;
    req.set_rule(kPlainRule);
    req.mutable_abort()->set_http_status(503);
    req.mutable_abort()->set_percent(100);
    req.set_revert_after_ms(800);
    pb::SetFaultResponse resp;
    QVERIFY(m_stub->SetFault(callContext().get(), req, &resp).ok());
    // A newer fault on the same rule, with a long deadline, replaces it.
    req.mutable_abort()->set_http_status(502);
    req.set_revert_after_ms(60000);
    QVERIFY(m_stub->SetFault(callContext().get(), req, &resp).ok());
    QTest::qWait(1500);
    QCOMPARE(spread(port, "/plain", 3)[QStringLiteral("502")], 3);
    // ClearFaults stops it now.
    pb::ClearFaultsResponse cleared;
    auto s = m_stub->ClearFaults(callContext().get(), {}, &cleared);
    QVERIFY2(s.ok(), s.error_message().c_str());
    QCOMPARE(cleared.cleared(), 1);
    QCOMPARE(spread(port, "/plain", 3)[QStringLiteral("svc-a")], 3);
  }

  void setFaultDelay() {
    pb::SetFaultRequest req;
    req.set_rule(kPlainRule);
    req.mutable_delay()->set_delay_ms(300);
    req.mutable_delay()->set_percent(100);
    req.set_revert_after_ms(20000);
    pb::SetFaultResponse resp;
    QVERIFY(m_stub->SetFault(callContext().get(), req, &resp).ok());
    HttpClient c(m_admin.env().proxyPort());
    QElapsedTimer t;
    t.start();
    QCOMPARE(c.get("/plain/delayed", kHost).status, 200);
    QVERIFY2(t.elapsed() >= 280, qPrintable(QString::number(t.elapsed())));
    pb::ClearFaultsResponse cleared;
    QVERIFY(m_stub->ClearFaults(callContext().get(), {}, &cleared).ok());
    QCOMPARE(cleared.cleared(), 1);
  }

  void setFaultRejectsBadInput_data() {
    QTest::addColumn<QString>("rule");
    QTest::addColumn<int>("abortStatus");
    QTest::addColumn<int>("revertMs");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("message");
    const int invalid = grpc::StatusCode::INVALID_ARGUMENT;
    QTest::newRow("no deadline") << kPlainRule << 503 << 0 << invalid << "auto-revert deadline";
    QTest::newRow("negative deadline")
        << kPlainRule << 503 << -5 << invalid << "auto-revert deadline";
    QTest::newRow("no delay or abort")
        << kPlainRule << 0 << 1000 << invalid << "needs a delay, an abort";
    QTest::newRow("bad status") << kPlainRule << 99 << 1000 << invalid << "200..599";
    QTest::newRow("unknown rule") << "HTTPRoute/test/ghost#0" << 503 << 1000
                                  << int(grpc::StatusCode::NOT_FOUND) << "does not exist";
  }

  void setFaultRejectsBadInput() {
    QFETCH(QString, rule);
    QFETCH(int, abortStatus);
    QFETCH(int, revertMs);
    QFETCH(int, code);
    QFETCH(QString, message);
    pb::SetFaultRequest req;
    req.set_rule(rule.toStdString());
    if (abortStatus != 0) {
      req.mutable_abort()->set_http_status(abortStatus);
      req.mutable_abort()->set_percent(100);
    }
    req.set_revert_after_ms(revertMs);
    pb::SetFaultResponse resp;
    auto s = m_stub->SetFault(callContext().get(), req, &resp);
    QCOMPARE(static_cast<int>(s.error_code()), code);
    QVERIFY2(QString::fromStdString(s.error_message()).contains(message),
             s.error_message().c_str());
  }
};

QTEST_GUILESS_MAIN(TestAdminApi)
#include "tst_admin_api.moc"
