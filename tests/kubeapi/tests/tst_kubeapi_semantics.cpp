// What real clients do not check on their own: managedFields, generation,
// no-op writes, dryRun, status subresources, selectors and paging, watch
// framing, compaction, faults, dropped streams and token expiry. Plain
// HTTPS requests (libcurl) against routedeck-test-apiserver.

#include <QElapsedTimer>
#include <QJsonArray>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <thread>

#include "tests/kubeapi/tests/apiserver_process.h"

using namespace routedeck::tests::kubeapi;
using Auth = KubeClient::Auth;

namespace {

const QString kRoutes =
    QStringLiteral("/apis/gateway.networking.k8s.io/v1/namespaces/default/httproutes");

QByteArray route(const QString& name, int weight, const QString& extraLabels = {}) {
  return QStringLiteral(R"({"apiVersion":"gateway.networking.k8s.io/v1","kind":"HTTPRoute",)"
                        R"("metadata":{"name":"%1","labels":{"app":"shop"%3}},)"
                        R"("spec":{"parentRefs":[{"name":"gw"}],"hostnames":["shop.example.com"],)"
                        R"("rules":[{"backendRefs":[{"name":"v1","port":80,"weight":%2}]}]}})")
      .arg(name)
      .arg(weight)
      .arg(extraLabels)
      .toUtf8();
}

QString rv(const QJsonObject& o) {
  return o[QStringLiteral("metadata")].toObject()[QStringLiteral("resourceVersion")].toString();
}
qint64 generation(const QJsonObject& o) {
  return o[QStringLiteral("metadata")].toObject()[QStringLiteral("generation")].toInteger();
}
QJsonArray managedFields(const QJsonObject& o) {
  return o[QStringLiteral("metadata")].toObject()[QStringLiteral("managedFields")].toArray();
}
QJsonObject entryOf(const QJsonObject& o, const QString& manager) {
  for (const auto& e : managedFields(o)) {
    if (e.toObject()[QStringLiteral("manager")].toString() == manager) {
      return e.toObject();
    }
  }
  return {};
}
QByteArray compact(const QJsonObject& o) { return QJsonDocument(o).toJson(QJsonDocument::Compact); }

}  // namespace

class TstKubeapiSemantics : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void cleanupTestCase();
  void init();
  void createGetAndConflicts();
  void managedFieldsAndGeneration();
  void noOpWritesKeepResourceVersion();
  void dryRunStoresNothing();
  void serverSideApplyOwnership();
  void statusSubresource();
  void patchMediaTypes();
  void selectorsAndPaging();
  void watchEvents();
  void compactionGivesExpired();
  void injectedFaults();
  void droppedStreams();
  void tokenExpiry();
  void namespacesAndDiscovery();
  void booleanParameters();
  void alpnOffersHttp11Only();

 private:
  HttpReply create(const QString& name, int weight, const QString& query = {});
  QTemporaryDir m_dir;
  ApiServerProcess m_server;
  std::unique_ptr<KubeClient> m_client;
};

void TstKubeapiSemantics::initTestCase() {
  QVERIFY(m_dir.isValid());
  QVERIFY2(m_server.start(m_dir.path()), qPrintable(m_server.error()));
  m_client = std::make_unique<KubeClient>(m_server);
}

void TstKubeapiSemantics::cleanupTestCase() { QCOMPARE(m_server.stop(), 0); }

void TstKubeapiSemantics::init() {
  QCOMPARE(m_client->control("DELETE", QStringLiteral("faults")).status, 200);
  QCOMPARE(m_client->control("DELETE", QStringLiteral("requests")).status, 200);
}

HttpReply TstKubeapiSemantics::create(const QString& name, int weight, const QString& query) {
  return m_client->request("POST", kRoutes + query, route(name, weight));
}

