// routedeckd echo --grpc-listen as a real child process, called with the
// gRPC C++ client over h2c on 127.0.0.1: the conformance GrpcEcho service
// (what the GRPCRoute cases read back) and routedeck.echo.v1.Echo (the
// deadlines, retries and streaming the proxy's gRPC tests rely on).
#include <QElapsedTimer>
#include <QTemporaryFile>
#include <QTest>

#include "tests/support/grpc_echo_client.h"
#include "tests/support/live_process.h"
#include "tests/support/test_support.h"

using namespace routedeck::tests;

namespace {

constexpr const char* kNs = "gateway-conformance-infra";
constexpr const char* kService = "/gateway_api_conformance.echo_basic.grpcecho.GrpcEcho/";

std::string uniqueId(const char* what) {
  static int n = 0;
  return std::string(what) + "-" + std::to_string(QCoreApplication::applicationPid()) + "-" + std::to_string(++n);
}

}  // namespace

class TestGrpcEcho : public QObject {
  Q_OBJECT

  LiveProcess m_echo;
  std::string m_v1;    // 127.0.0.1:PORT of the first gRPC listener
  std::string m_v2;    // ... and of the second
  int m_httpPort = 0;  // the HTTP listener between them

 private slots:
  void initTestCase() {
    // HTTP and gRPC listeners interleaved: identities follow command-line order.
    const QStringList args{
        QStringLiteral("echo"),
        QStringLiteral("--grpc-listen"), QStringLiteral("127.0.0.1:0"),
        QStringLiteral("--name"), QStringLiteral("grpc-infra-backend-v1"),
        QStringLiteral("--pod"), QStringLiteral("grpc-infra-backend-v1-pod-a"),
        QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
        QStringLiteral("--name"), QStringLiteral("infra-backend-v1"),
        QStringLiteral("--pod"), QStringLiteral("infra-backend-v1-pod-h"),
        QStringLiteral("--grpc-listen=127.0.0.1:0"),
        QStringLiteral("--name"), QStringLiteral("grpc-infra-backend-v2"),
        QStringLiteral("--pod"), QStringLiteral("grpc-infra-backend-v2-pod-b"),
        QStringLiteral("--namespace"), QString::fromLatin1(kNs)};
    QVERIFY2(m_echo.start(args, 3), qPrintable(m_echo.error()));
    const QStringList lines = m_echo.listeningLines();
    // "listening ADDR PORT SERVICE [grpc]"
    auto field = [&](int line, int i) { return lines[line].split(QLatin1Char(' ')).value(i); };
    QCOMPARE(field(0, 3), QStringLiteral("grpc-infra-backend-v1"));
    QCOMPARE(field(0, 4), QStringLiteral("grpc"));
    QCOMPARE(field(1, 3), QStringLiteral("infra-backend-v1"));
    QCOMPARE(field(1, 4), QString());
    QCOMPARE(field(2, 3), QStringLiteral("grpc-infra-backend-v2"));
    m_v1 = "127.0.0.1:" + field(0, 2).toStdString();
    m_httpPort = field(1, 2).toInt();
    m_v2 = "127.0.0.1:" + field(2, 2).toStdString();
    QVERIFY(m_httpPort > 0);
  }

  void cleanupTestCase() { m_echo.stop(); }

  void echoReportsTheCall_data() {
    QTest::addColumn<QString>("method");
    QTest::newRow("Echo") << QStringLiteral("Echo");
    QTest::newRow("EchoTwo") << QStringLiteral("EchoTwo");
  }
  void echoReportsTheCall() {
    QFETCH(QString, method);
    GrpcEchoClient client(m_v1, "foo.bar.com");
    auto r = client.echo(method.toStdString(), {{"x-conformance", "abc"}, {"x-two", "1"}, {"x-two", "2"}});
    QVERIFY2(r.status.ok(), (r.status.name + ": " + r.status.message).c_str());
    QCOMPARE(r.method, std::string(kService) + method.toStdString());
    QCOMPARE(r.authority, std::string("foo.bar.com"));
    QCOMPARE(r.pod, std::string("grpc-infra-backend-v1-pod-a"));
    QCOMPARE(r.service, std::string("grpc-infra-backend-v1"));
    QCOMPARE(r.ns, std::string(kNs));
    std::string v;
    QVERIFY(r.header("X-Conformance", &v));
    QCOMPARE(v, std::string("abc"));
    int twos = 0;
    for (const auto& [k, value] : r.headers) twos += k == "x-two";
    QCOMPARE(twos, 2);  // one entry per value, as upstream lists them
  }

