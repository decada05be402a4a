// routedeckd serve end to end against a recording backend: every smuggling
// and limit case is answered locally (400/408/414/431), the connection
// closes, and the backend receives not one byte; the ordinary HTTP/1.1
// features (pipelining, chunked bodies, 100-continue, 1.0, HEAD) still work.
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <thread>

#include "tests/proxycore/net/raw_peers.h"
#include "tests/support/test_support.h"

using namespace routedeck;
using tests::RawClient;
using tests::RecordingBackend;

namespace {

constexpr int kWait = 5000;  // generous upper bound for any single answer

std::string get(const std::string& path, const std::string& extra = {}) {
  return "GET " + path + " HTTP/1.1\r\nHost: app.test\r\n" + extra + "\r\n";
}

int statusOf(const std::string& response) {
  if (response.rfind("HTTP/1.", 0) != 0 || response.size() < 12) {
    return 0;
  }
  return std::atoi(response.c_str() + 9);
}

// Splits `bytes` into complete Content-Length-framed responses; HEAD
// responses (by index in `headAt`) carry no body. Interim 1xx are kept.
std::vector<std::string> responses(const std::string& bytes, int headAt = -1) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < bytes.size()) {
    size_t end = bytes.find("\r\n\r\n", pos);
    if (end == std::string::npos) break;
    std::string head = bytes.substr(pos, end + 4 - pos);
    size_t len = 0;
    std::string lowerHead = head;
    for (char& c : lowerHead) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    size_t cl = lowerHead.find("\r\ncontent-length:");
    if (cl != std::string::npos && statusOf(head) >= 200 && static_cast<int>(out.size()) != headAt) {
      len = std::strtoul(lowerHead.c_str() + cl + 17, nullptr, 10);
    }
    if (bytes.size() < end + 4 + len) break;
    out.push_back(bytes.substr(pos, end + 4 + len - pos));
    pos = end + 4 + len;
  }
  return out;
}

std::string bodyOf(const std::string& response) {
  size_t end = response.find("\r\n\r\n");
  return end == std::string::npos ? std::string() : response.substr(end + 4);
}

class Proxy {
 public:
  Proxy(int backendPort, const QStringList& extraArgs) {
    const QString routes = QStringLiteral(
        "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: edge, namespace: t}\n"
        "spec:\n  gatewayClassName: routedeck\n  listeners:\n  - {name: http, protocol: HTTP, port: 80}\n"
        "---\napiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: all, namespace: t}\n"
        "spec:\n  parentRefs: [{name: edge}]\n  rules:\n  - backendRefs: [{name: backend, port: 8080}]\n");
    const QString ws = QStringLiteral(
        "apiVersion: routedeck.dev/v1alpha1\nkind: Workspace\nmetadata: {name: hardening}\nspec:\n"
        "  sources: [routes.yaml]\n  listeners:\n  - {gateway: t/edge, listener: http, bind: '127.0.0.1:%2'}\n"
        "  services:\n  - service: t/backend\n    port: 8080\n    endpoints:\n"
        "    - address: '127.0.0.1:%1'\n").arg(backendPort).arg(tests::freeLoopbackPort());
    writeFile(QStringLiteral("routes.yaml"), routes);
    writeFile(QStringLiteral("workspace.yaml"), ws);
    m_process.setProgram(tests::binDir() + QStringLiteral("/routedeckd"));
    m_process.setArguments(QStringList{QStringLiteral("serve"), m_dir.filePath(QStringLiteral("workspace.yaml")),
                                       QStringLiteral("--workers"), QStringLiteral("1")} +
                           extraArgs);
    m_process.start();
    const auto start = RawClient::nowMs();
    while (m_port == 0 && RawClient::nowMs() - start < 15000 && m_process.state() != QProcess::NotRunning) {
      m_process.waitForReadyRead(200);
      m_out += m_process.readAllStandardOutput();
      for (const QByteArray& line : m_out.split('\n')) {
        if (line.startsWith("listening ")) {
          m_port = line.split(' ').last().trimmed().toInt();
        }
      }
    }
  }
  ~Proxy() {
    m_process.terminate();
    if (!m_process.waitForFinished(5000)) {
      m_process.kill();
      m_process.waitForFinished(2000);
    }
  }
  int port() const { return m_port; }
  QByteArray stderrText() { return m_process.readAllStandardError(); }

