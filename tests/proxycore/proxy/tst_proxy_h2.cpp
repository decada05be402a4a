// HTTP/2 downstream on live sockets: h2c with prior knowledge from curl and
// nghttp (many streams on one connection), a body larger than every
// flow-control window, the HTTP/2 → HTTP/1.1 translation (Host from
// :authority, cookies joined), the smuggling defences (connection-specific
// fields, a Content-Length the DATA frames contradict), a stalled body cut
// after the idle timeout, and a GOAWAY when the proxy shuts down.
#include <QElapsedTimer>
#include <QFile>
#include <QRegularExpression>
#include <QTest>

#include <csignal>
#include <memory>

#include "tests/proxycore/proxy/live_http.h"
#include "tests/proxycore/proxy/proxy_env.h"
#include "tests/proxycore/proxy/raw_h2.h"
#include "tests/support/test_support.h"

using namespace routedeck::tests;

namespace {

const char* kRoutes = R"(---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: web, namespace: test}
spec:
  parentRefs: [{name: edge}]
  hostnames: [web.example.com]
  rules:
  - matches: [{path: {type: PathPrefix, value: /rec}}]
    backendRefs: [{name: recorder, port: 8080}]
  - matches: [{path: {type: PathPrefix, value: /split}}]
    backendRefs:
    - {name: svc-a, port: 8080, weight: 50}
    - {name: svc-b, port: 8080, weight: 50}
  - backendRefs: [{name: svc-a, port: 8080}]
)";

using Fields = std::vector<std::pair<std::string, std::string>>;

Fields requestFields(const std::string& method, const std::string& path) {
  return {{":method", method}, {":scheme", "http"}, {":authority", "web.example.com"}, {":path", path}};
}

bool hasRst(const std::vector<H2Frame>& frames, uint32_t stream, uint32_t code) {
  for (const auto& f : frames) {
    if (f.type == kH2RstStream && f.stream == stream && f.errorCode() == code) return true;
  }
  return false;
}

bool hasResponse(const std::vector<H2Frame>& frames, uint32_t stream) {
  for (const auto& f : frames) {
    if (f.type == kH2Headers && f.stream == stream) return true;
  }
  return false;
}

QString describe(const std::vector<H2Frame>& frames) {
  QStringList out;
  for (const auto& f : frames) {
    out << QStringLiteral("type=%1 flags=%2 stream=%3 len=%4 code=%5")
               .arg(f.type)
               .arg(f.flags)
               .arg(f.stream)
               .arg(f.payload.size())
               .arg(f.type == kH2RstStream || f.type == kH2GoAway ? f.errorCode() : 0);
  }
  return out.join(QStringLiteral("; "));
}

}  // namespace

class TestProxyH2 : public QObject {
  Q_OBJECT

  std::unique_ptr<ProxyEnv> m_env;
  std::unique_ptr<RequestRecorder> m_recorder;

  // A workspace for a second proxy (tests that stop it or change its
  // options), routing to the shared svc-a echo.
  QString ownWorkspaceYaml(ProxyEnv& env) const {
    env.write(QStringLiteral("routes.yaml"),
              gatewayApiBase() + QString::fromUtf8(kRoutes) + serviceObject(QStringLiteral("svc-a")) +
                  serviceObject(QStringLiteral("svc-b")) + serviceObject(QStringLiteral("recorder")));
    return workspaceYaml(QStringLiteral("test/edge"), QStringLiteral("http"), env.proxyPort(),
                         {QStringLiteral("routes.yaml")},
                         serviceEntry(QStringLiteral("svc-a"), 8080, {m_env->echoPort(QStringLiteral("svc-a"))}));
  }
  QString ownWorkspace(ProxyEnv& env) const {
    return env.write(QStringLiteral("workspace.yaml"), ownWorkspaceYaml(env));
  }

  QString url(const QString& path) const { return QStringLiteral("http://127.0.0.1:%1%2").arg(m_env->proxyPort()).arg(path); }