void TstKubeapiSemantics::createGetAndConflicts() {
  auto created = create(QStringLiteral("basic"), 10);
  QCOMPARE(created.status, 201);
  const QJsonObject meta = created.json()[QStringLiteral("metadata")].toObject();
  QVERIFY(!meta[QStringLiteral("uid")].toString().isEmpty());
  QVERIFY(!meta[QStringLiteral("creationTimestamp")].toString().isEmpty());
  QCOMPARE(generation(created.json()), 1);
  auto again = create(QStringLiteral("basic"), 10);
  QCOMPARE(again.status, 409);
  QCOMPARE(again.json()[QStringLiteral("reason")].toString(), QStringLiteral("AlreadyExists"));
  QCOMPARE(again.json()[QStringLiteral("message")].toString(),
           QStringLiteral("httproutes.gateway.networking.k8s.io \"basic\" already exists"));
  // PUT: a custom resource needs a resourceVersion; a stale one conflicts.
  QJsonObject body = created.json();
  QJsonObject m = body[QStringLiteral("metadata")].toObject();
  m.remove(QStringLiteral("resourceVersion"));
  body[QStringLiteral("metadata")] = m;
  auto noRv = m_client->request("PUT", kRoutes + QStringLiteral("/basic"), compact(body));
  QCOMPARE(noRv.status, 422);
  QCOMPARE(noRv.json()[QStringLiteral("message")].toString(),
           QStringLiteral("HTTPRoute.gateway.networking.k8s.io \"basic\" is invalid: "
                          "metadata.resourceVersion: Invalid "
                          "value: 0x0: must be specified for an update"));
  m[QStringLiteral("resourceVersion")] = QStringLiteral("1");
  body[QStringLiteral("metadata")] = m;
  auto stale = m_client->request("PUT", kRoutes + QStringLiteral("/basic"), compact(body));
  QCOMPARE(stale.status, 409);
  QCOMPARE(stale.json()[QStringLiteral("reason")].toString(), QStringLiteral("Conflict"));
  auto missing = m_client->request("GET", kRoutes + QStringLiteral("/nope"));
  QCOMPARE(missing.status, 404);
  const QJsonObject details = missing.json()[QStringLiteral("details")].toObject();
  QCOMPARE(details[QStringLiteral("kind")].toString(), QStringLiteral("httproutes"));
  QCOMPARE(details[QStringLiteral("group")].toString(),
           QStringLiteral("gateway.networking.k8s.io"));
  auto deleted = m_client->request("DELETE", kRoutes + QStringLiteral("/basic"));
  QCOMPARE(deleted.status, 200);
  QCOMPARE(m_client->request("GET", kRoutes + QStringLiteral("/basic")).status, 404);
}

void TstKubeapiSemantics::managedFieldsAndGeneration() {
  auto created = create(QStringLiteral("owned"), 10, QStringLiteral("?fieldManager=mgr-a"));
  QCOMPARE(created.status, 201);
  const QJsonObject a = entryOf(created.json(), QStringLiteral("mgr-a"));
  QCOMPARE(a[QStringLiteral("operation")].toString(), QStringLiteral("Update"));
  QCOMPARE(a[QStringLiteral("fieldsType")].toString(), QStringLiteral("FieldsV1"));
  QCOMPARE(
      compact(a[QStringLiteral("fieldsV1")].toObject()),
      QByteArray(
          R"({"f:metadata":{"f:labels":{"f:app":{}}},"f:spec":{"f:hostnames":{},"f:parentRefs":{},"f:rules":{}}})"));
  // A label is metadata: new resourceVersion, same generation.
  auto labelled = m_client->request("PATCH", kRoutes + QStringLiteral("/owned?fieldManager=mgr-b"),
                                    R"({"metadata":{"labels":{"tier":"web"}}})",
                                    "application/merge-patch+json");
  QCOMPARE(labelled.status, 200);
  QVERIFY(rv(labelled.json()) != rv(created.json()));
  QCOMPARE(generation(labelled.json()), 1);
  QCOMPARE(
      compact(
          entryOf(labelled.json(), QStringLiteral("mgr-b"))[QStringLiteral("fieldsV1")].toObject()),
      QByteArray(R"({"f:metadata":{"f:labels":{"f:tier":{}}}})"));
  // A spec change bumps generation and moves the field to its writer.
  auto spec = m_client->request("PATCH", kRoutes + QStringLiteral("/owned?fieldManager=mgr-b"),
                                R"({"spec":{"hostnames":["b.example.com"]}})",
                                "application/merge-patch+json");
  QCOMPARE(generation(spec.json()), 2);
  QVERIFY(!compact(entryOf(spec.json(), QStringLiteral("mgr-a"))).contains("f:hostnames"));
  QVERIFY(compact(entryOf(spec.json(), QStringLiteral("mgr-b"))).contains("f:hostnames"));
  // Without ?fieldManager the User-Agent's product names the manager.
  auto byAgent =
      m_client->request("PATCH", kRoutes + QStringLiteral("/owned"),
                        R"({"metadata":{"labels":{"x":"1"}}})", "application/merge-patch+json");
  QVERIFY(!entryOf(byAgent.json(), QStringLiteral("tst_kubeapi")).isEmpty());
}