 private:
  void writeFile(const QString& name, const QString& text) {
    QFile f(m_dir.filePath(name));
    if (f.open(QIODevice::WriteOnly)) {
      f.write(text.toUtf8());
    }
  }
  QTemporaryDir m_dir;
  QProcess m_process;
  QByteArray m_out;
  int m_port = 0;
};

}  // namespace

class TestHttp1Hardening : public QObject {
  Q_OBJECT

  std::unique_ptr<RecordingBackend> m_backend;
  std::unique_ptr<Proxy> m_proxy;

  // Sends `bytes` on a new connection and returns everything until close.
  std::string exchange(const std::string& bytes, bool* closed, int timeoutMs = kWait) {
    RawClient c(m_proxy->port());
    if (!c.connected() || !c.send(bytes)) {
      *closed = false;
      return {};
    }
    return c.readUntilClosed(timeoutMs, closed);
  }

  // The backend saw nothing, allowing a moment for bytes in flight to land.
  bool backendUntouched() {
    QTest::qWait(100);
    return m_backend->received().empty();
  }

 private slots:
  void initTestCase() {
    m_backend = std::make_unique<RecordingBackend>();
    QVERIFY(m_backend->port() > 0);
    m_proxy = std::make_unique<Proxy>(
        m_backend->port(),
        QStringList{QStringLiteral("--header-timeout"), QStringLiteral("1s"), QStringLiteral("--idle-timeout"),
                    QStringLiteral("1500ms"), QStringLiteral("--max-header-bytes"), QStringLiteral("4096"),
                    QStringLiteral("--max-headers"), QStringLiteral("20"), QStringLiteral("--max-uri"),
                    QStringLiteral("256")});
    QVERIFY2(m_proxy->port() > 0, m_proxy->stderrText().constData());
  }

  void cleanupTestCase() {
    m_proxy.reset();
    m_backend.reset();
  }

  void init() { m_backend->clear(); }

  void sanity() {
    bool closed = false;
    auto r = exchange(get("/ok", "Connection: close\r\n"), &closed);
    QCOMPARE(statusOf(r), 200);
    QVERIFY(closed);
    QCOMPARE(bodyOf(r), std::string("GET /ok body="));
  }

  void rejectedBeforeTheBackend_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("status");
    auto row = [](const char* name, const std::string& s, int status) {
      QTest::newRow(name) << QByteArray::fromStdString(s) << status;
    };
    const std::string post = "POST /s HTTP/1.1\r\nHost: app.test\r\n";
    row("cl+te", post + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400);
    row("te+cl", post + "Transfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n0\r\n\r\n", 400);
    row("duplicate cl", post + "Content-Length: 3\r\nContent-Length: 5\r\n\r\nabcde", 400);
    row("invalid cl", post + "Content-Length: 3x\r\n\r\nabc", 400);
    row("negative cl", post + "Content-Length: -3\r\n\r\nabc", 400);
    row("bad chunk size", post + "Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n", 400);
    row("chunk size overflow", post + "Transfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\nabc\r\n", 400);
    row("obs-fold", "GET /s HTTP/1.1\r\nHost: app.test\r\nX-A: 1\r\n X-B: 2\r\n\r\n", 400);
    row("space before colon", "GET /s HTTP/1.1\r\nHost : app.test\r\n\r\n", 400);
    row("bare lf", "GET /s HTTP/1.1\nHost: app.test\n\n", 400);
    row("bare lf in header", "GET /s HTTP/1.1\r\nHost: app.test\nX-A: 1\r\n\r\n", 400);
    row("two hosts", "GET /s HTTP/1.1\r\nHost: app.test\r\nHost: evil.test\r\n\r\n", 400);
    row("no host", "GET /s HTTP/1.1\r\nX-A: 1\r\n\r\n", 400);
    row("te in http/1.0", "POST /s HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400);
    row("uri too long", "GET /" + std::string(300, 'u') + " HTTP/1.1\r\nHost: app.test\r\n\r\n", 414);
    row("header bytes", "GET /s HTTP/1.1\r\nHost: app.test\r\nX-Big: " + std::string(5000, 'v') + "\r\n\r\n", 431);
    std::string many = "GET /s HTTP/1.1\r\nHost: app.test\r\n";
    for (int i = 0; i < 25; ++i) many += "X-H" + std::to_string(i) + ": v\r\n";
    row("header count", many + "\r\n", 431);
  }

