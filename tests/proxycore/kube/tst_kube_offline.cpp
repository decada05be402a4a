// The parts of the Kubernetes client that need no server: apply plans (only changed and
// owned fields), metav1.Status parsing, watch stream framing.
#include <QTest>

#include "proxycore/kube/api_status.h"
#include "proxycore/kube/json_node.h"
#include "proxycore/kube/server_side_apply.h"
#include "proxycore/kube/watch_event_splitter.h"
#include "tests/proxycore/kube/kube_objects_test_data.h"

using namespace routedeck::core;
using namespace routedeck::core::kube;
using yaml::Node;

namespace {

Node parse(const char* json) {
  auto n = parseJson(json);
  return n.ok() ? n.value() : Node();
}

QString json(const Node& n) { return QString::fromStdString(toJsonText(n)); }

}  // namespace

class TestKubeOffline : public QObject {
  Q_OBJECT

 private slots:
  void jsonRoundTripKeepsTypes() {
    const Node n = parse("{\"a\":\"80\",\"b\":80,\"c\":true,\"d\":null,\"e\":\"true\",\"f\":1.5}");
    QCOMPARE(json(n), QString("{\"a\":\"80\",\"b\":80,\"c\":true,\"d\":null,\"e\":\"true\",\"f\":1.5}"));
  }

  void planSendsChangedAndOwnedFieldsOnly() {
    const Node original = parse(kubetest::kRouteAsRead);
    QVERIFY(original.isMap());
    Node edited = original;
    // Change one weight: the rules list goes whole; hostnames (owned) stay in the plan.
    Node* rules = edited.find("spec")->find("rules");
    rules->items()[0].find("backendRefs")->items()[0].set("weight", Node::fromInt(50));
    const ApplyPlan plan = planApply(original, edited);
    QCOMPARE(json(plan.configuration),
             QString("{\"apiVersion\":\"gateway.networking.k8s.io/v1\",\"kind\":\"HTTPRoute\","
                     "\"metadata\":{\"labels\":{\"team\":\"web\"},\"name\":\"shop\",\"namespace\":\"default\",\"resourceVersion\":\"42\"},"
                     "\"spec\":{\"hostnames\":[\"shop.example\"],\"rules\":[{\"backendRefs\":[{\"name\":\"v1\",\"port\":80,\"weight\":50},"
                     "{\"name\":\"v2\",\"port\":80,\"weight\":10}]}]}}"));
    QCOMPARE(plan.changedFields.size(), size_t(1));
    QCOMPARE(QString::fromStdString(plan.changedFields[0]), QString(".spec.rules"));
    QVERIFY(plan.removalsNotOwned.empty());
  }

  void planReportsRemovalsItCannotMake() {
    const Node original = parse(kubetest::kRouteAsRead);
    Node edited = original;
    edited.find("metadata")->find("labels")->erase("app");   // kubectl-less label, nobody's
    edited.find("metadata")->find("labels")->erase("team");  // RouteDeck's own
    const ApplyPlan plan = planApply(original, edited, "routedeck", false);
    QVERIFY(!plan.configuration.find("metadata")->has("resourceVersion"));
    QCOMPARE(plan.changedFields.size(), size_t(2));
    QCOMPARE(plan.removalsNotOwned.size(), size_t(1));
    QCOMPARE(QString::fromStdString(plan.removalsNotOwned[0]), QString(".metadata.labels.app"));
    // Owned and removed: left out, which makes the server drop it.
    QVERIFY(!plan.configuration.find("metadata")->has("labels"));
  }

  void noChangeNoFields() {
    const Node original = parse(kubetest::kRouteAsRead);
    const ApplyPlan plan = planApply(original, original);
    QVERIFY(!plan.hasChanges());
  }

  void planCreateDropsServerFields() {
    const ApplyPlan plan = planCreate(parse(kubetest::kRouteAsRead));
    const Node& meta = *plan.configuration.find("metadata");
    QVERIFY(!meta.has("uid") && !meta.has("managedFields") && !meta.has("resourceVersion"));
    QVERIFY(!plan.configuration.has("status"));
    QVERIFY(plan.configuration.find("spec")->has("rules"));
  }

  void conflictStatusNamesManagers() {
    const ApiError e = parseStatus(409, kubetest::kConflictStatus, "PATCH", "https://k/x");
    QCOMPARE(int(e.kind), int(ApiErrorKind::Conflict));
    QCOMPARE(e.causes.size(), size_t(2));
    QCOMPARE(e.conflictingManagers().size(), size_t(1));
    QCOMPARE(QString::fromStdString(e.conflictingManagers()[0]), QString("kubectl"));
    QVERIFY(QString::fromStdString(e.describe()).startsWith("PATCH https://k/x: 409 Conflict: Apply failed with 2 conflicts"));
  }

  void invalidStatusKeepsFieldPath() {
    const ApiError e = parseStatus(422, kubetest::kInvalidStatus, "PATCH", "https://k/x");
    QCOMPARE(int(e.kind), int(ApiErrorKind::Invalid));
    QCOMPARE(QString::fromStdString(e.causes.at(0).field), QString("spec.rules[0].backendRefs[0].weight"));
  }

  void nonStatusBodies() {
    const ApiError e = parseStatus(502, "<html>\nBad gateway</html>", "GET", "https://k/api");
    QCOMPARE(int(e.kind), int(ApiErrorKind::ServerError));
    QCOMPARE(QString::fromStdString(e.describe()), QString("GET https://k/api: 502 server error: <html> Bad gateway</html>"));
    QCOMPARE(int(parseStatus(410, "{\"kind\":\"Status\",\"reason\":\"Expired\",\"code\":410}", "GET", "u").kind),
             int(ApiErrorKind::Gone));
  }

  void splitterFindsObjects_data() {
    QTest::addColumn<int>("chunk");
    QTest::newRow("whole") << 100000;
    QTest::newRow("byte by byte") << 1;
    QTest::newRow("7 bytes") << 7;
  }

  void splitterFindsObjects() {
    QFETCH(int, chunk);
    const std::string stream = kubetest::kWatchStream;
    WatchEventSplitter s;
    QStringList types;
    for (size_t i = 0; i < stream.size(); i += size_t(chunk)) {
      s.feed(std::string_view(stream).substr(i, size_t(chunk)), [&](std::string_view ev) {
        auto n = parseJson(ev);
        types << (n ? QString::fromStdString(textAt(*n, {"type"})) : QString("BAD"));
        return true;
      });
    }
    QCOMPARE(types, QStringList({"ADDED", "BOOKMARK", "DELETED"}));
    QCOMPARE(s.pending(), size_t(0));
  }
};

QTEST_GUILESS_MAIN(TestKubeOffline)
#include "tst_kube_offline.moc"
