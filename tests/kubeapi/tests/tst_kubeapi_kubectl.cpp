// Real kubectl against routedeck-test-apiserver over HTTPS, with the
// token and the client-certificate context, for every kubectl version on
// the machine (the gcloud dispatcher and, when present, 1.27 with v2beta1
// discovery and 1.33 with v2 discovery and OpenAPI v3).

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "tests/kubeapi/tests/apiserver_process.h"

using namespace routedeck::tests::kubeapi;

namespace {

const QString kSdk = QStringLiteral("/usr/lib/google-cloud-sdk/bin/");

QString routeYaml(const QString& name, int weight,
                  const QString& hostname = QStringLiteral("shop.example.com")) {
  return QStringLiteral(
             "apiVersion: gateway.networking.k8s.io/v1\n"
             "kind: HTTPRoute\n"
             "metadata:\n"
             "  name: %1\n"
             "  labels:\n"
             "    app: shop\n"
             "spec:\n"
             "  parentRefs:\n"
             "  - name: gw\n"
             "  hostnames: [\"%3\"]\n"
             "  rules:\n"
             "  - backendRefs:\n"
             "    - name: shop-v1\n"
             "      port: 8080\n"
             "      weight: 90\n"
             "    - name: shop-v2\n"
             "      port: 8080\n"
             "      weight: %2\n")
      .arg(name)
      .arg(weight)
      .arg(hostname);
}

}  // namespace

class TstKubeapiKubectl : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void cleanupTestCase();
  void apiResources_data() { addRows(Contexts::Both); }
  void apiResources();
  void applyClientSide_data() { addRows(Contexts::BothForDispatcher); }
  void applyClientSide();
  void getAllNamespacesYaml_data() { addRows(Contexts::Both); }
  void getAllNamespacesYaml();
  void getTable_data() { addRows(Contexts::BothForDispatcher); }
  void getTable();
  void getWatch_data() { addRows(Contexts::BothForDispatcher); }
  void getWatch();
  void serverSideApplyConflict_data() { addRows(Contexts::BothForDispatcher); }
  void serverSideApplyConflict();
  void patchMergeAndJson_data() { addRows(Contexts::BothForDispatcher); }
  void patchMergeAndJson();
  void strategicPatchOnCustomResource_data() { addRows(Contexts::BothForDispatcher); }
  void strategicPatchOnCustomResource();
  void notFound_data() { addRows(Contexts::Both); }
  void notFound();
  void staleResourceVersion_data() { addRows(Contexts::BothForDispatcher); }
  void staleResourceVersion();
  void invalidWeight_data() { addRows(Contexts::BothForDispatcher); }
  void invalidWeight();
  void wrongToken_data() { addRows(Contexts::BothForDispatcher); }
  void wrongToken();
  void otherKinds();
  void standaloneProgramContract();

 private:
  // Every kubectl with both contexts costs about 35 s; the certificate
  // context is exercised by every check with the dispatcher and by the
  // read checks with the explicit versions.
  enum class Contexts { Both, BothForDispatcher };
  void addRows(Contexts contexts);
  // kubectl of the current row with its context; HOME and the discovery
  // cache are per row so that versions never share caches.
  ToolResult kubectl(const QStringList& args, const QByteArray& input = {});
  QString name(const QString& base) const;
  QString writeFile(const QString& file, const QString& text);

  QTemporaryDir m_dir;
  ApiServerProcess m_server;
  QStringList m_binaries;
};

void TstKubeapiKubectl::initTestCase() {
  for (const QString& path :
       {QStringLiteral("/usr/bin/kubectl"), kSdk + QStringLiteral("kubectl.1.27"),
        kSdk + QStringLiteral("kubectl.1.33")}) {
    if (QFile::exists(path)) {
      m_binaries << path;
    }
  }
  if (m_binaries.isEmpty()) {
    QSKIP("no kubectl on this machine (/usr/bin/kubectl, google-cloud-sdk kubectl.1.27/1.33)");
  }
  QVERIFY(m_dir.isValid());
  QVERIFY2(m_server.start(m_dir.path()), qPrintable(m_server.error()));
}