  void rejectedBeforeTheBackend() {
    QFETCH(QByteArray, bytes);
    QFETCH(int, status);
    bool closed = false;
    const std::string r = exchange(bytes.toStdString(), &closed);
    QVERIFY2(statusOf(r) == status, r.c_str());
    QVERIFY2(closed, "the connection stays open after a rejection");
    QVERIFY2(backendUntouched(), m_backend->received().c_str());
  }

  void smuggledSecondRequestNotForwarded() {
    // A valid request followed by a CL+TE one on the same connection: the
    // first is served, the second rejected, and only the first reaches the
    // backend.
    bool closed = false;
    const std::string r = exchange(get("/first") + "POST /smuggle HTTP/1.1\r\nHost: app.test\r\n"
                                   "Content-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /x",
                                   &closed);
    auto parts = responses(r);
    QVERIFY2(parts.size() == 2, r.c_str());
    QCOMPARE(statusOf(parts[0]), 200);
    QCOMPARE(statusOf(parts[1]), 400);
    QVERIFY(closed);
    QTest::qWait(100);
    const std::string seen = m_backend->received();
    QVERIFY2(seen.find("/first") != std::string::npos, seen.c_str());
    QVERIFY2(seen.find("smuggle") == std::string::npos, seen.c_str());
  }

  void slowlorisGets408() {
    // Bytes keep trickling in, yet the head is late: the header timeout
    // runs from the first byte, not from the last.
    RawClient c(m_proxy->port());
    QVERIFY(c.connected());
    const auto start = RawClient::nowMs();
    const std::string head = "GET /slow HTTP/1.1\r\nHost: app.test\r\nX-A: ";
    QVERIFY(c.send(head));
    std::string r;
    bool closed = false;
    for (int i = 0; i < 20 && !closed; ++i) {
      c.send("a");
      r += c.readUntilClosed(150, &closed);
    }
    const auto elapsed = RawClient::nowMs() - start;
    QVERIFY2(statusOf(r) == 408, r.c_str());
    QVERIFY(closed);
    QVERIFY2(elapsed >= 950 && elapsed < 2500, qPrintable(QString::number(elapsed)));
    QVERIFY(backendUntouched());
  }

  void idleKeepAliveClosed() {
    RawClient c(m_proxy->port());
    QVERIFY(c.connected());
    QVERIFY(c.send(get("/idle")));
    auto first = c.readUntil(kWait, [](const std::string& s) { return responses(s).size() == 1; });
    QCOMPARE(statusOf(first), 200);
    const auto start = RawClient::nowMs();
    bool closed = false;
    auto rest = c.readUntilClosed(kWait, &closed);
    const auto elapsed = RawClient::nowMs() - start;
    QVERIFY(closed);
    QVERIFY2(rest.empty(), rest.c_str());  // idle close is silent
    QVERIFY2(elapsed >= 1450 && elapsed < 3000, qPrintable(QString::number(elapsed)));
  }

  void idleBeforeFirstByteClosedSilently() {
    RawClient c(m_proxy->port());
    QVERIFY(c.connected());
    bool closed = false;
    auto r = c.readUntilClosed(kWait, &closed);
    QVERIFY(closed);
    QVERIFY2(r.empty(), r.c_str());
  }

  void pipelinedInOrder() {
    RawClient c(m_proxy->port());
    QVERIFY(c.connected());
    QVERIFY(c.send(get("/p1") + get("/p2") + get("/p3", "Connection: close\r\n")));
    bool closed = false;
    auto r = c.readUntilClosed(kWait, &closed);
    auto parts = responses(r);
    QVERIFY2(parts.size() == 3, r.c_str());
    QCOMPARE(bodyOf(parts[0]), std::string("GET /p1 body="));
    QCOMPARE(bodyOf(parts[1]), std::string("GET /p2 body="));
    QCOMPARE(bodyOf(parts[2]), std::string("GET /p3 body="));
    QVERIFY(closed);
  }

