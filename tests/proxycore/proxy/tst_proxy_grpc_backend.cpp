// gRPC through the proxy to a real grpc++ server (h2c). First an HTTP/1.1
// client speaking gRPC's framing itself, so what reaches the server is
// exactly what the proxy made of it; then a grpc++ client over h2c end to
// end. GRPCRoute backends are h2c without any appProtocol; the Istio route
// retries on gRPC status codes.
#include <QElapsedTimer>
#include <QFile>
#include <QTest>

#include <memory>

#include <grpcpp/grpcpp.h>

#include "routedeck/test/v1/echo.grpc.pb.h"
#include "tests/proxycore/proxy/grpc_test/grpc_echo_server.h"
#include "tests/proxycore/proxy/live_http.h"
#include "tests/proxycore/proxy/proxy_env.h"

using namespace routedeck::tests;
namespace v1 = routedeck::test::v1;

namespace {

const char* kGrpcRoute = R"(---
apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata: {name: echo, namespace: test}
spec:
  parentRefs: [{name: edge}]
  hostnames: [grpc.example.com]
  rules:
  - matches: [{method: {service: routedeck.test.v1.Echo}}]
    backendRefs: [{name: grpc-echo, port: 50051}]
---
apiVersion: v1
kind: Service
metadata: {name: grpc-echo, namespace: test}
spec:
  ports: [{name: rpc, port: 50051}]
)";

const char* kIstioRules = R"(  - retries: {attempts: 2, retryOn: unavailable}
    route: [{destination: {host: grpc-echo, port: {number: 50051}}}]
---
apiVersion: v1
kind: Service
metadata: {name: grpc-echo, namespace: test}
spec:
  ports: [{name: grpc, port: 50051}]
)";

// gRPC length-prefixed message framing.
std::string frame(const google::protobuf::Message& m) {
  std::string payload = m.SerializeAsString();
  std::string out(5, '\0');
  const uint32_t n = static_cast<uint32_t>(payload.size());
  out[1] = static_cast<char>(n >> 24);
  out[2] = static_cast<char>(n >> 16);
  out[3] = static_cast<char>(n >> 8);
  out[4] = static_cast<char>(n);
  return out + payload;
}

std::vector<v1::EchoReply> replies(const std::string& body) {
  std::vector<v1::EchoReply> out;
  size_t pos = 0;
  while (pos + 5 <= body.size()) {
    const auto b = [&](size_t i) { return static_cast<uint32_t>(static_cast<unsigned char>(body[pos + i])); };
    const uint32_t n = (b(1) << 24) | (b(2) << 16) | (b(3) << 8) | b(4);
    if (pos + 5 + n > body.size()) break;
    v1::EchoReply r;
    r.ParseFromString(body.substr(pos + 5, n));
    out.push_back(r);
    pos += 5 + n;
  }
  return out;
}

HeaderList grpcHeaders(const char* timeout = nullptr) {
  HeaderList h{{"content-type", "application/grpc"}, {"te", "trailers"}};
  if (timeout) h.emplace_back("grpc-timeout", timeout);
  return h;
}

}  // namespace

class TestProxyGrpcBackend : public QObject {
  Q_OBJECT
  std::unique_ptr<GrpcEchoServer> m_server;
  std::unique_ptr<ProxyEnv> m_gw;
  std::unique_ptr<ProxyEnv> m_istio;

  // A plaintext channel to the proxy: grpc++ speaks h2c with prior knowledge.
  std::unique_ptr<v1::Echo::Stub> stubFor(ProxyEnv& env, const char* authority) {
    grpc::ChannelArguments args;
    args.SetString(GRPC_ARG_DEFAULT_AUTHORITY, authority);
    auto channel = grpc::CreateCustomChannel("127.0.0.1:" + std::to_string(env.proxyPort()),
                                             grpc::InsecureChannelCredentials(), args);
    return v1::Echo::NewStub(channel);
  }

  HttpResponse call(ProxyEnv& env, const char* host, const std::string& method, const v1::EchoRequest& req,
                    const char* timeout = nullptr) {
    HttpClient c(env.proxyPort());
    return c.request("POST", "/routedeck.test.v1.Echo/" + method, host, grpcHeaders(timeout), frame(req));
  }