void TstKubeapiKubectl::cleanupTestCase() { QCOMPARE(m_server.stop(), 0); }

void TstKubeapiKubectl::addRows(Contexts contexts) {
  QTest::addColumn<QString>("binary");
  QTest::addColumn<QString>("context");
  for (const QString& b : m_binaries) {
    const QString version =
        b.startsWith(kSdk) ? b.mid(kSdk.size() + 8) : QStringLiteral("dispatcher");
    for (const QString context : {QStringLiteral("token"), QStringLiteral("cert")}) {
      if (context == QStringLiteral("cert") && contexts == Contexts::BothForDispatcher &&
          b.startsWith(kSdk)) {
        continue;
      }
      QTest::newRow(qPrintable(version + QLatin1Char('/') + context)) << b << context;
    }
  }
}

QString TstKubeapiKubectl::name(const QString& base) const {
  QString tag = QString::fromUtf8(QTest::currentDataTag()).toLower();
  tag.replace(QLatin1Char('.'), QString()).replace(QLatin1Char('/'), QLatin1Char('-'));
  return base + QLatin1Char('-') + tag;
}

QString TstKubeapiKubectl::writeFile(const QString& file, const QString& text) {
  const QString path = m_dir.filePath(file);
  QFile f(path);
  if (f.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
    f.write(text.toUtf8());
  }
  return path;
}

ToolResult TstKubeapiKubectl::kubectl(const QStringList& args, const QByteArray& input) {
  QFETCH(QString, binary);
  QFETCH(QString, context);
  QString tag = QString::fromUtf8(QTest::currentDataTag());
  tag.replace(QLatin1Char('/'), QLatin1Char('-'));
  const QString home = m_dir.filePath(QStringLiteral("home-") + tag);
  QDir().mkpath(home);
  return runTool(binary, QStringList{QStringLiteral("--context"), context} + args,
                 {QStringLiteral("HOME=") + home,
                  QStringLiteral("KUBECACHEDIR=") + home + QStringLiteral("/cache"),
                  QStringLiteral("KUBECONFIG=") + m_server.kubeconfig()},
                 20000, input);
}

#define KUBECTL_OK(result) QVERIFY2((result).exitCode == 0, qPrintable((result).err + (result).out))

void TstKubeapiKubectl::apiResources() {
  auto r = kubectl({QStringLiteral("api-resources")});
  KUBECTL_OK(r);
  for (const char* expected :
       {"httproutes", "gateway.networking.k8s.io/v1", "grpcroutes", "referencegrants",
        "virtualservices", "networking.istio.io/v1", "destinationrules", "appmesh.k8s.aws/v1beta2",
        "virtualgateways", "gatewayroutes", "virtualrouters", "virtualnodes", "endpointslices",
        "discovery.k8s.io/v1", "secrets", "namespaces"}) {
    QVERIFY2(r.out.contains(QLatin1String(expected)), expected);
  }
}

void TstKubeapiKubectl::applyClientSide() {
  const QString n = name(QStringLiteral("csa"));
  auto created = kubectl({QStringLiteral("apply"), QStringLiteral("-f"),
                          writeFile(n + QStringLiteral(".yaml"), routeYaml(n, 10))});
  KUBECTL_OK(created);
  QCOMPARE(created.out.trimmed(),
           QStringLiteral("httproute.gateway.networking.k8s.io/%1 created").arg(n));
  auto updated = kubectl({QStringLiteral("apply"), QStringLiteral("-f"),
                          writeFile(n + QStringLiteral(".yaml"), routeYaml(n, 20))});
  KUBECTL_OK(updated);
  QCOMPARE(updated.out.trimmed(),
           QStringLiteral("httproute.gateway.networking.k8s.io/%1 configured").arg(n));
  auto get = kubectl(
      {QStringLiteral("get"), QStringLiteral("httproute"), n, QStringLiteral("-o"),
       QStringLiteral("jsonpath={.spec.rules[0].backendRefs[1].weight} {.metadata.generation}")});
  KUBECTL_OK(get);
  QCOMPARE(get.out, QStringLiteral("20 2"));
}