void TstKubeapiSemantics::noOpWritesKeepResourceVersion() {
  auto created = create(QStringLiteral("noop"), 10);
  QCOMPARE(created.status, 201);
  auto same = m_client->request("PATCH", kRoutes + QStringLiteral("/noop"),
                                R"({"spec":{"hostnames":["shop.example.com"]}})",
                                "application/merge-patch+json");
  QCOMPARE(same.status, 200);
  QCOMPARE(rv(same.json()), rv(created.json()));
  const QString applyPath = kRoutes + QStringLiteral("/noop-apply?fieldManager=ci");
  auto first = m_client->request("PATCH", applyPath, route(QStringLiteral("noop-apply"), 10),
                                 "application/apply-patch+yaml");
  QCOMPARE(first.status, 201);
  auto second = m_client->request("PATCH", applyPath, route(QStringLiteral("noop-apply"), 10),
                                  "application/apply-patch+yaml");
  QCOMPARE(second.status, 200);
  QCOMPARE(rv(second.json()), rv(first.json()));
}

void TstKubeapiSemantics::dryRunStoresNothing() {
  auto dry = create(QStringLiteral("dry"), 10, QStringLiteral("?dryRun=All"));
  QCOMPARE(dry.status, 201);
  QCOMPARE(m_client->request("GET", kRoutes + QStringLiteral("/dry")).status, 404);
  auto real = create(QStringLiteral("dry"), 10);
  QCOMPARE(real.status, 201);
  auto patched = m_client->request("PATCH", kRoutes + QStringLiteral("/dry?dryRun=All"),
                                   R"({"spec":{"hostnames":["dry.example.com"]}})",
                                   "application/merge-patch+json");
  QCOMPARE(patched.status, 200);
  QCOMPARE(patched.json()[QStringLiteral("spec")]
               .toObject()[QStringLiteral("hostnames")]
               .toArray()[0]
               .toString(),
           QStringLiteral("dry.example.com"));
  QCOMPARE(rv(patched.json()), rv(real.json()));
  // Validation and conflicts are checked in a dry run too.
  auto invalid = m_client->request(
      "PATCH", kRoutes + QStringLiteral("/dry?dryRun=All&fieldManager=x&force=true"),
      route(QStringLiteral("dry"), -1), "application/apply-patch+yaml");
  QCOMPARE(invalid.status, 422);
  auto conflict =
      m_client->request("PATCH", kRoutes + QStringLiteral("/dry?dryRun=All&fieldManager=x"),
                        route(QStringLiteral("dry"), 55), "application/apply-patch+yaml");
  QCOMPARE(conflict.status, 409);
  QCOMPARE(m_client->request("DELETE", kRoutes + QStringLiteral("/dry?dryRun=All")).status, 200);
  auto after = m_client->request("GET", kRoutes + QStringLiteral("/dry"));
  QCOMPARE(after.status, 200);
  QCOMPARE(rv(after.json()), rv(real.json()));
  const QJsonArray log = m_client->control("GET", QStringLiteral("requests")).jsonArray();
  int dryRuns = 0;
  for (const auto& e : log) {
    dryRuns += e.toObject()[QStringLiteral("dryRun")].toString() == QStringLiteral("All") ? 1 : 0;
  }
  QCOMPARE(dryRuns, 5);
}

