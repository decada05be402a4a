// Which protocol the proxy speaks to a backend, decided when routes compile:
// Service port appProtocol (Gateway API GEP-1911, Istio), Istio port-name
// prefixes, GRPCRoute backends (HTTP/2 unless the port says otherwise) and
// App Mesh VirtualNode listener protocols.
#include <QTest>

#include "tests/proxycore/router/router_fixture.h"

using namespace routedeck;
using routedeck::tests::routeOnce;

namespace {

const std::string kGateway = R"(
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: ns}
spec:
  gatewayClassName: x
  listeners: [{name: http, port: 80, protocol: HTTP}]
)";

std::string route(const char* kind) {
  return std::string("---\napiVersion: gateway.networking.k8s.io/v1\nkind: ") + kind +
         "\nmetadata: {name: r, namespace: ns}\nspec:\n  parentRefs: [{name: gw}]\n"
         "  rules:\n  - backendRefs: [{name: svc, port: 8080}]\n";
}

std::string service(const std::string& port) {
  return "---\napiVersion: v1\nkind: Service\nmetadata: {name: svc, namespace: ns}\nspec:\n  ports: [" +
         port + "]\n";
}

const std::string kIstio = R"(
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: ns}
spec:
  selector: {istio: ingressgateway}
  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ['*']}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: vs, namespace: ns}
spec:
  hosts: ['*']
  gateways: [gw]
  http: [{route: [{destination: {host: svc, port: {number: 8080}}}]}]
)";

std::string appMesh(const char* protocol) {
  return std::string(R"(
apiVersion: appmesh.k8s.aws/v1beta2
kind: VirtualGateway
metadata: {name: vg, namespace: ns}
spec:
  listeners: [{portMapping: {port: 8088, protocol: http}}]
---
apiVersion: appmesh.k8s.aws/v1beta2
kind: GatewayRoute
metadata: {name: gr, namespace: ns}
spec:
  httpRoute:
    match: {prefix: /}
    action: {target: {virtualService: {virtualServiceRef: {name: colors}}}}
---
apiVersion: appmesh.k8s.aws/v1beta2
kind: VirtualService
metadata: {name: colors, namespace: ns}
spec:
  awsName: colors.ns.svc.cluster.local
  provider: {virtualNode: {virtualNodeRef: {name: red}}}
---
apiVersion: appmesh.k8s.aws/v1beta2
kind: VirtualNode
metadata: {name: red, namespace: ns}
spec:
  listeners: [{portMapping: {port: 8080, protocol: )") +
         protocol + "}}]\n";
}

}  // namespace

class TestBackendProtocol : public QObject {
  Q_OBJECT
 private slots:
  void protocol_data() {
    QTest::addColumn<QString>("yaml");
    QTest::addColumn<QString>("request");
    QTest::addColumn<QString>("expected");
    auto row = [](const char* name, const std::string& yaml, const char* req, const char* expected) {
      QTest::newRow(name) << QString::fromStdString(yaml) << QString::fromLatin1(req)
                          << QString::fromLatin1(expected);
    };
    const char* get = "GET http://x/";
    row("appProtocol kubernetes.io/h2c", kGateway + route("HTTPRoute") +
        service("{name: web, port: 8080, appProtocol: kubernetes.io/h2c}"), get, "h2c");
    row("appProtocol http", kGateway + route("HTTPRoute") +
        service("{name: grpc, port: 8080, appProtocol: http}"), get, "HTTP/1.1");
    row("appProtocol of another port", kGateway + route("HTTPRoute") +
        service("{name: web, port: 8080}, {name: x, port: 9090, appProtocol: kubernetes.io/h2c}"), get,
        "HTTP/1.1");
    row("port name grpc", kGateway + route("HTTPRoute") + service("{name: grpc, port: 8080}"), get, "h2c");
    row("port name http2-api", kGateway + route("HTTPRoute") + service("{name: http2-api, port: 8080}"), get,
        "h2c");
    row("port name grpc-web", kGateway + route("HTTPRoute") + service("{name: grpc-web, port: 8080}"), get,
        "HTTP/1.1");
    row("port name grpcx is no prefix", kGateway + route("HTTPRoute") + service("{name: grpcx, port: 8080}"),
        get, "HTTP/1.1");
    row("no Service object", kGateway + route("HTTPRoute"), get, "HTTP/1.1");
    row("GRPCRoute backend", kGateway + route("GRPCRoute") + service("{name: web, port: 8080}"),
        "POST http://x/pkg.Svc/Call", "h2c");
    row("GRPCRoute backend whose port says http", kGateway + route("GRPCRoute") +
        service("{name: web, port: 8080, appProtocol: http}"), "POST http://x/pkg.Svc/Call", "HTTP/1.1");
    row("Istio port name grpc", kIstio + service("{name: grpc-api, port: 8080}"), get, "h2c");
    row("Istio appProtocol http2", kIstio + service("{name: web, port: 8080, appProtocol: http2}"), get, "h2c");
    row("Istio port name http", kIstio + service("{name: http, port: 8080}"), get, "HTTP/1.1");
    row("App Mesh VirtualNode grpc", appMesh("grpc"), "GET http://x:8088/", "h2c");
    row("App Mesh VirtualNode http2", appMesh("http2"), "GET http://x:8088/", "h2c");
    row("App Mesh VirtualNode http", appMesh("http"), "GET http://x:8088/", "HTTP/1.1");
  }

  void protocol() {
    QFETCH(QString, yaml);
    QFETCH(QString, request);
    QFETCH(QString, expected);
    core::router::Decision d;
    const std::string routed = routeOnce(yaml.toStdString(), request.toStdString(), {}, {}, &d);
    QVERIFY2(routed.rfind("error", 0) != 0 && routed.rfind("status", 0) != 0, routed.c_str());
    QVERIFY(!d.backends.empty());
    QCOMPARE(QString::fromLatin1(core::router::backendProtocolName(d.backends[0].protocol)), expected);
    // explain's JSON names the protocol only when it is not the default.
    const bool shown = core::router::toJson(d).find("\"protocol\": \"h2c\"") != std::string::npos;
    QCOMPARE(shown, expected == QLatin1String("h2c"));
  }
};

QTEST_GUILESS_MAIN(TestBackendProtocol)
#include "tst_backend_protocol.moc"