void TstKubeapiKubectl::getAllNamespacesYaml() {
  const QString n = name(QStringLiteral("yaml"));
  KUBECTL_OK(kubectl({QStringLiteral("apply"), QStringLiteral("-f"),
                      writeFile(n + QStringLiteral(".yaml"), routeYaml(n, 10))}));
  auto r = kubectl({QStringLiteral("get"), QStringLiteral("httproutes"), QStringLiteral("-A"),
                    QStringLiteral("-o"), QStringLiteral("yaml")});
  KUBECTL_OK(r);
  QVERIFY(r.out.contains(QStringLiteral("kind: List")));
  QVERIFY(r.out.contains(QStringLiteral("name: ") + n));
  QVERIFY(r.out.contains(QStringLiteral("kind: HTTPRoute")));
  QVERIFY(r.out.contains(QStringLiteral("uid: ")));
}

void TstKubeapiKubectl::getTable() {
  const QString n = name(QStringLiteral("table"));
  KUBECTL_OK(kubectl({QStringLiteral("apply"), QStringLiteral("-f"),
                      writeFile(n + QStringLiteral(".yaml"),
                                routeYaml(n, 10, QStringLiteral("table.example.com")))}));
  auto r = kubectl({QStringLiteral("get"), QStringLiteral("httproute"), n});
  KUBECTL_OK(r);
  const QStringList lines = r.out.trimmed().split(QLatin1Char('\n'));
  QCOMPARE(lines.size(), 2);
  QCOMPARE(lines[0].simplified(), QStringLiteral("NAME HOSTNAMES AGE"));
  QVERIFY2(lines[1].simplified().startsWith(n + QStringLiteral(" table.example.com ")),
           qPrintable(lines[1]));
}

void TstKubeapiKubectl::getWatch() {
  QFETCH(QString, binary);
  QFETCH(QString, context);
  const QString n = name(QStringLiteral("watch"));
  KUBECTL_OK(kubectl({QStringLiteral("apply"), QStringLiteral("-f"),
                      writeFile(n + QStringLiteral(".yaml"), routeYaml(n, 10))}));
  QProcess watch;
  QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
  const QString home = m_dir.filePath(
      QStringLiteral("home-watch-") +
      QString::fromUtf8(QTest::currentDataTag()).replace(QLatin1Char('/'), QLatin1Char('-')));
  env.insert(QStringLiteral("HOME"), home);
  env.insert(QStringLiteral("KUBECACHEDIR"), home + QStringLiteral("/cache"));
  env.insert(QStringLiteral("KUBECONFIG"), m_server.kubeconfig());
  watch.setProcessEnvironment(env);
  watch.start(binary, {QStringLiteral("--context"), context, QStringLiteral("get"),
                       QStringLiteral("httproutes"), QStringLiteral("-w"),
                       QStringLiteral("--field-selector"), QStringLiteral("metadata.name=") + n});
  QVERIFY(watch.waitForStarted(5000));
  auto rowsSeen = [&](int count) {
    QElapsedTimer t;
    t.start();
    QString out;
    while (t.elapsed() < 10000) {
      watch.waitForReadyRead(100);
      out += QString::fromUtf8(watch.readAllStandardOutput());
      if (out.count(n + QLatin1Char(' ')) >= count) {
        return true;
      }
    }
    qWarning() << "watch output so far:" << out << watch.readAllStandardError();
    return false;
  };
  QVERIFY(rowsSeen(1));  // the list
  KubeClient client(m_server);
  auto patched = client.request(
      "PATCH",
      QStringLiteral("/apis/gateway.networking.k8s.io/v1/namespaces/default/httproutes/") + n,
      R"({"metadata":{"labels":{"watched":"yes"}}})", "application/merge-patch+json");
  QCOMPARE(patched.status, 200);
  QVERIFY(rowsSeen(1));  // the MODIFIED event's row
  watch.kill();
  watch.waitForFinished(2000);
}