 private slots:
  void initTestCase() {
    m_server = std::make_unique<GrpcEchoServer>();
    QVERIFY(m_server->port() > 0);
    m_gw = std::make_unique<ProxyEnv>();
    m_gw->write(QStringLiteral("routes.yaml"), gatewayApiBase() + QString::fromUtf8(kGrpcRoute));
    auto ws = m_gw->write(QStringLiteral("workspace.yaml"),
                          workspaceYaml(QStringLiteral("test/edge"), QStringLiteral("http"), m_gw->proxyPort(),
                                        {QStringLiteral("routes.yaml")},
                                        serviceEntry(QStringLiteral("grpc-echo"), 50051, {m_server->port()})));
    QVERIFY2(m_gw->startServe(ws, {QStringLiteral("--access-log"), m_gw->path(QStringLiteral("access.log"))}),
             qPrintable(m_gw->serve() ? m_gw->serve()->err() : QString()));

    m_istio = std::make_unique<ProxyEnv>();
    m_istio->write(QStringLiteral("routes.yaml"), istioEdge(QStringLiteral("grpc")) + QString::fromUtf8(kIstioRules));
    auto iws = m_istio->write(
        QStringLiteral("workspace.yaml"),
        workspaceYaml(QStringLiteral("test/edge-gw"), QStringLiteral("http"), m_istio->proxyPort(),
                      {QStringLiteral("routes.yaml")},
                      serviceEntry(QStringLiteral("grpc-echo"), 50051, {m_server->port()})));
    QVERIFY2(m_istio->startServe(iws), qPrintable(m_istio->serve() ? m_istio->serve()->err() : QString()));
  }

  void unary() {
    v1::EchoRequest req;
    req.set_message("hello");
    req.set_key("unary");
    auto r = call(*m_gw, "grpc.example.com", "Unary", req);
    QVERIFY2(r.ok, r.error.c_str());
    QCOMPARE(r.status, 200);
    QVERIFY(r.header("content-type").rfind("application/grpc", 0) == 0);
    auto out = replies(r.body);
    QCOMPARE(out.size(), size_t(1));
    QCOMPARE(out[0].message(), std::string("hello"));
    QCOMPARE(r.trailers["grpc-status"], std::string("0"));
  }

  void serverStreaming() {
    v1::EchoRequest req;
    req.set_message("tick");
    req.set_count(5);
    req.set_delay_ms(20);
    auto r = call(*m_gw, "grpc.example.com", "ServerStream", req);
    QCOMPARE(r.status, 200);
    auto out = replies(r.body);
    QCOMPARE(out.size(), size_t(5));
    for (int i = 0; i < 5; ++i) QCOMPARE(out[static_cast<size_t>(i)].index(), i);
    QCOMPARE(r.trailers["grpc-status"], std::string("0"));
  }

