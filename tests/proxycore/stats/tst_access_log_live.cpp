// `routedeckd serve --access-log` as a process: every field of the JSON
// line, credentials never written, reopen on SIGHUP after the file was
// renamed (logrotate), and precise errors for bad --metrics/--access-log.
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

#include <signal.h>

#include <thread>

#include "tests/proxycore/proxy/live_http.h"
#include "tests/proxycore/proxy/proxy_env.h"
#include "tests/support/test_support.h"

using namespace routedeck::tests;

namespace {

const char* kRoute = R"(---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: web, namespace: test}
spec:
  parentRefs: [{name: edge}]
  hostnames: [web.example.com]
  rules:
  - matches: [{path: {type: PathPrefix, value: /}}]
    backendRefs: [{name: svc-a, port: 8080}]
)";

QByteArray readFile(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Polls (bounded) until the file contains needle.
bool waitFileContains(const QString& path, const QByteArray& needle, int timeoutMs = 5000) {
  QElapsedTimer t;
  t.start();
  while (t.elapsed() < timeoutMs) {
    if (readFile(path).contains(needle)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

}  // namespace

class TestAccessLogLive : public QObject {
  Q_OBJECT

  std::unique_ptr<ProxyEnv> m_env;
  QString m_log;
  QString m_workspace;

 private slots:
  void initTestCase() {
    m_env = std::make_unique<ProxyEnv>();
    QCOMPARE(m_env->startEcho({QStringLiteral("svc-a")}).size(), size_t(1));
    m_env->write(QStringLiteral("routes.yaml"),
                 gatewayApiBase() + QString::fromUtf8(kRoute) + serviceObject(QStringLiteral("svc-a")));
    m_workspace = m_env->write(
        QStringLiteral("workspace.yaml"),
        workspaceYaml(QStringLiteral("test/edge"), QStringLiteral("http"), m_env->proxyPort(),
                      {QStringLiteral("routes.yaml")},
                      serviceEntry(QStringLiteral("svc-a"), 8080, {m_env->echoPort(QStringLiteral("svc-a"))})));
    m_log = m_env->path(QStringLiteral("access.log"));
    QVERIFY2(m_env->startServe(m_workspace, {QStringLiteral("--access-log"), m_log, QStringLiteral("--access-log-format"),
                                             QStringLiteral("json")}),
             qPrintable(m_env->serve() ? m_env->serve()->err() : QString()));
  }

  void jsonLineHasEveryFieldAndNoSecrets() {
    HttpClient c(m_env->proxyPort());
    auto r = c.get("/shop/items?token=tok-abc-123&access_token=at-777&api_key=key-888&page=2", "web.example.com",
                   {{"Authorization", "Bearer secret123"},
                    {"Proxy-Authorization", "Basic pa-secret-55"},
                    {"Cookie", "session=cookie-secret-66"},
                    {"User-Agent", "tst-agent/1.0"},
                    {"x-request-id", "rid-42"},
                    {"traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}});
    QCOMPARE(r.status, 200);
    QVERIFY(waitFileContains(m_log, "rid-42"));
    const QByteArray content = readFile(m_log);
    for (const char* secret : {"secret123", "tok-abc-123", "at-777", "key-888", "pa-secret-55", "cookie-secret-66"}) {
      QVERIFY2(!content.contains(secret), secret);
    }
    QJsonObject line;
    for (const QByteArray& raw : content.trimmed().split('\n')) {
      QJsonParseError err;
      const auto doc = QJsonDocument::fromJson(raw, &err);
      QVERIFY2(err.error == QJsonParseError::NoError && doc.isObject(), raw.constData());
      if (doc.object().value("request_id").toString() == QStringLiteral("rid-42")) line = doc.object();
    }
    QVERIFY(!line.isEmpty());
    QCOMPARE(line.value("path").toString(),
             QStringLiteral("/shop/items?token=[REDACTED]&access_token=[REDACTED]&api_key=[REDACTED]&page=2"));
    QCOMPARE(line.value("method").toString(), QStringLiteral("GET"));
    QCOMPARE(line.value("authority").toString(), QStringLiteral("web.example.com"));
    QCOMPARE(line.value("protocol").toString(), QStringLiteral("HTTP/1.1"));
    QCOMPARE(line.value("status").toInt(), 200);
    QCOMPARE(line.value("response_flags").toString(), QString());
    QCOMPARE(line.value("route_kind").toString(), QStringLiteral("HTTPRoute"));
    QCOMPARE(line.value("route_namespace").toString(), QStringLiteral("test"));
    QCOMPARE(line.value("route_name").toString(), QStringLiteral("web"));
    QCOMPARE(line.value("rule").toInt(), 0);
    QCOMPARE(line.value("backend").toString(), QStringLiteral("test/svc-a"));
    QCOMPARE(line.value("endpoint").toString(),
             QStringLiteral("127.0.0.1:%1").arg(m_env->echoPort(QStringLiteral("svc-a"))));
    QCOMPARE(line.value("attempts").toInt(), 1);
    QCOMPARE(line.value("user_agent").toString(), QStringLiteral("tst-agent/1.0"));
    QVERIFY(line.value("client").toString().startsWith(QStringLiteral("127.0.0.1:")));
    QCOMPARE(line.value("trace_id").toString(), QStringLiteral("4bf92f3577b34da6a3ce929d0e0e4736"));
    QVERIFY(line.value("bytes_sent").toInt() > 0);
    QCOMPARE(line.value("bytes_received").toInt(), 0);
    QVERIFY(line.value("duration_ms").toDouble() >= line.value("upstream_duration_ms").toDouble());
    QVERIFY(line.value("upstream_duration_ms").isDouble());
    QVERIFY(line.value("time").toString().endsWith(QLatin1Char('Z')));

    auto nr = c.get("/x", "unknown.example.com", {{"x-request-id", "rid-nr"}});
    QCOMPARE(nr.status, 404);
    QVERIFY(waitFileContains(m_log, "\"request_id\":\"rid-nr\""));
    QVERIFY(readFile(m_log).contains("\"response_flags\":\"NR\""));
  }

  void reopensOnSighup() {
    HttpClient c(m_env->proxyPort());
    QCOMPARE(c.get("/before", "web.example.com", {{"x-request-id", "before-rotate"}}).status, 200);
    QVERIFY(waitFileContains(m_log, "before-rotate"));
    const QString rotated = m_log + QStringLiteral(".1");
    QVERIFY(QFile::rename(m_log, rotated));
    m_env->serve()->signal(SIGHUP);
    QVERIFY(m_env->serve()->waitStderr(QStringLiteral("applied configuration version 2")));
    QCOMPARE(c.get("/after", "web.example.com", {{"x-request-id", "after-rotate"}}).status, 200);
    QVERIFY2(waitFileContains(m_log, "after-rotate"), "the reopened file gets new lines");
    QVERIFY(readFile(rotated).contains("before-rotate"));
    QVERIFY(!readFile(rotated).contains("after-rotate"));
  }

  void badOptionsGivePreciseErrors_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");
    QTest::newRow("remote metrics") << QStringList{"--metrics", "0.0.0.0:9464"} << 2
                                    << "--metrics \"0.0.0.0:9464\": is not a loopback address";
    QTest::newRow("no port") << QStringList{"--metrics", "127.0.0.1"} << 2
                             << "--metrics \"127.0.0.1\": expected HOST:PORT";
    QTest::newRow("bad host") << QStringList{"--metrics", "localhost:9464"} << 2
                              << "\"localhost\" is not an IPv4 address";
    QTest::newRow("bad port") << QStringList{"--metrics", "127.0.0.1:99999"} << 2
                              << "port \"99999\" is not a number from 0 to 65535";
    QTest::newRow("bad format") << QStringList{"--access-log-format", "xml"} << 2
                                << "--access-log-format \"xml\" is not json or text";
    QTest::newRow("unwritable log") << QStringList{"--access-log", "/nonexistent-dir/a.log"} << 1
                                    << "cannot open access log \"/nonexistent-dir/a.log\"";
  }
  void badOptionsGivePreciseErrors() {
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    QProcess p;
    p.start(binDir() + QStringLiteral("/routedeckd"), QStringList{QStringLiteral("serve"), m_workspace} + args);
    QVERIFY(p.waitForFinished(10000));
    const QString err = QString::fromUtf8(p.readAllStandardError());
    QCOMPARE(p.exitCode(), exitCode);
    QVERIFY2(err.contains(message), qPrintable(err));
  }
};

QTEST_GUILESS_MAIN(TestAccessLogLive)
#include "tst_access_log_live.moc"