void TstKubeapiSemantics::serverSideApplyOwnership() {
  const QString path = kRoutes + QStringLiteral("/ssa?fieldManager=");
  QCOMPARE(m_client
               ->request("PATCH", path + QStringLiteral("alice"), route(QStringLiteral("ssa"), 10),
                         "application/apply-patch+yaml")
               .status,
           201);
  // The same value: shared ownership, no conflict.
  auto shared = m_client->request("PATCH", path + QStringLiteral("bob"),
                                  route(QStringLiteral("ssa"), 10), "application/apply-patch+yaml");
  QCOMPARE(shared.status, 200);
  QVERIFY(compact(entryOf(shared.json(), QStringLiteral("alice"))).contains("f:rules"));
  QVERIFY(compact(entryOf(shared.json(), QStringLiteral("bob"))).contains("f:rules"));
  auto conflict =
      m_client->request("PATCH", path + QStringLiteral("carol"), route(QStringLiteral("ssa"), 20),
                        "application/apply-patch+yaml");
  QCOMPARE(conflict.status, 409);
  QCOMPARE(
      conflict.json()[QStringLiteral("message")].toString(),
      QStringLiteral(
          "Apply failed with 2 conflicts: conflicts with \"alice\":\n- .spec.rules\nconflicts with "
          "\"bob\":\n- .spec.rules"));
  const QJsonObject cause = conflict.json()[QStringLiteral("details")]
                                .toObject()[QStringLiteral("causes")]
                                .toArray()[0]
                                .toObject();
  QCOMPARE(cause[QStringLiteral("reason")].toString(), QStringLiteral("FieldManagerConflict"));
  QCOMPARE(cause[QStringLiteral("message")].toString(), QStringLiteral("conflict with \"alice\""));
  QCOMPARE(cause[QStringLiteral("field")].toString(), QStringLiteral(".spec.rules"));
  auto forced = m_client->request("PATCH", path + QStringLiteral("carol&force=true"),
                                  route(QStringLiteral("ssa"), 20), "application/apply-patch+yaml");
  QCOMPARE(forced.status, 200);
  QVERIFY(!compact(entryOf(forced.json(), QStringLiteral("alice"))).contains("f:rules"));
  QVERIFY(compact(entryOf(forced.json(), QStringLiteral("carol"))).contains("f:rules"));
  // An applier that stops applying a field it alone owns removes it.
  QByteArray withoutLabels = route(QStringLiteral("ssa-drop"), 10);
  QCOMPARE(m_client
               ->request("PATCH", kRoutes + QStringLiteral("/ssa-drop?fieldManager=dave"),
                         withoutLabels, "application/apply-patch+yaml")
               .status,
           201);
  withoutLabels.replace(R"("labels":{"app":"shop"})", R"("labels":{})");
  auto dropped = m_client->request("PATCH", kRoutes + QStringLiteral("/ssa-drop?fieldManager=dave"),
                                   withoutLabels, "application/apply-patch+yaml");
  QVERIFY(!dropped.json()[QStringLiteral("metadata")]
               .toObject()[QStringLiteral("labels")]
               .toObject()
               .contains(QStringLiteral("app")));
  auto noManager =
      m_client->request("PATCH", kRoutes + QStringLiteral("/ssa"), route(QStringLiteral("ssa"), 20),
                        "application/apply-patch+yaml");
  QCOMPARE(noManager.status, 422);
  QCOMPARE(noManager.json()[QStringLiteral("message")].toString(),
           QStringLiteral("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: "
                          "is required for apply patch"));
  // Apply bodies may be YAML.
  const QByteArray yaml =
      "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: ssa-yaml\n"
      "spec:\n  hostnames: [yaml.example.com]\n";
  QCOMPARE(m_client
               ->request("PATCH", kRoutes + QStringLiteral("/ssa-yaml?fieldManager=y"), yaml,
                         "application/apply-patch+yaml")
               .status,
           201);
}

void TstKubeapiSemantics::statusSubresource() {
  QCOMPARE(create(QStringLiteral("st"), 10).status, 201);
  const QByteArray status =
      R"({"status":{"parents":[{"parentRef":{"name":"gw"},"controllerName":"routedeck.dev/test",)"
      R"("conditions":[{"type":"Accepted","status":"True","reason":"Accepted","message":"ok",)"
      R"("lastTransitionTime":"2024-01-01T00:00:00Z"}]}]},"spec":{"hostnames":["ignored.example.com"]}})";
  auto written =
      m_client->request("PATCH", kRoutes + QStringLiteral("/st/status?fieldManager=controller"),
                        status, "application/merge-patch+json");
  QCOMPARE(written.status, 200);
  const QJsonObject o = written.json();
  QCOMPARE(
      o[QStringLiteral("spec")].toObject()[QStringLiteral("hostnames")].toArray()[0].toString(),
      QStringLiteral("shop.example.com"));
  QCOMPARE(o[QStringLiteral("status")].toObject()[QStringLiteral("parents")].toArray().size(), 1);
  QCOMPARE(generation(o), 1);
  QCOMPARE(entryOf(o, QStringLiteral("controller"))[QStringLiteral("subresource")].toString(),
           QStringLiteral("status"));
  // The main resource ignores status.
  auto main = m_client->request("PATCH", kRoutes + QStringLiteral("/st"),
                                R"({"status":{"parents":[]}})", "application/merge-patch+json");
  QCOMPARE(
      main.json()[QStringLiteral("status")].toObject()[QStringLiteral("parents")].toArray().size(),
      1);
  // Status written by server-side apply on /status.
  const QByteArray applied =
      R"({"apiVersion":"gateway.networking.k8s.io/v1","kind":"HTTPRoute","metadata":{"name":"st"},)"
      R"("status":{"parents":[]}})";
  auto byApply = m_client->request(
      "PATCH", kRoutes + QStringLiteral("/st/status?fieldManager=controller&force=true"), applied,
      "application/apply-patch+yaml");
  QCOMPARE(byApply.status, 200);
  QCOMPARE(byApply.json()[QStringLiteral("status")]
               .toObject()[QStringLiteral("parents")]
               .toArray()
               .size(),
           0);
}

