// WebSocket upgrades through `routedeckd serve` with a real client
// (python3-websockets, tests/support/ws_client.py) to the echo backend's
// /ws, on a plaintext and a TLS listener: text, binary and 64 KiB messages
// echo, ping/pong and the close handshake work, the route's header
// modifiers apply to the upgrade, a backend that does not switch has its
// answer relayed, half-close, the idle timeout and a stop end the tunnel,
// and the access log records the upgrade.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTest>

#include <arpa/inet.h>
#include <csignal>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <memory>

#include "tests/proxycore/proxy/live_http.h"
#include "tests/proxycore/proxy/proxy_env.h"
#include "tests/support/test_certs.h"
#include "tests/support/test_support.h"
#include "tests/support/websocket_client.h"

using namespace routedeck::tests;

namespace {

// HTTP listener `http` and HTTPS listener `https`; /ws goes to the echo
// (a Service port with appProtocol kubernetes.io/ws), /refuse to a backend
// that answers 200 to anything.
const char* kRoutes = R"(apiVersion: v1
kind: Namespace
metadata: {name: test}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: edge, namespace: test}
spec:
  gatewayClassName: routedeck
  listeners:
  - {name: http, protocol: HTTP, port: 80}
  - name: https
    protocol: HTTPS
    port: 443
    hostname: chat.example.com
    tls: {mode: Terminate, certificateRefs: [{name: chat-cert}]}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: chat, namespace: test}
spec:
  parentRefs: [{name: edge}]
  hostnames: [chat.example.com]
  rules:
  - matches: [{path: {type: PathPrefix, value: /ws}}]
    filters:
    - type: RequestHeaderModifier
      requestHeaderModifier: {set: [{name: X-Route, value: chat}]}
    - type: ResponseHeaderModifier
      responseHeaderModifier: {add: [{name: X-Route-Answer, value: chat}]}
    backendRefs: [{name: alpha, port: 8080}]
  - matches: [{path: {type: PathPrefix, value: /refuse}}]
    filters:
    - type: RequestHeaderModifier
      requestHeaderModifier: {set: [{name: X-Route, value: refuse}]}
    backendRefs: [{name: recorder, port: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: alpha, namespace: test}
spec:
  ports: [{name: ws, port: 8080, appProtocol: kubernetes.io/ws}]
---
apiVersion: v1
kind: Service
metadata: {name: recorder, namespace: test}
spec:
  ports: [{name: http, port: 8080}]
)";

QString tlsSecret(const TestCerts& c) {
  return QStringLiteral("---\napiVersion: v1\nkind: Secret\nmetadata: {name: chat-cert, namespace: test}\n"
                        "type: kubernetes.io/tls\ndata:\n  tls.crt: %1\n  tls.key: %2\n")
      .arg(c.base64(QStringLiteral("chat.crt")), c.base64(QStringLiteral("chat.key")));
}

QString describe(const QJsonObject& o) { return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)); }

// Every message went out and came back unchanged, as the kind it was sent.
bool allEchoed(const QJsonObject& r, int expected) {
  const QJsonArray m = r.value(QStringLiteral("messages")).toArray();
  if (m.size() != expected) return false;
  for (const auto& v : m) {
    const QJsonObject o = v.toObject();
    if (!o.value(QStringLiteral("echoed")).toBool() ||
        o.value(QStringLiteral("sent")) != o.value(QStringLiteral("received"))) {
      return false;
    }
  }
  return true;
}

// A blocking loopback socket with a receive bound, for byte-level checks.
int connectLoopback(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval tv{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// Everything until EOF (or the 5 s receive bound, or 1 MiB).
std::string readToEnd(int fd, bool* eof) {
  std::string all;
  char buf[4096];
  *eof = false;
  while (all.size() < (1u << 20)) {
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n == 0) {
      *eof = true;
      break;
    }
    if (n < 0) break;
    all.append(buf, static_cast<size_t>(n));
  }
  return all;
}

}  // namespace

class TestProxyWebSocket : public QObject {
  Q_OBJECT