void TstKubeapiKubectl::serverSideApplyConflict() {
  const QString n = name(QStringLiteral("ssa"));
  const QString file = writeFile(n + QStringLiteral(".yaml"), routeYaml(n, 10));
  auto created = kubectl(
      {QStringLiteral("apply"), QStringLiteral("--server-side"), QStringLiteral("-f"), file});
  KUBECTL_OK(created);
  QCOMPARE(created.out.trimmed(),
           QStringLiteral("httproute.gateway.networking.k8s.io/%1 serverside-applied").arg(n));
  const QString ssaFile = writeFile(n + QStringLiteral("-2.yaml"), routeYaml(n, 30));
  KUBECTL_OK(kubectl(
      {QStringLiteral("apply"), QStringLiteral("--server-side"), QStringLiteral("-f"), ssaFile}));
  // A client-side apply takes .spec.rules over (an Update by kubectl-client-side-apply)...
  KUBECTL_OK(kubectl({QStringLiteral("apply"), QStringLiteral("-f"),
                      writeFile(n + QStringLiteral("-3.yaml"), routeYaml(n, 40))}));
  // ...so applying a different value server-side conflicts with it.
  const QString conflicting = writeFile(n + QStringLiteral("-4.yaml"), routeYaml(n, 50));
  auto conflict = kubectl({QStringLiteral("apply"), QStringLiteral("--server-side"),
                           QStringLiteral("-f"), conflicting});
  QCOMPARE(conflict.exitCode, 1);
  QVERIFY2(conflict.err.contains(QStringLiteral(
               "Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using "
               "gateway.networking.k8s.io/v1: .spec.rules")),
           qPrintable(conflict.err));
  QVERIFY2(conflict.err.contains(QStringLiteral("--force-conflicts")), qPrintable(conflict.err));
  auto forced = kubectl({QStringLiteral("apply"), QStringLiteral("--server-side"),
                         QStringLiteral("--force-conflicts"), QStringLiteral("-f"), conflicting});
  KUBECTL_OK(forced);
  auto get = kubectl({QStringLiteral("get"), QStringLiteral("httproute"), n, QStringLiteral("-o"),
                      QStringLiteral("jsonpath={.spec.rules[0].backendRefs[1].weight}")});
  QCOMPARE(get.out, QStringLiteral("50"));
}

void TstKubeapiKubectl::patchMergeAndJson() {
  const QString n = name(QStringLiteral("patch"));
  KUBECTL_OK(kubectl({QStringLiteral("apply"), QStringLiteral("-f"),
                      writeFile(n + QStringLiteral(".yaml"), routeYaml(n, 10))}));
  auto merge = kubectl({QStringLiteral("patch"), QStringLiteral("httproute"), n,
                        QStringLiteral("--type"), QStringLiteral("merge"), QStringLiteral("-p"),
                        QStringLiteral(R"({"spec":{"hostnames":["merge.example.com"]}})")});
  KUBECTL_OK(merge);
  QCOMPARE(merge.out.trimmed(),
           QStringLiteral("httproute.gateway.networking.k8s.io/%1 patched").arg(n));
  auto json = kubectl(
      {QStringLiteral("patch"), QStringLiteral("httproute"), n, QStringLiteral("--type"),
       QStringLiteral("json"), QStringLiteral("-p"),
       QStringLiteral(
           R"([{"op":"replace","path":"/spec/rules/0/backendRefs/1/weight","value":15}])")});
  KUBECTL_OK(json);
  auto get = kubectl(
      {QStringLiteral("get"), QStringLiteral("httproute"), n, QStringLiteral("-o"),
       QStringLiteral("jsonpath={.spec.hostnames[0]} {.spec.rules[0].backendRefs[1].weight}")});
  QCOMPARE(get.out, QStringLiteral("merge.example.com 15"));
}