void TstKubeapiSemantics::patchMediaTypes() {
  QCOMPARE(create(QStringLiteral("media"), 10).status, 201);
  auto smp = m_client->request("PATCH", kRoutes + QStringLiteral("/media"), R"({"spec":{}})",
                               "application/strategic-merge-patch+json");
  QCOMPARE(smp.status, 415);
  QCOMPARE(smp.json()[QStringLiteral("reason")].toString(), QStringLiteral("UnsupportedMediaType"));
  auto json = m_client->request("PATCH", kRoutes + QStringLiteral("/media"),
                                R"([{"op":"test","path":"/spec/hostnames/0","value":"other"}])",
                                "application/json-patch+json");
  QCOMPARE(json.status, 422);
  // Core kinds take a strategic merge patch (directives dropped).
  const QString services = QStringLiteral("/api/v1/namespaces/default/services");
  QCOMPARE(m_client
               ->request("POST", services,
                         R"({"metadata":{"name":"web"},"spec":{"ports":[{"port":80}]}})")
               .status,
           201);
  auto svc = m_client->request(
      "PATCH", services + QStringLiteral("/web"),
      R"({"metadata":{"labels":{"a":"b"}},"$setElementOrder/ports":[{"port":80}]})",
      "application/strategic-merge-patch+json");
  QCOMPARE(svc.status, 200);
  QVERIFY(!svc.body.contains("setElementOrder"));
}

void TstKubeapiSemantics::selectorsAndPaging() {
  const QString ns = QStringLiteral("/api/v1/namespaces");
  QCOMPARE(m_client->request("POST", ns, R"({"metadata":{"name":"paging"}})").status, 201);
  const QString routes =
      QStringLiteral("/apis/gateway.networking.k8s.io/v1/namespaces/paging/httproutes");
  for (int i = 0; i < 5; ++i) {
    const QString tier = i < 2   ? QStringLiteral(",\"tier\":\"web\"")
                         : i < 4 ? QStringLiteral(",\"tier\":\"db\"")
                                 : QString();
    QCOMPARE(
        m_client->request("POST", routes, route(QStringLiteral("r%1").arg(i), 10, tier)).status,
        201);
  }
  auto names = [&](const QString& query) {
    QStringList out;
    for (const auto& item :
         m_client->request("GET", routes + query).json()[QStringLiteral("items")].toArray()) {
      out << item.toObject()[QStringLiteral("metadata")]
                 .toObject()[QStringLiteral("name")]
                 .toString();
    }
    return out.join(QLatin1Char(','));
  };
  QCOMPARE(names(QStringLiteral("?labelSelector=tier%3Dweb")), QStringLiteral("r0,r1"));
  QCOMPARE(names(QStringLiteral("?labelSelector=tier!%3Dweb")), QStringLiteral("r2,r3,r4"));
  QCOMPARE(names(QStringLiteral("?labelSelector=tier%20in%20(web,db)")),
           QStringLiteral("r0,r1,r2,r3"));
  QCOMPARE(names(QStringLiteral("?labelSelector=tier%20notin%20(web)")),
           QStringLiteral("r2,r3,r4"));
  QCOMPARE(names(QStringLiteral("?labelSelector=tier")), QStringLiteral("r0,r1,r2,r3"));
  QCOMPARE(names(QStringLiteral("?labelSelector=!tier")), QStringLiteral("r4"));
  QCOMPARE(names(QStringLiteral("?fieldSelector=metadata.name%3Dr3")), QStringLiteral("r3"));
  QCOMPARE(names(QStringLiteral("?fieldSelector=metadata.namespace!%3Dpaging")), QString());
  auto badField = m_client->request("GET", routes + QStringLiteral("?fieldSelector=spec.x%3D1"));
  QCOMPARE(badField.status, 400);
  QVERIFY(badField.json()[QStringLiteral("message")].toString().contains(
      QStringLiteral("is not a known field selector")));
  // limit and continue walk the list in pages.
  auto page1 = m_client->request("GET", routes + QStringLiteral("?limit=2")).json();
  const QJsonObject meta1 = page1[QStringLiteral("metadata")].toObject();
  QCOMPARE(page1[QStringLiteral("items")].toArray().size(), 2);
  QCOMPARE(meta1[QStringLiteral("remainingItemCount")].toInt(), 3);
  const QString token = meta1[QStringLiteral("continue")].toString();
  QVERIFY(!token.isEmpty());
  QCOMPARE(names(QStringLiteral("?limit=2&continue=") +
                 QString::fromUtf8(QUrl::toPercentEncoding(token))),
           QStringLiteral("r2,r3"));
  // Every namespace: /apis/g/v/httproutes.
  auto all = m_client->request(
      "GET",
      QStringLiteral("/apis/gateway.networking.k8s.io/v1/httproutes?labelSelector=tier%3Ddb"));
  QCOMPARE(all.json()[QStringLiteral("items")].toArray().size(), 2);
  QCOMPARE(all.json()[QStringLiteral("kind")].toString(), QStringLiteral("HTTPRouteList"));
  // A Table.
  auto table =
      m_client->request("GET", routes, {}, {}, Auth::Token,
                        {"Accept: application/json;as=Table;v=v1;g=meta.k8s.io,application/json"});
  QCOMPARE(table.contentType, QByteArray("application/json;as=Table;v=v1;g=meta.k8s.io"));
  QCOMPARE(table.json()[QStringLiteral("rows")].toArray().size(), 5);
}