  void chunkedBodyForwarded() {
    bool closed = false;
    auto r = exchange("POST /c HTTP/1.1\r\nHost: app.test\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                      "5;name=x\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n",
                      &closed);
    QVERIFY2(statusOf(r) == 200, r.c_str());
    QCOMPARE(bodyOf(r), std::string("POST /c body=hello world"));
    const std::string seen = m_backend->received();
    // Re-framed: chunk extensions are not passed on verbatim.
    QVERIFY2(seen.find("name=x") == std::string::npos, seen.c_str());
  }

  void lengthBodyAnsweredPromptly() {
    // The message completes with the last body byte, not when the idle
    // timeout (1.5 s here) cuts a wait for bytes that never come.
    RawClient c(m_proxy->port());
    QVERIFY(c.connected());
    const auto start = RawClient::nowMs();
    QVERIFY(c.send("POST /l HTTP/1.1\r\nHost: app.test\r\nContent-Length: 5\r\n\r\nhello"));
    auto r = c.readUntil(kWait, [](const std::string& s) { return responses(s).size() == 1; });
    QVERIFY2(statusOf(r) == 200, r.c_str());
    QCOMPARE(bodyOf(r), std::string("POST /l body=hello"));
    QVERIFY(RawClient::nowMs() - start < 1000);
  }

  void largeChunkedBodyStreams() {
    // Beyond the 64 KiB read before connecting, the body streams: the
    // prefix goes out as one chunk, the rest follows.
    std::string body;
    std::string wire = "POST /big HTTP/1.1\r\nHost: app.test\r\nTransfer-Encoding: chunked\r\n"
                       "Connection: close\r\n\r\n";
    for (int i = 0; i < 20; ++i) {
      std::string chunk(10000, static_cast<char>('a' + i));
      body += chunk;
      wire += "2710\r\n" + chunk + "\r\n";
    }
    wire += "0\r\n\r\n";
    bool closed = false;
    auto r = exchange(wire, &closed);
    QVERIFY2(statusOf(r) == 200, r.substr(0, 200).c_str());
    QVERIFY(bodyOf(r) == "POST /big body=" + body);
  }

  void hopByHopFieldsStayOnTheirHop() {
    // RFC 9110 7.6.1: the fixed list and whatever Connection names are not
    // forwarded; end-to-end fields are, whatever their case.
    bool closed = false;
    auto r = exchange("GET /hop HTTP/1.1\r\nHost: app.test\r\nConnection: keep-alive, X-Drop-Me\r\n"
                      "X-Drop-Me: 1\r\nKeep-Alive: timeout=5\r\nTE: trailers\r\nProxy-Connection: x\r\n"
                      "Upgrade: foo\r\nconnection: X-Also-Gone\r\nx-also-gone: 2\r\nX-Keep: yes\r\n\r\n",
                      &closed);
    QVERIFY2(statusOf(r) == 200, r.c_str());
    const std::string seen = m_backend->received();
    QVERIFY2(seen.find("X-Keep: yes") != std::string::npos, seen.c_str());
    for (const char* gone : {"X-Drop-Me", "Keep-Alive", "TE:", "Proxy-Connection", "Upgrade",
                             "x-also-gone", "X-Also-Gone"}) {
      QVERIFY2(seen.find(gone) == std::string::npos, (std::string(gone) + " in\n" + seen).c_str());
    }
  }

  void readBufferGrowsAndShrinksOnOneConnection() {
    // An idle connection keeps a small read buffer: a large body and then a
    // large head on the same keep-alive connection must still go through,
    // and a small request after them too.
    RawClient c(m_proxy->port());
    QVERIFY(c.connected());
    const std::string body(100000, 'b');
    const std::string big(3500, 'h');  // above the 2 KiB idle buffer, below --max-header-bytes
    QVERIFY(c.send("POST /one HTTP/1.1\r\nHost: app.test\r\nContent-Length: 100000\r\n\r\n" + body +
                   "GET /two HTTP/1.1\r\nHost: app.test\r\nX-Big: " + big + "\r\n\r\n"
                   "GET /three HTTP/1.1\r\nHost: app.test\r\n\r\n"));
    auto r = c.readUntil(kWait, [](const std::string& s) { return responses(s).size() == 3; });
    auto parts = responses(r);
    QVERIFY2(parts.size() == 3, (r.substr(0, 300) + " ... " + r.substr(r.size() > 600 ? r.size() - 600 : 0)).c_str());
    QCOMPARE(bodyOf(parts[0]), "POST /one body=" + body);
    QCOMPARE(statusOf(parts[1]), 200);
    QCOMPARE(statusOf(parts[2]), 200);
    QVERIFY(m_backend->received().find(big) != std::string::npos);
  }