  std::unique_ptr<ProxyEnv> m_env;
  std::unique_ptr<TestCerts> m_certs;
  std::unique_ptr<RequestRecorder> m_recorder;
  int m_tlsPort = 0;

  QJsonObject plain(const QString& path, QStringList args) {
    return runWebSocketClient(QStringList{QStringLiteral("ws://chat.example.com") + path, QStringLiteral("--port"),
                                          QString::number(m_env->proxyPort())} + args);
  }

 private slots:
  void initTestCase() {
    if (const QString why = webSocketClientMissing(); !why.isEmpty()) {
      QSKIP(qPrintable(why));
    }
    m_env = std::make_unique<ProxyEnv>();
    m_certs = std::make_unique<TestCerts>(m_env->path(QString()));
    QVERIFY2(m_certs->ok(), qPrintable(m_certs->error()));
    QVERIFY2(m_certs->server(QStringLiteral("chat"), QStringLiteral("chat.example.com")),
             qPrintable(m_certs->error()));
    m_recorder = std::make_unique<RequestRecorder>();
    QCOMPARE(m_env->startEcho({QStringLiteral("alpha")}).size(), size_t(1));
    m_env->write(QStringLiteral("routes.yaml"), QString::fromUtf8(kRoutes) + tlsSecret(*m_certs));
    m_tlsPort = freeLoopbackPort();
    const QString ws =
        QStringLiteral("apiVersion: routedeck.dev/v1alpha1\nkind: Workspace\nmetadata: {name: ws}\n"
                       "spec:\n  sources: [routes.yaml]\n  listeners:\n"
                       "  - {gateway: test/edge, listener: http, bind: 127.0.0.1:%1}\n"
                       "  - {gateway: test/edge, listener: https, bind: 127.0.0.1:%2}\n  services:\n")
            .arg(m_env->proxyPort())
            .arg(m_tlsPort) +
        serviceEntry(QStringLiteral("alpha"), 8080, {m_env->echoPort(QStringLiteral("alpha"))}) +
        serviceEntry(QStringLiteral("recorder"), 8080, {m_recorder->port()});
    // A short idle timeout, so that idleTunnelIsClosed need not wait a minute.
    QVERIFY2(m_env->startServe(m_env->write(QStringLiteral("workspace.yaml"), ws),
                               {QStringLiteral("--idle-timeout"), QStringLiteral("2s"),
                                QStringLiteral("--access-log"), m_env->path(QStringLiteral("access.log"))}),
             qPrintable(m_env->serve() ? m_env->serve()->err() : QString()));
    QCOMPARE(m_env->serve()->waitListening(2).size(), 2);
  }

  void messagesEchoThroughTheProxy() {
    const QJsonObject r = plain(QStringLiteral("/ws"),
                                {QStringLiteral("--text"), QStringLiteral("Websocket Support!"), QStringLiteral("--text"),
                                 QStringLiteral("second message"), QStringLiteral("--binary-hex"),
                                 QStringLiteral("01020304050607"), QStringLiteral("--binary-size"),
                                 QStringLiteral("65536"), QStringLiteral("--ping")});
    QVERIFY2(r.value(QStringLiteral("status")).toInt() == 101, qPrintable(describe(r)));
    QVERIFY2(r.value(QStringLiteral("error")).toString().isEmpty(), qPrintable(describe(r)));
    QVERIFY2(allEchoed(r, 4), qPrintable(describe(r)));
    QVERIFY2(r.value(QStringLiteral("pong")).toBool(), qPrintable(describe(r)));
    // The close handshake went both ways: the echo answered the client's 1000.
    QCOMPARE(r.value(QStringLiteral("close")).toObject().value(QStringLiteral("code")).toInt(), 1000);
    const QJsonObject h = r.value(QStringLiteral("headers")).toObject();
    QCOMPARE(h.value(QStringLiteral("upgrade")).toString(), QStringLiteral("websocket"));
    QCOMPARE(h.value(QStringLiteral("connection")).toString(), QStringLiteral("upgrade"));
    QCOMPARE(h.value(QStringLiteral("x-route-answer")).toString(), QStringLiteral("chat"));
  }

