// The cluster objects of tst_journey_cluster as JSON (in their own .cpp:
// moc misreads raw strings it preprocesses).
#include "tests/ui/cluster_journey_objects.h"

namespace routedeck::tests::cluster_journey {


QString service(const QString& name) {
  return QStringLiteral(R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"%1","namespace":"shop"},
    "spec":{"ports":[{"name":"http","port":8080}]}})")
      .arg(name);
}

QString gateway() {
  return QStringLiteral(R"({"apiVersion":"gateway.networking.k8s.io/v1","kind":"Gateway",
    "metadata":{"name":"edge","namespace":"shop"},
    "spec":{"gatewayClassName":"routedeck","listeners":[{"name":"http","port":80,"protocol":"HTTP"}]}})");
}

QString route(int a, int b) {
  return QStringLiteral(R"({"apiVersion":"gateway.networking.k8s.io/v1","kind":"HTTPRoute",
    "metadata":{"name":"web","namespace":"shop"},
    "spec":{"parentRefs":[{"name":"edge"}],"hostnames":["web.example.com"],
      "rules":[{"backendRefs":[{"name":"svc-a","port":8080,"weight":%1},{"name":"svc-b","port":8080,"weight":%2}]}]}})")
      .arg(a)
      .arg(b);
}


QString reviewsRoute() {
  return QStringLiteral(R"({"apiVersion":"gateway.networking.k8s.io/v1","kind":"HTTPRoute",
    "metadata":{"name":"reviews","namespace":"default"},
    "spec":{"rules":[{"backendRefs":[{"name":"reviews","port":9080}]}]}})");
}

}  // namespace routedeck::tests::cluster_journey
