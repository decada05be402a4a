// The JSON bodies of tst_serve_kubernetes (in a .cpp: moc misreads raw strings it preprocesses).
#include "tests/proxycore/cluster/serve_kubernetes_objects.h"

namespace routedeck::tests::serve_kubernetes {

QString gateway(const QString& name, const QString& cls, int port) {
  return QStringLiteral(R"({"apiVersion":"gateway.networking.k8s.io/v1","kind":"Gateway",
    "metadata":{"name":"%1","namespace":"infra"},
    "spec":{"gatewayClassName":"%2","listeners":[{"name":"http","port":%3,"protocol":"HTTP",
      "allowedRoutes":{"namespaces":{"from":"All"}}}]}})")
      .arg(name, cls)
      .arg(port);
}

QString route(const QString& name, const QString& host, int weightA, int weightB, const QString& b) {
  return QStringLiteral(R"({"apiVersion":"gateway.networking.k8s.io/v1","kind":"HTTPRoute",
    "metadata":{"name":"%1","namespace":"shop"},
    "spec":{"parentRefs":[{"name":"edge","namespace":"infra"}],"hostnames":["%2"],
      "rules":[{"backendRefs":[{"name":"svc-a","port":8080,"weight":%3},{"name":"%5","port":8080,"weight":%4}]}]}})")
      .arg(name, host)
      .arg(weightA)
      .arg(weightB)
      .arg(b);
}

QString service(const QString& name) {
  return QStringLiteral(R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"%1","namespace":"shop"},
    "spec":{"ports":[{"name":"http","port":8080,"targetPort":9000}]}})")
      .arg(name);
}

QString slice(const QString& service, int port) {
  return QStringLiteral(R"({"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSlice",
    "metadata":{"name":"%1-1","namespace":"shop","labels":{"kubernetes.io/service-name":"%1"}},
    "addressType":"IPv4","ports":[{"name":"http","port":%2}],
    "endpoints":[{"addresses":["127.0.0.1"],"conditions":{"ready":true}}]})")
      .arg(service)
      .arg(port);
}



// A regex RE2 rejects: the route has an error RouteDeck cannot serve.
QString badRegexRoute() {
  return QStringLiteral(R"({"apiVersion":"gateway.networking.k8s.io/v1","kind":"HTTPRoute",
    "metadata":{"name":"regex","namespace":"shop"},
    "spec":{"parentRefs":[{"name":"edge","namespace":"infra"}],"hostnames":["regex.example.com"],
    "rules":[{"matches":[{"path":{"type":"RegularExpression","value":"/(a"}}],
              "backendRefs":[{"name":"svc-b","port":8080}]}]}})");
}

}  // namespace routedeck::tests::serve_kubernetes
