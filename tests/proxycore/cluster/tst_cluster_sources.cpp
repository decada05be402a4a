// routedeckd's in-cluster mode without a server: watched objects (as the
// API server sends them, bookkeeping and all) become workspace sources that
// load without errors, with listeners bound for our GatewayClass only and
// EndpointSlices as endpoints; the compiled table gives each route the
// Gateway API status conditions an implementation must write.
#include <QTest>

#include <set>

#include "proxycore/cluster/cluster_sources.h"
#include "proxycore/cluster/route_status.h"

using namespace routedeck::core;
using namespace routedeck::core::cluster;

namespace {

ClusterObject obj(const char* apiVersion, const char* kind, const char* ns, const char* name, std::string json) {
  return {apiVersion, kind, ns, name, std::move(json), ""};
}

// What a real server adds to every object: none of it belongs in a route.
const char* kBookkeeping =
    R"("uid":"7f0c","resourceVersion":"42","generation":3,"creationTimestamp":"2026-11-27T07:00:00Z",)"
    R"("managedFields":[{"manager":"kubectl","operation":"Apply","apiVersion":"v1","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{}}}],)"
    R"("annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{}"})";

std::vector<ClusterObject> sampleCluster() {
  const std::string meta = kBookkeeping;
  return {
      obj("gateway.networking.k8s.io/v1", "Gateway", "infra", "edge",
          R"({"apiVersion":"gateway.networking.k8s.io/v1","kind":"Gateway","metadata":{"name":"edge","namespace":"infra",)" +
              meta +
              R"(},"spec":{"gatewayClassName":"routedeck","listeners":[
                {"name":"http","port":80,"protocol":"HTTP","hostname":"*.example.com","allowedRoutes":{"namespaces":{"from":"All"}}}]},
              "status":{"conditions":[]}})"),
      obj("gateway.networking.k8s.io/v1", "Gateway", "infra", "theirs",
          R"({"apiVersion":"gateway.networking.k8s.io/v1","kind":"Gateway","metadata":{"name":"theirs","namespace":"infra"},
              "spec":{"gatewayClassName":"istio","listeners":[{"name":"http","port":8080,"protocol":"HTTP"}]}})"),
      obj("gateway.networking.k8s.io/v1", "HTTPRoute", "shop", "web",
          R"({"apiVersion":"gateway.networking.k8s.io/v1","kind":"HTTPRoute","metadata":{"name":"web","namespace":"shop",)" +
              meta +
              R"(},"spec":{"parentRefs":[{"name":"edge","namespace":"infra"},{"name":"theirs","namespace":"infra"}],
                "hostnames":["shop.example.com"],
                "rules":[{"backendRefs":[{"name":"web-v1","port":8080,"weight":90},{"name":"web-v2","port":8080,"weight":10}]}]},
              "status":{"parents":[]}})"),
      obj("gateway.networking.k8s.io/v1", "HTTPRoute", "shop", "elsewhere",
          R"({"apiVersion":"gateway.networking.k8s.io/v1","kind":"HTTPRoute","metadata":{"name":"elsewhere","namespace":"shop"},
              "spec":{"parentRefs":[{"name":"edge","namespace":"infra"}],"hostnames":["shop.example.org"],
                "rules":[{"backendRefs":[{"name":"web-v1","port":8080}]}]}})"),
      obj("gateway.networking.k8s.io/v1", "HTTPRoute", "shop", "broken",
          R"({"apiVersion":"gateway.networking.k8s.io/v1","kind":"HTTPRoute","metadata":{"name":"broken","namespace":"shop"},
              "spec":{"parentRefs":[{"name":"edge","namespace":"infra"}],"hostnames":["broken.example.com"],
                "rules":[{"backendRefs":[{"name":"missing","port":8080}]},
                         {"backendRefs":[{"name":"db","namespace":"data","port":5432}]}]}})"),
      obj("v1", "Service", "shop", "web-v1",
          R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"web-v1","namespace":"shop",)" + meta +
              R"(},"spec":{"ports":[{"name":"http","port":8080,"targetPort":9000}]},"status":{"loadBalancer":{}}})"),
      obj("v1", "Service", "shop", "web-v2",
          R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"web-v2","namespace":"shop"},
              "spec":{"ports":[{"name":"http","port":8080}]}})"),
      obj("v1", "Service", "data", "db",
          R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"db","namespace":"data"},"spec":{"ports":[{"port":5432}]}})"),
      obj("discovery.k8s.io/v1", "EndpointSlice", "shop", "web-v1-abc",
          R"({"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSlice","metadata":{"name":"web-v1-abc","namespace":"shop",
              "labels":{"kubernetes.io/service-name":"web-v1"}},"addressType":"IPv4",
              "ports":[{"name":"http","port":9000}],
              "endpoints":[{"addresses":["10.0.0.1"],"conditions":{"ready":true}},
                           {"addresses":["10.0.0.2"],"conditions":{"ready":false}},
                           {"addresses":["10.0.0.3"]}]})"),
      obj("discovery.k8s.io/v1", "EndpointSlice", "shop", "web-v2-def",
          R"({"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSlice","metadata":{"name":"web-v2-def","namespace":"shop",
              "labels":{"kubernetes.io/service-name":"web-v2"}},"addressType":"IPv4",
              "ports":[{"name":"metrics","port":9100}],
              "endpoints":[{"addresses":["10.0.1.1"]}]})"),
      obj("v1", "ConfigMap", "shop", "ignored", "not even JSON: ConfigMaps are not read"),
  };
}