void TstKubeapiSemantics::watchEvents() {
  const QString list = rv(m_client->request("GET", kRoutes).json());
  QCOMPARE(create(QStringLiteral("w1"), 10).status, 201);
  QCOMPARE(
      m_client
          ->request("PATCH", kRoutes + QStringLiteral("/w1"),
                    R"({"spec":{"hostnames":["w.example.com"]}})", "application/merge-patch+json")
          .status,
      200);
  QCOMPARE(m_client->request("DELETE", kRoutes + QStringLiteral("/w1")).status, 200);
  auto w =
      m_client->watch(kRoutes + QStringLiteral("?watch=true&resourceVersion=") + list, 3, 5000);
  QCOMPARE(w.status, 200);
  QCOMPARE(w.events.size(), 3);
  QStringList types;
  for (const auto& e : w.events) {
    types << e[QStringLiteral("type")].toString();
    QCOMPARE(e[QStringLiteral("object")]
                 .toObject()[QStringLiteral("metadata")]
                 .toObject()[QStringLiteral("name")]
                 .toString(),
             QStringLiteral("w1"));
  }
  QCOMPARE(types.join(QLatin1Char(',')), QStringLiteral("ADDED,MODIFIED,DELETED"));
  // No resourceVersion: the current state as synthetic ADDED events; a
  // timeoutSeconds deadline ends the stream cleanly, with bookmarks before.
  QCOMPARE(create(QStringLiteral("w2"), 10).status, 201);
  auto current = m_client->watch(
      kRoutes + QStringLiteral("?watch=True&allowWatchBookmarks=true&timeoutSeconds=2&"
                               "fieldSelector=metadata.name%3Dw2"),
      100, 8000);
  QVERIFY2(current.endedCleanly, qPrintable(current.error));
  QVERIFY(current.events.size() >= 2);
  QCOMPARE(current.events[0][QStringLiteral("type")].toString(), QStringLiteral("ADDED"));
  QCOMPARE(current.events[1][QStringLiteral("type")].toString(), QStringLiteral("BOOKMARK"));
  const QJsonObject bookmark = current.events[1][QStringLiteral("object")].toObject();
  QCOMPARE(bookmark[QStringLiteral("kind")].toString(), QStringLiteral("HTTPRoute"));
  QVERIFY(!rv(bookmark).isEmpty());
}

void TstKubeapiSemantics::compactionGivesExpired() {
  const QString old = rv(m_client->request("GET", kRoutes).json());
  QCOMPARE(create(QStringLiteral("compacted"), 10).status, 201);
  QCOMPARE(m_client->control("POST", QStringLiteral("compact")).status, 200);
  auto w = m_client->watch(kRoutes + QStringLiteral("?watch=true&resourceVersion=") + old, 5, 5000);
  QCOMPARE(w.status, 200);
  QVERIFY(w.endedCleanly);
  QCOMPARE(w.events.size(), 1);
  QCOMPARE(w.events[0][QStringLiteral("type")].toString(), QStringLiteral("ERROR"));
  const QJsonObject status = w.events[0][QStringLiteral("object")].toObject();
  QCOMPARE(status[QStringLiteral("code")].toInt(), 410);
  QCOMPARE(status[QStringLiteral("reason")].toString(), QStringLiteral("Expired"));
  QVERIFY(status[QStringLiteral("message")].toString().startsWith(
      QStringLiteral("too old resource version: ") + old));
  auto list = m_client->request("GET", kRoutes + QStringLiteral("?resourceVersion=") + old +
                                           QStringLiteral("&resourceVersionMatch=Exact"));
  QCOMPARE(list.status, 410);
  // A fresh list can be watched from again.
  const QString fresh = rv(m_client->request("GET", kRoutes).json());
  QCOMPARE(create(QStringLiteral("after-compaction"), 10).status, 201);
  auto again =
      m_client->watch(kRoutes + QStringLiteral("?watch=true&resourceVersion=") + fresh, 1, 5000);
  QCOMPARE(again.events.size(), 1);
  QCOMPARE(again.events[0][QStringLiteral("type")].toString(), QStringLiteral("ADDED"));
}