 private slots:
  void initTestCase() {
    m_env = std::make_unique<ProxyEnv>();
    m_recorder = std::make_unique<RequestRecorder>();
    m_env->startEcho({QStringLiteral("svc-a"), QStringLiteral("svc-b")});
    m_env->write(QStringLiteral("routes.yaml"),
                 gatewayApiBase() + QString::fromUtf8(kRoutes) + serviceObject(QStringLiteral("svc-a")) +
                     serviceObject(QStringLiteral("svc-b")) + serviceObject(QStringLiteral("recorder")));
    const QString services =
        serviceEntry(QStringLiteral("svc-a"), 8080, {m_env->echoPort(QStringLiteral("svc-a"))}) +
        serviceEntry(QStringLiteral("svc-b"), 8080, {m_env->echoPort(QStringLiteral("svc-b"))}) +
        serviceEntry(QStringLiteral("recorder"), 8080, {m_recorder->port()});
    auto ws = m_env->write(QStringLiteral("workspace.yaml"),
                           workspaceYaml(QStringLiteral("test/edge"), QStringLiteral("http"),
                                         m_env->proxyPort(), {QStringLiteral("routes.yaml")}, services));
    QVERIFY2(m_env->startServe(ws), qPrintable(m_env->serve() ? m_env->serve()->err() : QString()));
  }