const model::EndpointSet* endpointsOf(const model::Config& c, const std::string& service) {
  for (const auto& s : c.serviceEndpoints) {
    if (s.service == service) return &s;
  }
  return nullptr;
}

std::string diagText(const Diagnostics& d) {
  std::string out;
  for (const auto& x : d.items()) out += x.format() + "\n";
  return out;
}

}  // namespace

class TestClusterSources : public QObject {
  Q_OBJECT
  ClusterScope scope() const {
    ClusterScope s;
    s.bindAddress = "127.0.0.1";
    s.portMap = {{80, 18080}};
    return s;
  }

 private slots:
  void objectsLoadAsAWorkspace() {
    auto sources = buildSources(sampleCluster(), scope());
    QVERIFY2(sources.ok(), sources.ok() ? "" : sources.error().message.c_str());
    QCOMPARE(sources->gateways, std::vector<std::string>{"infra/edge"});
    Diagnostics diags;
    const model::Config c = workspace::loadSources(sources->sources, diags);
    QVERIFY2(!diags.hasErrors(), diagText(diags).c_str());
    QCOMPARE(c.gateways.size(), size_t(1));  // "theirs" belongs to another class
    QCOMPARE(c.routes.size(), size_t(3));
    QVERIFY2(c.listenerBindings.size() == 1, sources->sources.front().text.c_str());
    QCOMPARE(c.listenerBindings.front().gateway, std::string("infra/edge"));
    QCOMPARE(c.listenerBindings.front().bind, std::string("127.0.0.1:18080"));
  }

  void endpointSlicesBecomeReadyEndpointsAtTheTargetPort() {
    auto sources = buildSources(sampleCluster(), scope());
    QVERIFY(sources.ok());
    Diagnostics diags;
    const model::Config c = workspace::loadSources(sources->sources, diags);
    const model::EndpointSet* v1 = endpointsOf(c, "shop/web-v1");
    QVERIFY(v1);
    QCOMPARE(v1->port, std::optional<int>(8080));
    QCOMPARE(v1->endpoints.size(), size_t(2));  // 10.0.0.2 is not ready
    QCOMPARE(v1->endpoints[0].address, std::string("10.0.0.1:9000"));
    QCOMPARE(v1->endpoints[1].address, std::string("10.0.0.3:9000"));
    // web-v2's slice has no port named "http": no endpoints for it.
    QVERIFY(!endpointsOf(c, "shop/web-v2"));
  }