  // A failure with no retry policy: the trailers-only UNAVAILABLE is relayed as is.
  void unavailableRelayed() {
    v1::EchoRequest req;
    req.set_key("no-retry");
    req.set_fail_first(1);
    auto r = call(*m_gw, "grpc.example.com", "Unary", req);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("grpc-status"), std::string("14"));
    QCOMPARE(m_server->calls("no-retry"), 1);
  }

  void retriedUnavailable() {
    v1::EchoRequest req;
    req.set_message("second time lucky");
    req.set_key("retried");
    req.set_fail_first(1);
    auto r = call(*m_istio, "mesh.example.com", "Unary", req);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.trailers["grpc-status"], std::string("0"));
    auto out = replies(r.body);
    QCOMPARE(out.size(), size_t(1));
    QCOMPARE(out[0].message(), std::string("second time lucky"));
    QCOMPARE(m_server->calls("retried"), 2);
    // Three failures outlast two retries: the last UNAVAILABLE is the answer.
    req.set_key("exhausted");
    req.set_fail_first(3);
    auto e = call(*m_istio, "mesh.example.com", "Unary", req);
    QCOMPARE(e.header("grpc-status"), std::string("14"));
    QCOMPARE(m_server->calls("exhausted"), 3);
  }

  // grpc-timeout passes on to the backend, and grpc++ enforces it too: the
  // proxy's timer (flag UT) and the server's own DEADLINE_EXCEEDED race, and
  // either is right. (tst_proxy_h2_upstream's backend ignores grpc-timeout,
  // so the proxy's answer is checked there.)
  void deadlineExceeded() {
    v1::EchoRequest req;
    req.set_key("slow");
    req.set_delay_ms(3000);
    QElapsedTimer t;
    t.start();
    auto r = call(*m_gw, "grpc.example.com", "Unary", req, "200m");
    QCOMPARE(r.status, 200);  // trailers-only: the status is gRPC's
    QCOMPARE(r.header("grpc-status"), std::string("4"));  // DEADLINE_EXCEEDED
    QVERIFY2(t.elapsed() < 2000, qPrintable(QString::number(t.elapsed())));
  }

  // grpc++ client → proxy (h2c) → grpc++ server.
  void grpcClientUnary() {
    auto stub = stubFor(*m_gw, "grpc.example.com");
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    v1::EchoRequest req;
    req.set_message("end to end");
    req.set_key("e2e-unary");
    v1::EchoReply reply;
    const grpc::Status st = stub->Unary(&ctx, req, &reply);
    QVERIFY2(st.ok(), st.error_message().c_str());
    QCOMPARE(reply.message(), std::string("end to end"));
    QCOMPARE(m_server->calls("e2e-unary"), 1);
  }

  void grpcClientServerStreaming() {
    auto stub = stubFor(*m_gw, "grpc.example.com");
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    v1::EchoRequest req;
    req.set_message("s");
    req.set_count(20);
    req.set_delay_ms(5);
    auto reader = stub->ServerStream(&ctx, req);
    v1::EchoReply r;
    int n = 0;
    while (n < 100 && reader->Read(&r)) {  // bounded: 20 are expected
      QCOMPARE(r.index(), n);
      ++n;
    }
    const grpc::Status st = reader->Finish();
    QVERIFY2(st.ok(), st.error_message().c_str());
    QCOMPARE(n, 20);
  }

  // The call's deadline travels as grpc-timeout; when it passes, the call
  // ends DEADLINE_EXCEEDED and the backend sees its call cancelled (by the
  // proxy's deadline or by the client's reset passed on as RST_STREAM).
  void grpcClientDeadlineExceeded() {
    auto stub = stubFor(*m_gw, "grpc.example.com");
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(300));
    v1::EchoRequest req;
    req.set_key("e2e-slow");
    req.set_delay_ms(5000);
    v1::EchoReply reply;
    QElapsedTimer t;
    t.start();
    const grpc::Status st = stub->Unary(&ctx, req, &reply);
    QCOMPARE(int(st.error_code()), int(grpc::StatusCode::DEADLINE_EXCEEDED));
    QVERIFY2(t.elapsed() < 2000, qPrintable(QString::number(t.elapsed())));
    QTRY_COMPARE_WITH_TIMEOUT(m_server->calls("cancelled:e2e-slow"), 1, 3000);
  }

  void grpcClientRetriedUnavailable() {
    auto stub = stubFor(*m_istio, "mesh.example.com");
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    v1::EchoRequest req;
    req.set_message("retried end to end");
    req.set_key("e2e-retried");
    req.set_fail_first(2);
    v1::EchoReply reply;
    const grpc::Status st = stub->Unary(&ctx, req, &reply);
    QVERIFY2(st.ok(), st.error_message().c_str());
    QCOMPARE(reply.message(), std::string("retried end to end"));
    QCOMPARE(m_server->calls("e2e-retried"), 3);
  }

  // Per-method stats: the access log names the service, method and status.
  void accessLogNamesTheMethod() {
    const QString path = m_gw->path(QStringLiteral("access.log"));
    QTRY_VERIFY_WITH_TIMEOUT(QFile(path).size() > 0, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
          QFile f(path);
          return f.open(QIODevice::ReadOnly) &&
                 f.readAll().contains("\"grpc_service\":\"routedeck.test.v1.Echo\",\"grpc_method\":"
                                      "\"ServerStream\",\"grpc_status\":0");
        }(),
        5000);
  }
};

QTEST_GUILESS_MAIN(TestProxyGrpcBackend)
#include "tst_proxy_grpc_backend.moc"