void TstKubeapiKubectl::strategicPatchOnCustomResource() {
  const QString n = name(QStringLiteral("smp"));
  KUBECTL_OK(kubectl({QStringLiteral("apply"), QStringLiteral("-f"),
                      writeFile(n + QStringLiteral(".yaml"), routeYaml(n, 10))}));
  auto r = kubectl({QStringLiteral("patch"), QStringLiteral("httproute"), n, QStringLiteral("-p"),
                    QStringLiteral(R"({"spec":{"hostnames":["x.example.com"]}})")});
  QCOMPARE(r.exitCode, 1);
  QVERIFY2(r.err.contains(QStringLiteral(
               "application/strategic-merge-patch+json is not supported by "
               "gateway.networking.k8s.io/v1, Kind=HTTPRoute: the body of the request was "
               "in an unknown format - accepted media types include: "
               "application/json-patch+json, application/merge-patch+json, "
               "application/apply-patch+yaml")),
           qPrintable(r.err));
}

void TstKubeapiKubectl::notFound() {
  auto r = kubectl({QStringLiteral("get"), QStringLiteral("httproute"), QStringLiteral("x")});
  QCOMPARE(r.exitCode, 1);
  QCOMPARE(
      r.err.trimmed(),
      QStringLiteral(
          "Error from server (NotFound): httproutes.gateway.networking.k8s.io \"x\" not found"));
}

void TstKubeapiKubectl::staleResourceVersion() {
  const QString n = name(QStringLiteral("stale"));
  KUBECTL_OK(kubectl({QStringLiteral("apply"), QStringLiteral("-f"),
                      writeFile(n + QStringLiteral(".yaml"), routeYaml(n, 10))}));
  auto old = kubectl({QStringLiteral("get"), QStringLiteral("httproute"), n, QStringLiteral("-o"),
                      QStringLiteral("yaml")});
  KUBECTL_OK(old);
  const QString oldFile = writeFile(n + QStringLiteral("-old.yaml"), old.out);
  KUBECTL_OK(kubectl(
      {QStringLiteral("label"), QStringLiteral("httproute"), n, QStringLiteral("changed=yes")}));
  auto r = kubectl({QStringLiteral("replace"), QStringLiteral("-f"), oldFile});
  QCOMPARE(r.exitCode, 1);
  QVERIFY2(r.err.contains(
               QStringLiteral(
                   "Error from server (Conflict): error when replacing \"%1\": Operation cannot "
                   "be fulfilled on httproutes.gateway.networking.k8s.io \"%2\": the object has "
                   "been modified; please apply your changes to the latest version and try "
                   "again")
                   .arg(oldFile, n)),
           qPrintable(r.err));
}

void TstKubeapiKubectl::invalidWeight() {
  const QString n = name(QStringLiteral("invalid"));
  auto r = kubectl({QStringLiteral("apply"), QStringLiteral("-f"),
                    writeFile(n + QStringLiteral(".yaml"), routeYaml(n, -5))});
  QCOMPARE(r.exitCode, 1);
  QVERIFY2(r.err.contains(
               QStringLiteral(
                   "The HTTPRoute \"%1\" is invalid: spec.rules[0].backendRefs[1].weight: Invalid "
                   "value: -5: spec.rules[0].backendRefs[1].weight in body should be greater "
                   "than or equal to 0")
                   .arg(n)),
           qPrintable(r.err));
}

void TstKubeapiKubectl::wrongToken() {
  QFETCH(QString, context);
  if (context != QStringLiteral("token")) {
    QSKIP(
        "a wrong token is only wrong for the token user (the cert user authenticates with its "
        "certificate)");
  }
  auto r = kubectl({QStringLiteral("--token"), QStringLiteral("wrong"), QStringLiteral("get"),
                    QStringLiteral("httproutes")});
  QCOMPARE(r.exitCode, 1);
  QVERIFY2(
      r.err.contains(QStringLiteral("error: You must be logged in to the server (Unauthorized)")),
      qPrintable(r.err));
}