  void eachListenerHasItsOwnIdentity() {
    GrpcEchoClient client(m_v2);
    auto r = client.echo("Echo");
    QVERIFY2(r.status.ok(), r.status.message.c_str());
    QCOMPARE(r.pod, std::string("grpc-infra-backend-v2-pod-b"));
    QCOMPARE(r.ns, std::string(kNs));
    // Without an explicit authority gRPC sends the target.
    QCOMPARE(r.authority, m_v2);
  }

  void echoThreeIsUnimplemented() {
    GrpcEchoClient client(m_v1, "foo.bar.com");
    auto r = client.echo("EchoThree");
    QCOMPARE(r.status.name, std::string("UNIMPLEMENTED"));
    QVERIFY(r.pod.empty());
  }

  void httpListenerIsNotGrpc() {
    // The HTTP/1.1 echo between the two gRPC listeners does not speak h2c:
    // the call must fail rather than reach a gRPC service.
    GrpcEchoClient client("127.0.0.1:" + std::to_string(m_httpPort));
    auto r = client.echo("Echo", {}, 2000);
    QVERIFY2(!r.status.ok(), r.status.name.c_str());
  }

  void delayedCallExceedsItsDeadline() {
    GrpcEchoClient client(m_v1);
    QElapsedTimer t;
    t.start();
    auto r = client.say({.message = "slow", .delayMs = 2000}, {}, 200);
    QCOMPARE(r.status.name, std::string("DEADLINE_EXCEEDED"));
    QVERIFY2(t.elapsed() < 1500, qPrintable(QStringLiteral("took %1 ms").arg(t.elapsed())));
    auto quick = client.say({.message = "in time", .delayMs = 50}, {}, 5000);
    QVERIFY2(quick.status.ok(), quick.status.message.c_str());
    QCOMPARE(quick.message, std::string("in time"));
  }

  void streamSendsCountMessages() {
    GrpcEchoClient client(m_v2);
    auto r = client.sayMany("tick", 25, 2);
    QVERIFY2(r.status.ok(), (r.status.name + ": " + r.status.message).c_str());
    QCOMPARE(r.messages.size(), size_t(25));
    for (unsigned i = 0; i < r.messages.size(); ++i) {
      QCOMPARE(r.messages[i].index, i);
      QCOMPARE(r.messages[i].pod, std::string("grpc-infra-backend-v2-pod-b"));
    }
    auto none = client.sayMany("none", 0);
    QVERIFY(none.status.ok());
    QVERIFY(none.messages.empty());
  }

  void streamStopsAtTheDeadline() {
    GrpcEchoClient client(m_v1);
    auto r = client.sayMany("slow", 100, 20, 300);
    QCOMPARE(r.status.name, std::string("DEADLINE_EXCEEDED"));
    QVERIFY2(!r.messages.empty() && r.messages.size() < 100, qPrintable(QString::number(r.messages.size())));
  }

  void failsFirstCallsThenSucceeds() {
    // Retries may land on another backend: the count is per request id
    // across all listeners of the process.
    const std::string id = uniqueId("retry");
    GrpcEchoClient a(m_v1), b(m_v2);
    const SayArgs args{.message = "retry me", .failCode = 14, .failFirst = 2, .requestId = id};
    auto first = a.say(args);
    QCOMPARE(first.status.name, std::string("UNAVAILABLE"));
    QVERIFY2(first.status.message.find("attempt 1") != std::string::npos, first.status.message.c_str());
    auto second = b.say(args);
    QCOMPARE(second.status.name, std::string("UNAVAILABLE"));
    auto third = a.say(args);
    QVERIFY2(third.status.ok(), third.status.message.c_str());
    QCOMPARE(third.attempt, 3u);
    // Another id starts over.
    auto other = a.say({.failCode = 14, .failFirst = 1, .requestId = uniqueId("retry")});
    QCOMPARE(other.status.name, std::string("UNAVAILABLE"));
  }

  void failsAlwaysWithoutFailFirst() {
    GrpcEchoClient client(m_v1);
    for (int i = 0; i < 3; ++i) {
      auto r = client.say({.failCode = 8, .requestId = uniqueId("always")});
      QCOMPARE(r.status.name, std::string("RESOURCE_EXHAUSTED"));
    }
  }

  void rejectsAnUnknownFailCode() {
    GrpcEchoClient client(m_v1);
    auto r = client.say({.failCode = 17});
    QCOMPARE(r.status.name, std::string("INVALID_ARGUMENT"));
    QCOMPARE(r.status.message, std::string("fail_code 17 is not a gRPC status code (1..16)"));
  }