  // routedeckd --istio-selector: Istio Gateways whose selector has the
  // label are served, each server's port bound under its port name.
  void istioGatewaysBySelector() {
    auto objects = sampleCluster();
    objects.push_back(obj("networking.istio.io/v1", "Gateway", "infra", "ingress",
                          R"({"apiVersion":"networking.istio.io/v1","kind":"Gateway","metadata":{"name":"ingress","namespace":"infra"},
                              "spec":{"selector":{"istio":"ingressgateway"},
                                "servers":[{"port":{"number":8443,"name":"https-alt","protocol":"HTTP"},"hosts":["*"]}]}})"));
    objects.push_back(obj("networking.istio.io/v1", "Gateway", "infra", "egress",
                          R"({"apiVersion":"networking.istio.io/v1","kind":"Gateway","metadata":{"name":"egress","namespace":"infra"},
                              "spec":{"selector":{"istio":"egressgateway"},
                                "servers":[{"port":{"number":9443,"name":"tls","protocol":"HTTP"},"hosts":["*"]}]}})"));
    ClusterScope s = scope();
    s.istioSelector = {{"istio", "ingressgateway"}};
    auto sources = buildSources(objects, s);
    QVERIFY(sources.ok());
    QCOMPARE(sources->gateways, (std::vector<std::string>{"infra/edge", "infra/ingress"}));
    Diagnostics diags;
    const model::Config c = workspace::loadSources(sources->sources, diags);
    QVERIFY2(!diags.hasErrors(), diagText(diags).c_str());
    QCOMPARE(c.listenerBindings.size(), size_t(2));
    QCOMPARE(c.listenerBindings[1].gateway, std::string("infra/ingress"));
    QCOMPARE(c.listenerBindings[1].listener, std::string("https-alt"));
    QCOMPARE(c.listenerBindings[1].bind, std::string("127.0.0.1:8443"));
  }

  // "Run locally": every gateway, each (gateway, port) on its own local
  // port, Services on the given local endpoints instead of the pods'.
  void localRunBindsEveryGatewayApart() {
    ClusterScope s;
    s.allGateways = true;
    s.bindAddress = "127.0.0.1";
    s.autoPortBase = 18600;
    s.localEndpoints = {{"shop/web-v1", "127.0.0.1:9001"}};
    auto sources = buildSources(sampleCluster(), s);
    QVERIFY(sources.ok());
    QCOMPARE(sources->gateways.size(), size_t(2));  // theirs too
    Diagnostics diags;
    const model::Config c = workspace::loadSources(sources->sources, diags);
    QVERIFY2(!diags.hasErrors(), diagText(diags).c_str());
    std::set<std::string> binds;
    for (const auto& b : c.listenerBindings) binds.insert(b.bind);
    QCOMPARE(binds, (std::set<std::string>{"127.0.0.1:18600", "127.0.0.1:18601"}));
    const model::EndpointSet* v1 = endpointsOf(c, "shop/web-v1");
    QVERIFY(v1);
    QCOMPARE(v1->endpoints.size(), size_t(1));
    QCOMPARE(v1->endpoints[0].address, std::string("127.0.0.1:9001"));
    QVERIFY(!endpointsOf(c, "shop/web-v2"));  // not mapped: no pod addresses either
  }

  void badJsonNamesTheObject() {
    auto objects = sampleCluster();
    objects.push_back(obj("gateway.networking.k8s.io/v1", "HTTPRoute", "shop", "cut", "{\"apiVersion\":"));
    auto sources = buildSources(objects, scope());
    QVERIFY(!sources.ok());
    QCOMPARE(sources.error().message.rfind("HTTPRoute shop/cut: ", 0), size_t(0));
  }