void TstKubeapiKubectl::otherKinds() {
  // Istio, App Mesh and core kinds through the first kubectl, token context.
  const QString yaml = QStringLiteral(
      "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: "
      "reviews\nspec:\n"
      "  hosts: [reviews]\n  http:\n  - route:\n    - destination:\n        host: reviews\n        "
      "subset: v1\n"
      "      weight: 100\n---\n"
      "apiVersion: networking.istio.io/v1beta1\nkind: DestinationRule\nmetadata:\n  name: "
      "reviews\nspec:\n"
      "  host: reviews\n  subsets:\n  - name: v1\n    labels:\n      version: v1\n---\n"
      "apiVersion: appmesh.k8s.aws/v1beta2\nkind: VirtualRouter\nmetadata:\n  name: router\nspec:\n"
      "  listeners:\n  - portMapping:\n      port: 8080\n      protocol: http\n---\n"
      "apiVersion: v1\nkind: Service\nmetadata:\n  name: reviews\nspec:\n  ports:\n  - port: "
      "80\n---\n"
      "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n");
  const QString file = writeFile(QStringLiteral("kinds.yaml"), yaml);
  const QString home = m_dir.filePath(QStringLiteral("home-kinds"));
  const QStringList env{QStringLiteral("HOME=") + home,
                        QStringLiteral("KUBECACHEDIR=") + home + QStringLiteral("/cache"),
                        QStringLiteral("KUBECONFIG=") + m_server.kubeconfig()};
  auto applied = runTool(m_binaries.front(), {QStringLiteral("apply"), QStringLiteral("-f"), file},
                         env, 20000);
  QVERIFY2(applied.exitCode == 0, qPrintable(applied.err));
  for (const char* line : {"virtualservice.networking.istio.io/reviews created",
                           "destinationrule.networking.istio.io/reviews created",
                           "virtualrouter.appmesh.k8s.aws/router created",
                           "service/reviews created", "namespace/shop created"}) {
    QVERIFY2(applied.out.contains(QLatin1String(line)), qPrintable(applied.out));
  }
  // One storage for every version: the v1beta1 DestinationRule reads back as v1alpha3.
  auto dr = runTool(
      m_binaries.front(),
      {QStringLiteral("get"), QStringLiteral("destinationrules.v1alpha3.networking.istio.io"),
       QStringLiteral("reviews"), QStringLiteral("-o"), QStringLiteral("jsonpath={.apiVersion}")},
      env, 20000);
  QCOMPARE(dr.out, QStringLiteral("networking.istio.io/v1alpha3"));
  auto gw =
      runTool(m_binaries.front(),
              {QStringLiteral("get"), QStringLiteral("gateways.networking.istio.io")}, env, 20000);
  QVERIFY2(gw.exitCode == 0 &&
               gw.err.contains(QStringLiteral("No resources found in default namespace.")),
           qPrintable(gw.err));
}

void TstKubeapiKubectl::standaloneProgramContract() {
  QTemporaryDir dir;
  ApiServerProcess second;
  QVERIFY2(second.start(dir.path(), {QStringLiteral("--token"), QStringLiteral("fixed-token")}),
           qPrintable(second.error()));
  QVERIFY(QRegularExpression(QStringLiteral("^listening 127\\.0\\.0\\.1 [1-9][0-9]* apiserver$"))
              .match(second.listeningLine())
              .hasMatch());
  QCOMPARE(second.token(), QByteArray("fixed-token"));
  QFile kubeconfig(second.kubeconfig());
  QVERIFY(kubeconfig.open(QIODevice::ReadOnly));
  const QString text = QString::fromUtf8(kubeconfig.readAll());
  for (const QString& expected :
       {QStringLiteral("server: https://127.0.0.1:%1").arg(second.port()),
        QStringLiteral("- name: routedeck-test"), QStringLiteral("- name: token-user"),
        QStringLiteral("- name: cert-user"), QStringLiteral("- name: token\n"),
        QStringLiteral("- name: cert\n"), QStringLiteral("current-context: token"),
        QStringLiteral("namespace: default")}) {
    QVERIFY2(text.contains(expected), qPrintable(expected));
  }
  QCOMPARE(QFile::permissions(second.kubeconfig()) & (QFile::ReadOther | QFile::ReadGroup),
           QFile::Permissions());
  QCOMPARE(second.stop(), 0);  // SIGTERM exits cleanly
}

QTEST_GUILESS_MAIN(TstKubeapiKubectl)
#include "tst_kubeapi_kubectl.moc"