  void tlsListener() {
    const QJsonObject r = runWebSocketClient(
        {QStringLiteral("wss://chat.example.com/ws"), QStringLiteral("--port"), QString::number(m_tlsPort),
         QStringLiteral("--cafile"), m_certs->caCert(), QStringLiteral("--text"), QStringLiteral("over TLS"),
         QStringLiteral("--binary-size"), QStringLiteral("65536")});
    QVERIFY2(r.value(QStringLiteral("status")).toInt() == 101, qPrintable(describe(r)));
    QVERIFY2(r.value(QStringLiteral("error")).toString().isEmpty(), qPrintable(describe(r)));
    QVERIFY2(allEchoed(r, 2), qPrintable(describe(r)));
    QCOMPARE(r.value(QStringLiteral("close")).toObject().value(QStringLiteral("code")).toInt(), 1000);
  }

  // The backend answers 200 instead of 101: the client gets that answer, and
  // the backend saw the upgrade request with its fields and the route's
  // request header modifier applied.
  void nonSwitchingAnswerIsRelayed() {
    const int before = m_recorder->count();
    const QJsonObject r = plain(QStringLiteral("/refuse"), {QStringLiteral("--text"), QStringLiteral("never sent")});
    QVERIFY2(r.value(QStringLiteral("status")).toInt() == 200, qPrintable(describe(r)));
    QVERIFY(m_recorder->waitFor(before + 1, 5000));
    const QString head = QString::fromStdString(m_recorder->heads().back()).toLower();
    QVERIFY2(head.startsWith(QStringLiteral("get /refuse http/1.1")), qPrintable(head));
    QVERIFY2(head.contains(QStringLiteral("\r\nupgrade: websocket")), qPrintable(head));
    QVERIFY2(head.contains(QStringLiteral("\r\nconnection: upgrade")), qPrintable(head));
    QVERIFY2(head.contains(QStringLiteral("\r\nsec-websocket-key: ")), qPrintable(head));
    QVERIFY2(head.contains(QStringLiteral("\r\nsec-websocket-version: 13")), qPrintable(head));
    QVERIFY2(head.contains(QStringLiteral("\r\nx-route: refuse")), qPrintable(head));
  }

  // Only websocket upgrades pass; another protocol's Upgrade is dropped as a
  // hop-by-hop field and the request is forwarded as plain HTTP.
  void otherUpgradesAreDropped() {
    const int before = m_recorder->count();
    HttpClient client(m_env->proxyPort());
    const auto r = client.get("/refuse", "chat.example.com", {{"Connection", "Upgrade"}, {"Upgrade", "h2c"}});
    QVERIFY2(r.ok && r.status == 200, r.error.c_str());
    QVERIFY(m_recorder->waitFor(before + 1, 5000));
    const QString head = QString::fromStdString(m_recorder->heads().back()).toLower();
    QVERIFY2(!head.contains(QStringLiteral("upgrade")), qPrintable(head));
    // The connection goes on with HTTP after an Upgrade that was not taken.
    const auto again = client.get("/refuse", "chat.example.com");
    QVERIFY2(again.ok && again.status == 200, again.error.c_str());
    QCOMPARE(client.connectionsOpened(), 1);
  }