void TstKubeapiSemantics::injectedFaults() {
  QCOMPARE(create(QStringLiteral("faulty"), 10).status, 201);
  auto id = m_client->control(
      "POST", QStringLiteral("faults"),
      R"({"method":"GET","path":"/apis/gateway.networking.k8s.io","status":403})");
  QCOMPARE(id.status, 201);
  QVERIFY(id.json()[QStringLiteral("id")].toInt() > 0);
  auto denied = m_client->request("GET", kRoutes + QStringLiteral("/faulty"));
  QCOMPARE(denied.status, 403);
  QCOMPARE(denied.json()[QStringLiteral("message")].toString(),
           QStringLiteral("httproutes.gateway.networking.k8s.io \"faulty\" is forbidden: User "
                          "\"token-user\" cannot get "
                          "resource \"httproutes\" in API group \"gateway.networking.k8s.io\" in "
                          "the namespace \"default\""));
  QCOMPARE(m_client->request("GET", kRoutes + QStringLiteral("/faulty")).status, 200);  // times: 1
  // An admission webhook's denial, until cleared.
  m_client->control(
      "POST", QStringLiteral("faults"),
      R"({"method":"PATCH","status":400,"times":0,"message":"admission webhook \"validation.istio.io\" denied the request: bad"})");
  for (int i = 0; i < 2; ++i) {
    auto webhook = m_client->request("PATCH", kRoutes + QStringLiteral("/faulty"), "{}",
                                     "application/merge-patch+json");
    QCOMPARE(webhook.status, 400);
    QVERIFY(webhook.json()[QStringLiteral("message")].toString().startsWith(
        QStringLiteral("admission webhook")));
  }
  QCOMPARE(m_client->control("DELETE", QStringLiteral("faults")).status, 200);
  m_client->control("POST", QStringLiteral("faults"), R"({"status":500})");
  auto internal = m_client->request("GET", kRoutes);
  QCOMPARE(internal.status, 500);
  QCOMPARE(internal.json()[QStringLiteral("reason")].toString(), QStringLiteral("InternalError"));
  m_client->control("POST", QStringLiteral("faults"), R"({"delayMs":400})");
  QElapsedTimer t;
  t.start();
  QCOMPARE(m_client->request("GET", kRoutes).status, 200);
  QVERIFY(t.elapsed() >= 400);
  auto bad = m_client->control("POST", QStringLiteral("faults"), R"({"status":"x"})");
  QCOMPARE(bad.status, 400);
  // A wrong token is a 401 Status.
  auto unauthorized = m_client->requestWithToken("GET", kRoutes, "wrong");
  QCOMPARE(unauthorized.status, 401);
  QCOMPARE(unauthorized.json()[QStringLiteral("reason")].toString(),
           QStringLiteral("Unauthorized"));
  QCOMPARE(m_client->request("GET", kRoutes, {}, {}, Auth::None).status, 401);
  QCOMPARE(m_client->request("GET", kRoutes, {}, {}, Auth::Cert).status, 200);
  const QJsonArray log = m_client->control("GET", QStringLiteral("requests")).jsonArray();
  QCOMPARE(log.last().toObject()[QStringLiteral("user")].toString(), QStringLiteral("cert-user"));
}

void TstKubeapiSemantics::droppedStreams() {
  const QString list = rv(m_client->request("GET", kRoutes).json());
  for (int i = 0; i < 3; ++i) {
    QCOMPARE(create(QStringLiteral("drop%1").arg(i), 10).status, 201);
  }
  m_client->control("POST", QStringLiteral("faults"), R"({"watch":true,"dropAfterEvents":2})");
  auto w =
      m_client->watch(kRoutes + QStringLiteral("?watch=true&resourceVersion=") + list, 10, 5000);
  QCOMPARE(w.events.size(), 2);
  QVERIFY2(w.dropped, qPrintable(w.error));
  // close-watches drops every open stream.
  WatchReply open;
  std::thread watcher(
      [&] { open = m_client->watch(kRoutes + QStringLiteral("?watch=true"), 100, 10000); });
  QElapsedTimer t;
  t.start();
  bool seen = false;
  while (!seen && t.elapsed() < 5000) {
    for (const auto& e : m_client->control("GET", QStringLiteral("requests")).jsonArray()) {
      seen =
          seen || e.toObject()[QStringLiteral("query")].toString() == QStringLiteral("watch=true");
    }
    QTest::qWait(20);
  }
  QVERIFY(seen);
  QCOMPARE(m_client->control("POST", QStringLiteral("close-watches")).status, 200);
  watcher.join();
  QVERIFY2(open.dropped, qPrintable(open.error));
  QVERIFY(open.events.size() >= 3);  // the synthetic ADDED events came first
}