  void routeStatusFollowsTheTable() {
    auto sources = buildSources(sampleCluster(), scope());
    QVERIFY(sources.ok());
    Diagnostics diags;
    auto config = std::make_shared<const model::Config>(workspace::loadSources(sources->sources, diags));
    auto table = router::RouteTable::compile(config, diags);
    const auto statuses = computeRouteStatuses(*table, sources->gateways);
    std::map<std::string, RouteStatus> byName;
    for (const auto& s : statuses) byName[s.name] = s;
    QCOMPARE(byName.size(), size_t(3));

    // web: only the parentRef to our gateway gets a status.
    const RouteStatus& web = byName["web"];
    QCOMPARE(web.parents.size(), size_t(1));
    QCOMPARE(web.parents[0].parentRef.name, std::string("edge"));
    QCOMPARE(web.parents[0].conditions[0].type, std::string("Accepted"));
    QVERIFY(web.parents[0].conditions[0].status);
    QCOMPARE(web.parents[0].conditions[1].reason, std::string("ResolvedRefs"));

    const auto& elsewhere = byName["elsewhere"].parents.at(0).conditions;
    QVERIFY(!elsewhere[0].status);
    QCOMPARE(elsewhere[0].reason, std::string("NoMatchingListenerHostname"));

    const auto& broken = byName["broken"].parents.at(0).conditions;
    QVERIFY(broken[0].status);  // attached; its backends are the problem
    QVERIFY(!broken[1].status);
    QCOMPARE(broken[1].reason, std::string("BackendNotFound"));
    QVERIFY2(broken[1].message.find("no ReferenceGrant in data") != std::string::npos, broken[1].message.c_str());
  }

  void mergedStatusKeepsOthersAndTransitionTimes() {
    RouteStatus ours{"gateway.networking.k8s.io/v1", "HTTPRoute", "shop", "web", {}};
    model::ParentRef edge;
    edge.name = "edge";
    edge.ns = "infra";
    ours.parents.push_back({edge, {{"Accepted", true, "Accepted", "ok"}, {"ResolvedRefs", true, "ResolvedRefs", "ok"}}});
    const std::string ctl = "routedeck.dev/gateway-controller";
    const std::string theirs =
        R"({"parentRef":{"group":"gateway.networking.k8s.io","kind":"Gateway","name":"theirs","namespace":"infra"},)"
        R"("controllerName":"istio.io/gateway-controller","conditions":[]})";
    const std::string first = mergedStatusJson("{\"parents\":[" + theirs + "]}", ours, ctl, 3, "2026-11-27T08:00:00Z");
    QVERIFY2(first.find("istio.io/gateway-controller") != std::string::npos, first.c_str());
    QVERIFY(first.find("\"observedGeneration\":3") != std::string::npos);
    // Later, the same verdict: the time stays; a changed one moves.
    const std::string same = mergedStatusJson(first, ours, ctl, 4, "2026-11-27T09:00:00Z");
    QVERIFY2(same.find("2026-11-27T09:00:00Z") == std::string::npos, same.c_str());
    QVERIFY(same.find("\"observedGeneration\":4") != std::string::npos);
    ours.parents[0].conditions[1] = {"ResolvedRefs", false, "BackendNotFound", "gone"};
    const std::string changed = mergedStatusJson(same, ours, ctl, 5, "2026-11-27T10:00:00Z");
    QVERIFY(changed.find("2026-11-27T08:00:00Z") != std::string::npos);  // Accepted unchanged
    QVERIFY(changed.find("2026-11-27T10:00:00Z") != std::string::npos);  // ResolvedRefs flipped
    QCOMPARE(changed.find("istio.io/gateway-controller") != std::string::npos, true);
  }
};

QTEST_GUILESS_MAIN(TestClusterSources)
#include "tst_cluster_sources.moc"