  // The client half-closes right after its frame: the echo still reaches it
  // (the proxy passes the FIN on instead of tearing the tunnel down), then
  // the backend's end arrives as EOF.
  void halfCloseIsPassedOn() {
    const int fd = connectLoopback(m_env->proxyPort());
    QVERIFY(fd >= 0);
    // A masked text frame "hello" (mask 01 02 03 04) behind the handshake.
    std::string bytes =
        "GET /ws HTTP/1.1\r\nHost: chat.example.com\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
        "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";
    const std::string payload = "hello";
    const unsigned char mask[4] = {1, 2, 3, 4};
    bytes += static_cast<char>(0x81);
    bytes += static_cast<char>(0x80 | payload.size());
    bytes.append(reinterpret_cast<const char*>(mask), 4);
    for (size_t i = 0; i < payload.size(); ++i) bytes += static_cast<char>(payload[i] ^ mask[i & 3]);
    QCOMPARE(::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL), static_cast<ssize_t>(bytes.size()));
    ::shutdown(fd, SHUT_WR);
    bool eof = false;
    const std::string got = readToEnd(fd, &eof);
    ::close(fd);
    QVERIFY2(got.rfind("HTTP/1.1 101 ", 0) == 0, got.c_str());
    // The RFC 6455 sample key's accept value.
    QVERIFY2(got.find("sec-websocket-accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n") != std::string::npos, got.c_str());
    const std::string frame = std::string("\x81\x05", 2) + payload;
    QVERIFY2(got.size() >= frame.size() && got.compare(got.size() - frame.size(), frame.size(), frame) == 0,
             got.c_str());
    QVERIFY2(eof, "the tunnel did not end after both sides closed");
  }

  void idleTunnelIsClosed() {
    const QJsonObject r = plain(QStringLiteral("/ws"), {QStringLiteral("--text"), QStringLiteral("then silence"),
                                                         QStringLiteral("--idle"), QStringLiteral("--timeout"),
                                                         QStringLiteral("8")});
    QVERIFY2(r.value(QStringLiteral("status")).toInt() == 101, qPrintable(describe(r)));
    QVERIFY2(allEchoed(r, 1), qPrintable(describe(r)));
    const QJsonValue after = r.value(QStringLiteral("closedAfter"));
    QVERIFY2(after.isDouble(), qPrintable(QStringLiteral("not closed within 8 s: ") + describe(r)));
    // --idle-timeout 2s, checked by a sweep every 250 ms.
    QVERIFY2(after.toDouble() >= 1.5 && after.toDouble() <= 4.0, qPrintable(describe(r)));
  }

  // appProtocol kubernetes.io/wss needs TLS to the backend, which RouteDeck
  // does not originate: `check` warns at the backendRef, and the backend's
  // share of traffic gets 500 with the reason (Gateway API
  // UnsupportedProtocol), instead of plaintext reaching a TLS port.
  void wssBackendIsRefusedClearly() {
    ProxyEnv env;
    QString routes = QString::fromUtf8(kRoutes).replace(QStringLiteral("appProtocol: kubernetes.io/ws}"),
                                                        QStringLiteral("appProtocol: kubernetes.io/wss}"));
    QVERIFY(routes.contains(QStringLiteral("kubernetes.io/wss")));
    env.write(QStringLiteral("routes.yaml"), routes + tlsSecret(*m_certs));
    const QString ws = workspaceYaml(QStringLiteral("test/edge"), QStringLiteral("http"), env.proxyPort(),
                                     {QStringLiteral("routes.yaml")},
                                     serviceEntry(QStringLiteral("alpha"), 8080, {m_env->echoPort(QStringLiteral("alpha"))}) +
                                         serviceEntry(QStringLiteral("recorder"), 8080, {m_recorder->port()}));
    const QString wsPath = env.write(QStringLiteral("workspace.yaml"), ws);
    const auto check = run(binDir() + QStringLiteral("/routedeckd"), {QStringLiteral("check"), wsPath}, 15000);
    QVERIFY2(check.err.contains(QStringLiteral("warning: backend Service \"test/alpha\" port 8080 has appProtocol "
                                               "kubernetes.io/wss (WebSocket over TLS to the backend), which needs "
                                               "backend TLS")),
             qPrintable(check.err));
    QVERIFY2(env.startServe(wsPath), qPrintable(env.serve() ? env.serve()->err() : QString()));
    const QJsonObject r = runWebSocketClient({QStringLiteral("ws://chat.example.com/ws"), QStringLiteral("--port"),
                                              QString::number(env.proxyPort()), QStringLiteral("--text"),
                                              QStringLiteral("x")});
    QVERIFY2(r.value(QStringLiteral("status")).toInt() == 500, qPrintable(describe(r)));
    HttpClient client(env.proxyPort());
    const auto plainGet = client.get("/ws", "chat.example.com");
    QCOMPARE(plainGet.status, 500);
    QVERIFY2(plainGet.body.find("appProtocol kubernetes.io/wss") != std::string::npos, plainGet.body.c_str());
  }

  // SIGTERM drains: a tunnel has no request boundary to wait for, so it
  // ends at once instead of holding the shutdown for its grace period (5 s).
  void stopEndsOpenTunnels() {
    ProxyEnv env;
    env.write(QStringLiteral("routes.yaml"), QString::fromUtf8(kRoutes) + tlsSecret(*m_certs));
    const QString ws = workspaceYaml(QStringLiteral("test/edge"), QStringLiteral("http"), env.proxyPort(),
                                     {QStringLiteral("routes.yaml")},
                                     serviceEntry(QStringLiteral("alpha"), 8080, {m_env->echoPort(QStringLiteral("alpha"))}) +
                                         serviceEntry(QStringLiteral("recorder"), 8080, {m_recorder->port()}));
    QVERIFY2(env.startServe(env.write(QStringLiteral("workspace.yaml"), ws)),
             qPrintable(env.serve() ? env.serve()->err() : QString()));
    QProcess client;
    client.start(QStringLiteral("/usr/bin/python3"),
                 {sourceDir() + QStringLiteral("/tests/support/ws_client.py"), QStringLiteral("ws://chat.example.com/ws"),
                  QStringLiteral("--port"), QString::number(env.proxyPort()), QStringLiteral("--text"),
                  QStringLiteral("open"), QStringLiteral("--idle"), QStringLiteral("--timeout"), QStringLiteral("8")});
    QVERIFY(client.waitForStarted(5000));
    // The client prints nothing until it ends; its handshake and one echo
    // take milliseconds on loopback, so by now the tunnel is open and idle.
    QTest::qWait(1500);
    QCOMPARE(client.state(), QProcess::Running);
    env.serve()->signal(SIGTERM);
    QVERIFY(client.waitForFinished(20000));
    const QJsonObject r = QJsonDocument::fromJson(client.readAllStandardOutput()).object();
    QVERIFY2(allEchoed(r, 1), qPrintable(describe(r)));
    const QJsonValue after = r.value(QStringLiteral("closedAfter"));
    QVERIFY2(after.isDouble() && after.toDouble() < 3.0, qPrintable(describe(r)));
  }

  void accessLogRecordsTheUpgrade() {
    // The record is written when the tunnel ends; the tests above ended theirs.
    QString log;
    QJsonObject upgrade;
    for (int i = 0; i < 50 && upgrade.isEmpty(); ++i) {
      QTest::qWait(100);
      QFile f(m_env->path(QStringLiteral("access.log")));
      QVERIFY(f.open(QIODevice::ReadOnly));
      log = QString::fromUtf8(f.readAll());
      for (const auto& line : log.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        const QJsonObject o = QJsonDocument::fromJson(line.toUtf8()).object();
        // The first test's session: a 64 KiB message each way.
        if (o.value(QStringLiteral("status")).toInt() == 101 &&
            o.value(QStringLiteral("bytes_received")).toDouble() > 65536) {
          upgrade = o;
          break;
        }
      }
    }
    QVERIFY2(!upgrade.isEmpty(), qPrintable(log));
    QCOMPARE(upgrade.value(QStringLiteral("path")).toString(), QStringLiteral("/ws"));
    QVERIFY2(upgrade.value(QStringLiteral("bytes_sent")).toDouble() > 65536, qPrintable(describe(upgrade)));
    QVERIFY2(upgrade.value(QStringLiteral("duration_ms")).toDouble() > 0, qPrintable(describe(upgrade)));
  }
};

QTEST_GUILESS_MAIN(TestProxyWebSocket)
#include "tst_proxy_websocket.moc"