  void metadataReachesTheTestService() {
    GrpcEchoClient client(m_v1, "grpc.example.com");
    auto r = client.say({.message = "hi"}, {{"x-request-tag", "t1"}});
    QVERIFY2(r.status.ok(), r.status.message.c_str());
    QCOMPARE(r.authority, std::string("grpc.example.com"));
    bool seen = false;
    for (const auto& [k, v] : r.metadata) seen = seen || (k == "x-request-tag" && v == "t1");
    QVERIFY(seen);
  }

  void curlSeesGrpcStatusInTrailers_data() {
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("status");
    QTest::addColumn<bool>("trailersOnly");
    QTest::newRow("Echo") << QStringLiteral("Echo") << QStringLiteral("grpc-status: 0") << false;
    QTest::newRow("EchoThree") << QStringLiteral("EchoThree") << QStringLiteral("grpc-status: 12") << true;
  }
  void curlSeesGrpcStatusInTrailers() {
    // A client that is not gRPC's own: curl with h2c prior knowledge sends
    // an empty, uncompressed message and prints headers and trailers. An
    // answer carries grpc-status in trailers after the header block; an
    // error is "Trailers-Only" (one HEADERS frame that ends the stream).
    // The proxy has to carry both shapes end to end.
    QFETCH(QString, method);
    QFETCH(QString, status);
    QFETCH(bool, trailersOnly);
    if (run(QStringLiteral("curl"), {QStringLiteral("--version")}).exitCode != 0) {
      QSKIP("curl is not installed");
    }
    QTemporaryFile body;
    QVERIFY(body.open());
    body.write(QByteArray(5, '\0'));  // flags 0, length 0: an empty EchoRequest
    body.close();
    auto r = run(QStringLiteral("curl"),
                 {QStringLiteral("-sS"), QStringLiteral("--http2-prior-knowledge"), QStringLiteral("--max-time"),
                  QStringLiteral("10"), QStringLiteral("-o"), QStringLiteral("/dev/null"), QStringLiteral("-D"),
                  QStringLiteral("-"), QStringLiteral("-H"), QStringLiteral("content-type: application/grpc"),
                  QStringLiteral("-H"), QStringLiteral("te: trailers"), QStringLiteral("--data-binary"),
                  QStringLiteral("@") + body.fileName(),
                  QStringLiteral("http://%1/gateway_api_conformance.echo_basic.grpcecho.GrpcEcho/%2")
                      .arg(QString::fromStdString(m_v1), method)},
                 15000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.startsWith(QStringLiteral("HTTP/2 200")), qPrintable(r.out));
    const qsizetype headEnd = r.out.indexOf(QStringLiteral("\r\n\r\n"));
    const qsizetype at = r.out.indexOf(status);
    QVERIFY2(headEnd > 0 && at > 0 && (trailersOnly ? at < headEnd : at > headEnd), qPrintable(r.out));
  }

  void cliErrors_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    const int port = freeLoopbackPort();
    const QString addr = QStringLiteral("127.0.0.1:%1").arg(port);
    QTest::newRow("no listener") << QStringList{QStringLiteral("--name"), QStringLiteral("x")}
                                 << QStringLiteral("routedeckd echo: --listen or --grpc-listen is required\n");
    QTest::newRow("bad address") << QStringList{QStringLiteral("--grpc-listen"), QStringLiteral("localhost"),
                                                QStringLiteral("--name"), QStringLiteral("x")}
                                 << QStringLiteral("routedeckd echo: --grpc-listen \"localhost\"");
    QTest::newRow("port taken") << QStringList{QStringLiteral("--grpc-listen"), addr, QStringLiteral("--grpc-listen"),
                                               addr, QStringLiteral("--name"), QStringLiteral("x")}
                                << QStringLiteral("routedeckd echo: --grpc-listen \"%1\": cannot listen there: "
                                                  "Address already in use\n").arg(addr);
  }
  void cliErrors() {
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    auto r = run(binDir() + QStringLiteral("/routedeckd"), QStringList{QStringLiteral("echo")} + args, 10000);
    QVERIFY2(r.exitCode != 0, qPrintable(r.out));
    // gRPC logs its own line about a failed bind before ours.
    QVERIFY2(r.err.endsWith(message) || r.err.startsWith(message), qPrintable(r.err));
  }

  void helpNamesTheGrpcServices() {
    auto r = run(binDir() + QStringLiteral("/routedeckd"), {QStringLiteral("echo"), QStringLiteral("--help")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains(QStringLiteral("--grpc-listen")));
    QVERIFY(r.out.contains(QStringLiteral("gateway_api_conformance.echo_basic.grpcecho.GrpcEcho")));
  }
};

QTEST_GUILESS_MAIN(TestGrpcEcho)
#include "tst_grpc_echo.moc"