void TstKubeapiSemantics::tokenExpiry() {
  auto added =
      m_client->control("POST", QStringLiteral("tokens"),
                        R"({"token":"short-lived","expiresInSeconds":1,"user":"exec-user"})");
  QCOMPARE(added.status, 201);
  QCOMPARE(m_client->requestWithToken("GET", kRoutes, "short-lived").status, 200);
  QTRY_COMPARE_WITH_TIMEOUT(m_client->requestWithToken("GET", kRoutes, "short-lived").status, 401,
                            3000);
  QCOMPARE(
      m_client->control("POST", QStringLiteral("tokens"), R"({"token":"long","user":"exec-user"})")
          .status,
      201);
  QCOMPARE(m_client->requestWithToken("GET", kRoutes, "long").status, 200);
}

void TstKubeapiSemantics::namespacesAndDiscovery() {
  auto missing = m_client->request("GET", QStringLiteral("/api/v1/namespaces/nope"));
  QCOMPARE(missing.status, 404);
  QCOMPARE(missing.json()[QStringLiteral("message")].toString(),
           QStringLiteral("namespaces \"nope\" not found"));
  auto inMissing = m_client->request(
      "POST", QStringLiteral("/apis/gateway.networking.k8s.io/v1/namespaces/nope/httproutes"),
      route(QStringLiteral("x"), 1));
  QCOMPARE(inMissing.status, 404);
  QCOMPARE(m_client->request("GET", QStringLiteral("/api/v1/namespaces/default")).status, 200);
  auto v2 = m_client->request(
      "GET", QStringLiteral("/apis"), {}, {}, Auth::Token,
      {"Accept: application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
       "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/"
       "json"});
  QCOMPARE(v2.contentType,
           QByteArray("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"));
  QCOMPARE(v2.json()[QStringLiteral("kind")].toString(), QStringLiteral("APIGroupDiscoveryList"));
  auto beta = m_client->request(
      "GET", QStringLiteral("/api"), {}, {}, Auth::Token,
      {"Accept: application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList"});
  QCOMPARE(beta.contentType,
           QByteArray("application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList"));
  auto legacy = m_client->request("GET", QStringLiteral("/apis"));
  QCOMPARE(legacy.json()[QStringLiteral("kind")].toString(), QStringLiteral("APIGroupList"));
  auto v2doc = m_client->request("GET", QStringLiteral("/openapi/v2"));
  QCOMPARE(v2doc.status, 200);
  QCOMPARE(v2doc.body.size(), 0);
  auto v3 =
      m_client->request("GET", QStringLiteral("/openapi/v3/apis/gateway.networking.k8s.io/v1"));
  const QJsonObject patch =
      v3.json()[QStringLiteral("paths")]
          .toObject()[QStringLiteral(
              "/apis/gateway.networking.k8s.io/v1/namespaces/{namespace}/httproutes/{name}")]
          .toObject()[QStringLiteral("patch")]
          .toObject();
  QCOMPARE(
      patch[QStringLiteral("requestBody")].toObject()[QStringLiteral("content")].toObject().keys(),
      QStringList({QStringLiteral("application/apply-patch+yaml"),
                   QStringLiteral("application/json-patch+json"),
                   QStringLiteral("application/merge-patch+json")}));
  QCOMPARE(m_client->request("GET", QStringLiteral("/version"))
               .json()[QStringLiteral("major")]
               .toString(),
           QStringLiteral("1"));
}

void TstKubeapiSemantics::booleanParameters() {
  QCOMPARE(m_client->request("GET", kRoutes + QStringLiteral("?watch=0")).status, 200);
  auto bad = m_client->request("GET", kRoutes + QStringLiteral("?watch=yes"));
  QCOMPARE(bad.status, 400);
  QVERIFY(bad.json()[QStringLiteral("message")].toString().contains(QStringLiteral("ParseBool")));
  QCOMPARE(m_client
               ->request("PATCH", kRoutes + QStringLiteral("/bools?fieldManager=b&force=True"),
                         route(QStringLiteral("bools"), 1), "application/apply-patch+yaml")
               .status,
           201);
}

void TstKubeapiSemantics::alpnOffersHttp11Only() {
  QProcess p;
  p.start(QStringLiteral("openssl"), {QStringLiteral("s_client"), QStringLiteral("-connect"),
                                      QStringLiteral("127.0.0.1:%1").arg(m_server.port()),
                                      QStringLiteral("-alpn"), QStringLiteral("h2,http/1.1")});
  if (!p.waitForStarted(3000)) {
    QSKIP("the openssl CLI is not installed");
  }
  p.closeWriteChannel();
  QVERIFY(p.waitForFinished(10000));
  QVERIFY2(p.readAllStandardOutput().contains("ALPN protocol: http/1.1"),
           "ALPN must not select h2");
}

QTEST_GUILESS_MAIN(TstKubeapiSemantics)
#include "tst_kubeapi_semantics.moc"