  void expectContinue() {
    RawClient c(m_proxy->port());
    QVERIFY(c.connected());
    QVERIFY(c.send("PUT /e HTTP/1.1\r\nHost: app.test\r\nExpect: 100-continue\r\nContent-Length: 4\r\n"
                   "Connection: close\r\n\r\n"));
    auto interim = c.readUntil(kWait, [](const std::string& s) { return s.find("\r\n\r\n") != std::string::npos; });
    QVERIFY2(statusOf(interim) == 100, interim.c_str());
    QVERIFY(c.send("data"));
    bool closed = false;
    auto r = interim + c.readUntilClosed(kWait, &closed);
    auto parts = responses(r);
    QVERIFY2(parts.size() == 2 && statusOf(parts[1]) == 200, r.c_str());
    QCOMPARE(bodyOf(parts[1]), std::string("PUT /e body=data"));
    QVERIFY(m_backend->received().find("100-continue") == std::string::npos);
  }

  void http10Client() {
    bool closed = false;
    auto r = exchange("GET /old HTTP/1.0\r\n\r\n", &closed);
    // 1.0 or 1.1 in the status line are both fine; chunked framing is not.
    QVERIFY2(statusOf(r) == 200, r.c_str());
    QVERIFY2(r.find("ransfer-encoding") == std::string::npos, r.c_str());
    QCOMPARE(bodyOf(r), std::string("GET /old body="));
    QVERIFY(closed);  // 1.0 without keep-alive closes
  }

  void headHasNoBody() {
    RawClient c(m_proxy->port());
    QVERIFY(c.connected());
    QVERIFY(c.send("HEAD /h HTTP/1.1\r\nHost: app.test\r\n\r\n" + get("/after", "Connection: close\r\n")));
    bool closed = false;
    auto r = c.readUntilClosed(kWait, &closed);
    auto parts = responses(r, 0);
    QVERIFY2(parts.size() == 2, r.c_str());
    QCOMPARE(statusOf(parts[0]), 200);
    QVERIFY2(bodyOf(parts[0]).empty(), parts[0].c_str());
    QCOMPARE(bodyOf(parts[1]), std::string("GET /after body="));
  }

  void maxConnections() {
    // A separate proxy with room for two connections: the third is closed
    // at once without an answer, the first two keep working.
    Proxy small(m_backend->port(), {QStringLiteral("--max-connections"), QStringLiteral("2")});
    QVERIFY(small.port() > 0);
    RawClient a(small.port());
    RawClient b(small.port());
    for (RawClient* c : {&a, &b}) {
      QVERIFY(c->connected());
      QVERIFY(c->send(get("/keep")));
      auto r = c->readUntil(kWait, [](const std::string& s) { return responses(s).size() == 1; });
      QCOMPARE(statusOf(r), 200);
    }
    RawClient third(small.port());
    QVERIFY(third.connected());  // the kernel accepts; the proxy then closes it
    third.send(get("/third"));
    bool closed = false;
    auto r = third.readUntilClosed(kWait, &closed);
    QVERIFY(closed);
    QVERIFY2(r.empty(), r.c_str());
    QVERIFY(a.send(get("/again")));
    auto again = a.readUntil(kWait, [](const std::string& s) { return responses(s).size() == 1; });
    QCOMPARE(bodyOf(again), std::string("GET /again body="));
    QVERIFY(m_backend->received().find("/third") == std::string::npos);
  }
};

QTEST_GUILESS_MAIN(TestHttp1Hardening)
#include "tst_http1_hardening.moc"