  void curlPriorKnowledge() {
    auto r = run(QStringLiteral("curl"),
                 {QStringLiteral("-sS"), QStringLiteral("--max-time"), QStringLiteral("10"),
                  QStringLiteral("--http2-prior-knowledge"), QStringLiteral("-H"),
                  QStringLiteral("Host: web.example.com"), QStringLiteral("-w"),
                  QStringLiteral("\n%{http_version} %{http_code}"), url(QStringLiteral("/hello?x=1"))});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.endsWith(QStringLiteral("\n2 200")), qPrintable(r.out));
    // The backend got HTTP/1.1 with Host from :authority and the path intact.
    QVERIFY2(r.out.contains(QStringLiteral("\"service\":\"svc-a\"")), qPrintable(r.out));
    QVERIFY2(r.out.contains(QStringLiteral("\"path\":\"/hello?x=1\"")), qPrintable(r.out));
    QVERIFY2(r.out.contains(QStringLiteral("\"host\":\"web.example.com\"")), qPrintable(r.out));
  }

  void http11StillServedOnTheSamePort() {
    HttpClient c(m_env->proxyPort());
    auto r = c.get("/plain", "web.example.com");
    QVERIFY2(r.ok && r.status == 200, r.error.c_str());
    QCOMPARE(r.service(), QStringLiteral("svc-a"));
  }

  void nghttpManyStreamsOneConnection() {
    // 40 requests on one connection, up to 100 streams at once.
    QStringList args{QStringLiteral("-n"), QStringLiteral("-s"), QStringLiteral("-t"), QStringLiteral("10"),
                     QStringLiteral("-H"), QStringLiteral(":authority: web.example.com")};
    for (int i = 0; i < 40; ++i) {
      args << url(QStringLiteral("/split/%1").arg(i));
    }
    auto r = run(QStringLiteral("nghttp"), args);
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    // -s prints one statistics row per response: "... <status> <size> <path>".
    const auto rows = r.out.split(QLatin1Char('\n')).filter(QRegularExpression(QStringLiteral(" 200 .*/split/\\d+$")));
    QCOMPARE(rows.size(), 40);
  }

  void largeBodyThroughFlowControl() {
    // 3 MiB: more than the stream (1 MiB) and the initial connection window,
    // so the upload only completes if consumed bytes reopen the windows.
    QByteArray body(3 * 1024 * 1024, 'x');
    for (int i = 0; i < body.size(); i += 4096) body[i] = static_cast<char>('a' + (i / 4096) % 26);
    const QString file = m_env->write(QStringLiteral("big.bin"), QString());
    QFile f(file);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(body);
    f.close();
    const int before = m_recorder->count();
    auto r = run(QStringLiteral("curl"),
                 {QStringLiteral("-sS"), QStringLiteral("--max-time"), QStringLiteral("20"),
                  QStringLiteral("--http2-prior-knowledge"), QStringLiteral("-H"),
                  QStringLiteral("Host: web.example.com"), QStringLiteral("--data-binary"),
                  QStringLiteral("@") + file, QStringLiteral("-w"), QStringLiteral("\n%{http_code}"),
                  url(QStringLiteral("/rec/upload"))});
    QVERIFY2(r.exitCode == 0 && r.out.endsWith(QStringLiteral("\n200")), qPrintable(r.out + r.err));
    QVERIFY(m_recorder->waitFor(before + 1, 5000));
    QCOMPARE(QByteArray::fromStdString(m_recorder->bodies().back()), body);
  }

  void cookiesJoinedForHttp11() {
    RawH2 h2(m_env->proxyPort());
    QVERIFY(h2.connected() && h2.start());
    const int before = m_recorder->count();
    auto fields = requestFields("GET", "/rec/cookies");
    fields.push_back({"cookie", "a=1"});
    fields.push_back({"cookie", "b=2"});
    QVERIFY(h2.headers(1, fields, true));
    auto frames = h2.readUntilStreamEnds(1);
    QVERIFY2(hasResponse(frames, 1), qPrintable(describe(frames)));
    QVERIFY(m_recorder->waitFor(before + 1, 5000));
    const QString head = QString::fromStdString(m_recorder->heads().back()).toLower();
    QVERIFY2(head.contains(QStringLiteral("\r\ncookie: a=1; b=2")), qPrintable(head));
    QVERIFY2(head.contains(QStringLiteral("\r\nhost: web.example.com")), qPrintable(head));
  }

  void smugglingRefused_data() {
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("value");
    QTest::newRow("transfer-encoding") << QStringLiteral("transfer-encoding") << QStringLiteral("chunked");
    QTest::newRow("connection") << QStringLiteral("connection") << QStringLiteral("keep-alive");
    QTest::newRow("keep-alive") << QStringLiteral("keep-alive") << QStringLiteral("timeout=5");
    QTest::newRow("upgrade") << QStringLiteral("upgrade") << QStringLiteral("h2c");
    QTest::newRow("te other than trailers") << QStringLiteral("te") << QStringLiteral("gzip");
    QTest::newRow("upper-case name") << QStringLiteral("X-Upper") << QStringLiteral("1");
    QTest::newRow("newline in value") << QStringLiteral("x-split") << QStringLiteral("a\r\nx-injected: 1");
  }
  void smugglingRefused() {
    QFETCH(QString, field);
    QFETCH(QString, value);
    RawH2 h2(m_env->proxyPort());
    QVERIFY(h2.connected() && h2.start());
    const int before = m_recorder->count();
    auto fields = requestFields("GET", "/rec/smuggle");
    fields.push_back({field.toStdString(), value.toStdString()});
    QVERIFY(h2.headers(1, fields, true));
    auto frames = h2.readUntilStreamEnds(1);
    QVERIFY2(hasRst(frames, 1, 1 /* PROTOCOL_ERROR */), qPrintable(describe(frames)));
    QVERIFY2(!hasResponse(frames, 1), qPrintable(describe(frames)));
    // The connection is still usable for a clean request.
    QVERIFY(h2.headers(3, requestFields("GET", "/rec/clean"), true));
    frames = h2.readUntilStreamEnds(3);
    QVERIFY2(hasResponse(frames, 3), qPrintable(describe(frames)));
    QVERIFY(m_recorder->waitFor(before + 1, 5000));
    QCOMPARE(m_recorder->count(), before + 1);  // only the clean one arrived
    QVERIFY(QString::fromStdString(m_recorder->requestLines().back()).startsWith(QStringLiteral("GET /rec/clean")));
  }

  void contentLengthMustMatchData() {
    RawH2 h2(m_env->proxyPort());
    QVERIFY(h2.connected() && h2.start());
    const int before = m_recorder->count();
    auto fields = requestFields("POST", "/rec/short");
    fields.push_back({"content-length", "10"});
    QVERIFY(h2.headers(1, fields, false));
    QVERIFY(h2.data(1, "12345", true));  // 5 bytes, then END_STREAM
    auto frames = h2.readUntilStreamEnds(1);
    QVERIFY2(hasRst(frames, 1, 1), qPrintable(describe(frames)));
    QTest::qWait(200);
    QCOMPARE(m_recorder->count(), before);  // no complete request reached the backend
  }

  void grpcLocalReplyIsAStatus() {
    // No route for this host: a gRPC client gets UNIMPLEMENTED in a
    // trailers-only response, not an HTTP 404 page.
    auto r = run(QStringLiteral("curl"),
                 {QStringLiteral("-sS"), QStringLiteral("--max-time"), QStringLiteral("10"),
                  QStringLiteral("--http2-prior-knowledge"), QStringLiteral("-D"), QStringLiteral("-"),
                  QStringLiteral("-o"), QStringLiteral("/dev/null"), QStringLiteral("-H"),
                  QStringLiteral("Host: nowhere.example.com"), QStringLiteral("-H"),
                  QStringLiteral("content-type: application/grpc"), QStringLiteral("-H"), QStringLiteral("te: trailers"),
                  QStringLiteral("--data-binary"), QStringLiteral(""), url(QStringLiteral("/pkg.Greeter/Hello"))});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QString head = r.out.toLower();
    QVERIFY2(head.startsWith(QStringLiteral("http/2 200")), qPrintable(r.out));
    QVERIFY2(head.contains(QStringLiteral("grpc-status: 12")), qPrintable(r.out));
    QVERIFY2(head.contains(QStringLiteral("content-type: application/grpc")), qPrintable(r.out));
    QVERIFY2(head.contains(QStringLiteral("grpc-message: no route matches")), qPrintable(r.out));
  }

  void streamLimitRefusesExtraStreams() {
    // 130 streams held open (each waits for its body) on one connection:
    // the proxy allows 128 at once and refuses the rest without closing
    // the connection.
    RawH2 h2(m_env->proxyPort());
    QVERIFY(h2.connected() && h2.start());
    for (uint32_t i = 0; i < 130; ++i) {
      auto fields = requestFields("POST", "/held");
      fields.push_back({"content-length", "4"});
      QVERIFY(h2.headers(1 + 2 * i, fields, false));
    }
    const uint32_t last = 1 + 2 * 129;
    auto frames = h2.readUntilStreamEnds(last, 5000);
    int refused = 0;
    for (const auto& f : frames) {
      if (f.type == kH2RstStream && f.errorCode() == 7 /* REFUSED_STREAM */) {
        ++refused;
        QVERIFY2(f.stream > 1 + 2 * 127, qPrintable(describe(frames)));
      }
    }
    QCOMPARE(refused, 2);
    // The held streams are still alive: finishing one gets its answer.
    QVERIFY(h2.data(1, "body", true));
    frames = h2.readUntilStreamEnds(1);
    QVERIFY2(hasResponse(frames, 1), qPrintable(describe(frames)));
  }

  void stalledBodyResetAfterIdleTimeout() {
    ProxyEnv env;
    QVERIFY2(env.startServe(ownWorkspace(env), {QStringLiteral("--idle-timeout"), QStringLiteral("1s")}),
             qPrintable(env.serve() ? env.serve()->err() : QString()));
    RawH2 h2(env.proxyPort());
    QVERIFY(h2.connected() && h2.start());
    auto fields = requestFields("POST", "/stall");
    fields.push_back({"content-length", "10"});
    QVERIFY(h2.headers(1, fields, false));
    QVERIFY(h2.data(1, "12345", false));  // half the body, then nothing
    QElapsedTimer t;
    t.start();
    auto frames = h2.readUntilStreamEnds(1, 8000);
    QVERIFY2(hasRst(frames, 1, 2 /* INTERNAL_ERROR */), qPrintable(describe(frames)));
    QVERIFY2(t.elapsed() >= 900, qPrintable(QString::number(t.elapsed())));
    // Only the stream: the connection still serves a new request.
    QVERIFY(h2.headers(3, requestFields("GET", "/after"), true));
    frames = h2.readUntilStreamEnds(3);
    QVERIFY2(hasResponse(frames, 3), qPrintable(describe(frames)));
  }

  void goAwayOnShutdown() {
    // A second proxy, so the shared one keeps running for the other tests.
    ProxyEnv env;
    QVERIFY2(env.startServe(ownWorkspace(env)), qPrintable(env.serve() ? env.serve()->err() : QString()));
    RawH2 h2(env.proxyPort());
    QVERIFY(h2.connected() && h2.start());
    QVERIFY(h2.headers(1, requestFields("GET", "/before"), true));
    auto frames = h2.readUntilStreamEnds(1);
    QVERIFY2(hasResponse(frames, 1), qPrintable(describe(frames)));
    env.serve()->signal(SIGTERM);
    frames = h2.readUntilStreamEnds(0, 5000);
    bool goAway = false;
    for (const auto& f : frames) {
      goAway = goAway || (f.type == kH2GoAway && f.errorCode() == 0);
    }
    QVERIFY2(goAway, qPrintable(describe(frames)));
  }

  // A reload that drops an address closes that listener: its HTTP/2
  // connections get a GOAWAY and new connections are refused, while a
  // connection on an address the config keeps goes on with the new table.
  void reloadGoAwayOnRemovedListener() {
    ProxyEnv env;
    const int kept = env.proxyPort();
    const int dropped = freeLoopbackPort();
    const QString one = ownWorkspaceYaml(env);
    QString two = one;
    two.replace(QStringLiteral("bind: 127.0.0.1:%1}").arg(kept),
                QStringLiteral("bind: 127.0.0.1:%1}\n  - {gateway: test/edge, listener: http, bind: 127.0.0.1:%2}")
                    .arg(kept)
                    .arg(dropped));
    QVERIFY(two != one);
    auto ws = env.write(QStringLiteral("workspace.yaml"), two);
    QVERIFY2(env.startServe(ws), qPrintable(env.serve() ? env.serve()->err() : QString()));

    RawH2 stays(kept), goes(dropped);
    QVERIFY(stays.connected() && stays.start() && goes.connected() && goes.start());
    for (RawH2* c : {&stays, &goes}) {
      QVERIFY(c->headers(1, requestFields("GET", "/before"), true));
      auto frames = c->readUntilStreamEnds(1);
      QVERIFY2(hasResponse(frames, 1), qPrintable(describe(frames)));
    }
    env.write(QStringLiteral("workspace.yaml"), one);
    QVERIFY2(env.reload(2), qPrintable(env.serve()->err()));
    QTRY_VERIFY2_WITH_TIMEOUT(env.serve()->out().contains(QStringLiteral("closed 127.0.0.1:%1").arg(dropped)),
                              qPrintable(env.serve()->out()), 5000);

    auto frames = goes.readUntilStreamEnds(0, 5000);
    bool goAway = false;
    for (const auto& f : frames) {
      goAway = goAway || (f.type == kH2GoAway && f.errorCode() == 0);
    }
    QVERIFY2(goAway, qPrintable(describe(frames)));
    RawH2 late(dropped);
    QVERIFY2(!late.connected(), "the dropped address still accepts connections");

    QVERIFY(stays.headers(3, requestFields("GET", "/after"), true));
    frames = stays.readUntilStreamEnds(3);
    QVERIFY2(hasResponse(frames, 3), qPrintable(describe(frames)));
    for (const auto& f : frames) {
      QVERIFY2(f.type != kH2GoAway, qPrintable(describe(frames)));
    }
  }
};

QTEST_GUILESS_MAIN(TestProxyH2)
#include "tst_proxy_h2.moc"
