// Admin API authentication: a non-loopback bind without credentials refuses
// to start; with a token file, calls without or with a wrong bearer token
// get UNAUTHENTICATED and the right token works. The token never appears in
// the daemon's output.
#include <QProcess>
#include <QTest>

#include "tests/proxycore/admin/admin_env.h"
#include "tests/support/test_support.h"

using namespace routedeck::tests;

namespace {

const std::string kToken = "s3cr3t-admin-token-0123456789";

}  // namespace

class TestAdminAuth : public QObject {
  Q_OBJECT

 private slots:
  void nonLoopbackWithoutCredentialsRefusesToStart_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::newRow("any address") << QStringList{QStringLiteral("--admin"),
                                                QStringLiteral("0.0.0.0:0")}
                                 << QStringLiteral("needs --admin-token-file or mTLS");
    QTest::newRow("v6 any") << QStringList{QStringLiteral("--admin"), QStringLiteral("[::]:0")}
                            << QStringLiteral("is not a loopback address");
    QTest::newRow("partial mTLS")
        << QStringList{QStringLiteral("--admin"), QStringLiteral("0.0.0.0:0"),
                       QStringLiteral("--admin-tls-cert"), QStringLiteral("/nonexistent.pem")}
        << QStringLiteral(
               "needs all of --admin-tls-cert, --admin-tls-key and --admin-tls-client-ca");
    QTest::newRow("token without admin")
        << QStringList{QStringLiteral("--admin-token-file"), QStringLiteral("/nonexistent")}
        << QStringLiteral("--admin-token-file needs --admin");
    QTest::newRow("bad address") << QStringList{QStringLiteral("--admin"),
                                                QStringLiteral("localhost")}
                                 << QStringLiteral("expected HOST:PORT");
  }

  void nonLoopbackWithoutCredentialsRefusesToStart() {
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    ProxyEnv env;
    const QString ws =
        env.write(QStringLiteral("workspace.yaml"),
                  workspaceYaml(QStringLiteral("test/edge"), QStringLiteral("http"),
                                env.proxyPort(), {QStringLiteral("routes.yaml")}, {}));
    env.write(QStringLiteral("routes.yaml"), gatewayApiBase());
    QProcess p;
    p.start(binDir() + QStringLiteral("/routedeckd"),
            QStringList{QStringLiteral("serve")} + args + QStringList{ws});
    QVERIFY(p.waitForFinished(10000));
    QCOMPARE(p.exitCode(), 2);  // usage error, before anything listens
    const QString err = QString::fromUtf8(p.readAllStandardError());
    QVERIFY2(err.contains(message), qPrintable(err));
    QVERIFY(!QString::fromUtf8(p.readAllStandardOutput()).contains(QStringLiteral("listening")));
  }

  void tokenIsRequired() {
    AdminEnv admin;
    const QString tokenFile = admin.env().write(
        QStringLiteral("admin.token"), QString::fromStdString(kToken) + QStringLiteral("\n"));
    QVERIFY(admin.start({QStringLiteral("--admin-token-file"), tokenFile}));
    auto stub = admin.stub();
    pb::GetConfigResponse resp;

    auto s = stub->GetConfig(callContext().get(), {}, &resp);
    QCOMPARE(s.error_code(), grpc::StatusCode::UNAUTHENTICATED);
    QVERIFY2(
        QString::fromStdString(s.error_message()).contains(QStringLiteral("authorization: Bearer")),
        s.error_message().c_str());

    s = stub->GetConfig(callContext("wrong-token").get(), {}, &resp);
    QCOMPARE(s.error_code(), grpc::StatusCode::UNAUTHENTICATED);
    s = stub->GetConfig(callContext(kToken + "x").get(), {}, &resp);
    QCOMPARE(s.error_code(), grpc::StatusCode::UNAUTHENTICATED);
    QVERIFY(s.error_message().find(kToken) == std::string::npos);

    s = stub->GetConfig(callContext(kToken).get(), {}, &resp);
    QVERIFY2(s.ok(), s.error_message().c_str());
    QVERIFY(resp.version() >= 1);

    // Edits and streams are guarded too.
    pb::SetWeightsRequest w;
    w.set_rule(kSplitRule);
    w.add_weights(0);
    w.add_weights(1);
    pb::SetWeightsResponse wr;
    QCOMPARE(stub->SetWeights(callContext().get(), w, &wr).error_code(),
             grpc::StatusCode::UNAUTHENTICATED);
    auto ctx = callContext();
    auto reader = stub->WatchStats(ctx.get(), {});
    pb::StatsSnapshot snap;
    QVERIFY(!reader->Read(&snap));
    QCOMPARE(reader->Finish().error_code(), grpc::StatusCode::UNAUTHENTICATED);
    auto ok = callContext(kToken);
    auto authed = stub->WatchStats(ok.get(), {});
    QVERIFY(authed->Read(&snap));
    ok->TryCancel();
    authed->Finish();

    const QString out = admin.env().serve()->out() + admin.env().serve()->err();
    QVERIFY(!out.contains(QString::fromStdString(kToken)));
  }
};

QTEST_GUILESS_MAIN(TestAdminAuth)
#include "tst_admin_auth.moc"
