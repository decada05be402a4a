// Journey 7: leave App Mesh. Open App Mesh YAML in the app (embedded core,
// echo backends per VirtualNode), read the conversion report in the export
// dialog, export Gateway API, then run the exported file on a second
// embedded core against the same backends and send the same requests to
// both over loopback: every request reaches the same backend with the same
// upstream path and host, except where the report says the dialects differ.
// Runs on the project's App Mesh example and, when the shared corpus is
// present, on the ingress-gateway walkthrough of aws-app-mesh-examples.

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QTest>

#include "models/document/export.h"
#include "models/workbench.h"
#include "proxycore/api/demo.h"
#include "proxycore/api/engine.h"
#include "proxycore/api/workspace_io.h"
#include "tests/support/http_client.h"
#include "tests/support/test_support.h"
#include "tests/ui/journey_fixture.h"
#include "ui/main/export_dialog.h"
#include "ui/main/main_window.h"

using namespace routedeck;
namespace api = core::api;

namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Probe {
  std::string method;
  std::string path;
  Headers headers;
};

// Who answered: the echo backend's service, the path and host it saw.
struct Answer {
  int status = 0;
  QString service;
  QString path;
  QString host;
  QString text() const { return QStringLiteral("%1 %2 %3 %4").arg(status).arg(service, path, host); }
};

Answer ask(int port, const Probe& p) {
  tests::HttpClient client(port, 5000);
  Headers headers = p.headers;
  headers.emplace_back("Host", "gateway.example");
  const auto r = client.request(p.method, p.path, headers);
  Answer a;
  a.status = r.ok ? r.status : -1;
  const auto json = QJsonDocument::fromJson(QByteArray::fromStdString(r.body)).object();
  a.service = json.value(QStringLiteral("service")).toString();
  a.path = json.value(QStringLiteral("path")).toString();
  a.host = json.value(QStringLiteral("host")).toString();
  return a;
}

bool writeFile(const QString& path, const QByteArray& text) {
  QFile f(path);
  return f.open(QIODevice::WriteOnly) && f.write(text) == text.size();
}


int boundPort(const api::Engine& engine) {
  const auto b = engine.bound();
  return b.empty() ? 0 : b.front().port;
}

}  // namespace

class TstJourneyLeaveAppMesh : public QObject {
  Q_OBJECT
 private:
  tests::Journey j;
  models::Workbench& wb() { return j.app->workbench(); }

  // An App Mesh workspace of `routes` whose VirtualNodes answer from echo
  // backends; returns the backends (kept alive by the caller).
  std::unique_ptr<api::DemoBackends> startBackends(const QString& ns, const QStringList& nodes) {
    std::vector<api::DemoBackendSpec> specs;
    for (const auto& n : nodes) {
      specs.push_back({(ns + QLatin1Char('/') + n).toStdString(), "0", 0.0});
    }
    auto started = api::DemoBackends::start(specs);
    return started ? std::move(*started) : nullptr;
  }

  // The dialog File → Export routes opens (Ctrl+E), for Gateway API.
  ui::ExportDialog* openExportDialog() {
    // The previous dialog took the focus with it.
    j.app->window().activateWindow();
    if (!QTest::qWaitForWindowActive(&j.app->window())) {
      return nullptr;
    }
    QTest::keyClick(&j.app->window(), Qt::Key_E, Qt::ControlModifier);
    ui::ExportDialog* dialog = nullptr;
    if (!QTest::qWaitFor([&] { return (dialog = j.app->window().findChild<ui::ExportDialog*>()) != nullptr; }, 3000)) {
      return nullptr;
    }
    return dialog;
  }

 private slots:
  void initTestCase() {
    QVERIFY(j.launchShown(20));
  }

  void sameRequestsSameBackends_data() {
    QTest::addColumn<QString>("routesText");
    QTest::addColumn<QString>("ns");
    QTest::addColumn<QStringList>("nodes");
    QTest::addColumn<QString>("reportMentions");

    QFile example(tests::sourceDir() + QStringLiteral("/resources/examples/appmesh/routes.yaml"));
    QVERIFY(example.open(QIODevice::ReadOnly));
    QTest::newRow("project example (canary, header pin, retries)")
        << QString::fromUtf8(example.readAll()) << QStringLiteral("colors")
        << QStringList{QStringLiteral("blue"), QStringLiteral("green"), QStringLiteral("red")}
        << QStringLiteral("also matches /colorx");

    const QString corpus = tests::corpusDir();
    if (corpus.isEmpty()) {
      qWarning("%s: the ingress-gateway walkthrough row is skipped", qPrintable(tests::corpusMissingMessage()));
      return;
    }
    QFile walkthrough(corpus + QStringLiteral("/samples/appmesh/howto-k8s-ingress-gateway/v1beta2/manifest.yaml"));
    QVERIFY2(walkthrough.open(QIODevice::ReadOnly), qPrintable(walkthrough.fileName()));
    // The walkthrough's deploy.sh expands these before kubectl apply.
    QString text = QString::fromUtf8(walkthrough.readAll());
    text.replace(QStringLiteral("${APP_NAMESPACE}"), QStringLiteral("walkthrough"));
    text.replace(QStringLiteral("${MESH_NAME}"), QStringLiteral("walkthrough"));
    text.replace(QStringLiteral("${COLOR_APP_IMAGE}"), QStringLiteral("color:latest"));
    text.replace(QStringLiteral("${ENVOY_IMAGE}"), QStringLiteral("envoy:latest"));
    QTest::newRow("corpus howto-k8s-ingress-gateway")
        << text << QStringLiteral("walkthrough")
        << QStringList{QStringLiteral("white"), QStringLiteral("blue"), QStringLiteral("red"), QStringLiteral("yellow"),
                       QStringLiteral("green")}
        << QStringLiteral("also matches /pathsx");
  }

  void sameRequestsSameBackends() {
    QFETCH(QString, routesText);
    QFETCH(QString, ns);
    QFETCH(QStringList, nodes);
    QFETCH(QString, reportMentions);
    const QString tag = QString::fromLatin1(QTest::currentDataTag()).section(QLatin1Char(' '), 0, 0);
    auto backends = startBackends(ns, nodes);
    QVERIFY(backends);

    // 1. Open the App Mesh YAML on the embedded core.
    QString virtualNodes;
    QString services;
    const int appMeshPort = tests::freeLoopbackPort();
    const int gatewayPort = tests::freeLoopbackPort();
    for (const auto& n : nodes) {
      const int port = backends->ports().at((ns + QLatin1Char('/') + n).toStdString());
      virtualNodes += QStringLiteral("  - {virtualNode: %1/%2, endpoints: [{address: 127.0.0.1:%3}]}\n").arg(ns, n).arg(port);
      // The export names a VirtualNode's Service after its DNS hostname (color-<node>).
      services += QStringLiteral("  - {service: %1/color-%2, port: 8080, endpoints: [{address: 127.0.0.1:%3}]}\n").arg(ns, n).arg(port);
    }
    QVERIFY(writeFile(j.dir.filePath(tag + QStringLiteral("-appmesh.yaml")), routesText.toUtf8()));
    const QString appMeshWorkspace = j.dir.filePath(tag + QStringLiteral("-appmesh-workspace.yaml"));
    QVERIFY(writeFile(appMeshWorkspace, QStringLiteral("apiVersion: routedeck.dev/v1alpha1\nkind: Workspace\n"
                                                       "metadata: {name: leave-appmesh}\nspec:\n  sources: [%1-appmesh.yaml]\n"
                                                       "  listeners:\n  - {gateway: %2/ingress-gw, listener: http-8088, bind: 127.0.0.1:%4}\n"
                                                       "  virtualNodes:\n%3")
                                            .arg(tag, ns, virtualNodes, QString::number(appMeshPort))
                                            .toUtf8()));
    const auto version = wb().engine().configVersion();
    wb().engine().openWorkspace(appMeshWorkspace);
    QTRY_VERIFY_WITH_TIMEOUT(wb().engine().configVersion() > version && wb().document().path() == appMeshWorkspace, 10000);
    QVERIFY2(wb().problems().errorCount() == 0, "the App Mesh workspace loads without errors");
    QVERIFY(appMeshPort > 0 && gatewayPort > 0 && gatewayPort != appMeshPort);

    // 2. The conversion report, before anything is written.
    auto* dialog = openExportDialog();
    QVERIFY(dialog);
    dialog->setTarget(models::ExportTarget::GatewayApi);
    QCOMPARE(dialog->targetBox()->currentText(), QStringLiteral("Gateway API"));
    QVERIFY(dialog->reportView()->isVisibleTo(dialog));
    const auto& report = dialog->report();
    QVERIFY(report.rowCount() > 0);
    QVERIFY2(dialog->summary()->text().contains(report.summary()), qPrintable(dialog->summary()->text()));
    QStringList details;
    for (int r = 0; r < report.rowCount(); ++r) {
      details << report.index(r, models::FidelityModel::DetailColumn).data().toString();
    }
    QVERIFY2(details.join('\n').contains(reportMentions), qPrintable(details.join('\n')));
    if (report.count(models::FidelityRow::Level::Lost) > 0) {  // what is dropped is read first
      QCOMPARE(report.index(0, models::FidelityModel::LevelColumn).data().toString(), QStringLiteral("lost"));
    }
    // Other targets are offered too, each with its own report.
    for (auto t : {models::ExportTarget::Istio, models::ExportTarget::AppMesh, models::ExportTarget::Native}) {
      QVERIFY(dialog->targetBox()->findData(static_cast<int>(t)) >= 0);
    }

    // 3. Export Gateway API.
    const QString exported = j.dir.filePath(tag + QStringLiteral("-gateway-api.yaml"));
    dialog->pathEdit()->setText(exported);
    QTest::mouseClick(dialog->buttons()->button(QDialogButtonBox::Save), Qt::LeftButton);
    QTRY_VERIFY(j.app->window().findChild<ui::ExportDialog*>() == nullptr);  // closed and deleted
    QFile out(exported);
    QVERIFY(out.open(QIODevice::ReadOnly));
    const QString yaml = QString::fromUtf8(out.readAll());
    QCOMPARE(yaml, models::exportConfig(wb().document().config(), models::ExportTarget::GatewayApi).yaml);
    QVERIFY(yaml.contains(QStringLiteral("kind: HTTPRoute")));
    QVERIFY(!yaml.contains(QStringLiteral("apiVersion: appmesh.k8s.aws")));  // no App Mesh object left

    // 4. Run the export on a second core, same backends.
    const QString gatewayWorkspace = j.dir.filePath(tag + QStringLiteral("-gateway-workspace.yaml"));
    QVERIFY(writeFile(gatewayWorkspace, QStringLiteral("apiVersion: routedeck.dev/v1alpha1\nkind: Workspace\n"
                                                       "metadata: {name: left-appmesh}\nspec:\n  sources: [%1-gateway-api.yaml]\n"
                                                       "  listeners:\n  - {gateway: %2/ingress-gw, listener: http-8088, bind: 127.0.0.1:%4}\n"
                                                       "  services:\n%3")
                                            .arg(tag, ns, services, QString::number(gatewayPort))
                                            .toUtf8()));
    auto loaded = api::loadWorkspace({gatewayWorkspace.toStdString()});
    QVERIFY2(!loaded.diagnostics.hasErrors(), loaded.diagnostics.format().c_str());
    auto gateway = api::createEmbeddedEngine();
    core::Diagnostics diags;
    QVERIFY2(gateway->apply(loaded.config, diags).ok(), diags.format().c_str());
    QCOMPARE(boundPort(*gateway), gatewayPort);

    // 5. The same requests, the same answers.
    std::vector<Probe> probes;
    if (ns == QLatin1String("colors")) {
      probes = {{"GET", "/color", {}},
                {"GET", "/color/items?id=3", {}},
                {"POST", "/color/cart", {}},
                {"GET", "/color", {{"color_header", "red"}}},
                {"GET", "/color/shirt", {{"color_header", "red"}}},
                {"GET", "/color", {{"color_header", "blue"}}},
                {"GET", "/color/slow", {}},
                {"GET", "/color/slow/deep", {}},
                {"GET", "/nothing-here", {}}};
    } else {
      probes = {{"GET", "/paths/red", {}},         {"GET", "/paths/blue", {}},
                {"GET", "/paths/yellow", {}},      {"GET", "/paths/green", {}},
                {"GET", "/paths/", {}},            {"GET", "/paths/white/x", {}},
                {"GET", "/headers", {{"color_header", "blue"}}},
                {"GET", "/headers", {{"color_header", "red"}}},
                {"GET", "/headers", {{"color_header", "redish"}}},
                {"GET", "/headers", {{"color_header", "xgreenx"}}},
                {"GET", "/headers", {{"color_header", "purple"}}},
                {"GET", "/headers", {}},
                {"DELETE", "/headers/item", {}},
                {"GET", "/nothing-here", {}}};
    }
    // A weighted split answers from any of its backends, so a request is
    // "the same" when both cores pick among the same set. A light backend
    // (10%) can hide for a dozen tries, so keep asking until the sets agree,
    // bounded: a real difference still fails after kMaxTries.
    constexpr int kMinTries = 12;
    constexpr int kMaxTries = 300;
    int answered = 0;
    QSet<QString> seen;
    for (const auto& p : probes) {
      QSet<QString> fromAppMesh;
      QSet<QString> fromGateway;
      for (int i = 0; i < kMaxTries && (i < kMinTries || fromAppMesh != fromGateway); ++i) {
        fromAppMesh << ask(appMeshPort, p).text();
        fromGateway << ask(gatewayPort, p).text();
      }
      const QString label = QString::fromStdString(p.method + " " + p.path);
      QVERIFY2(fromAppMesh == fromGateway,
               qPrintable(label + QStringLiteral("\n  App Mesh:    ") + QStringList(fromAppMesh.values()).join(" | ") +
                          QStringLiteral("\n  Gateway API: ") + QStringList(fromGateway.values()).join(" | ")));
      for (const auto& a : fromAppMesh) {
        if (a.startsWith(QLatin1String("200 "))) {
          ++answered;
          seen << a.section(QLatin1Char(' '), 1, 1);
        }
      }
    }
    QVERIFY(answered >= static_cast<int>(probes.size()) - 1);  // all but the 404 probe reach a backend
    QCOMPARE(seen.size(), nodes.size());                         // and every VirtualNode is exercised

    gateway->stop();
    gateway.reset();
  }

  // What the report warns about is real: App Mesh's string prefix also
  // matches /colorx, Gateway API's path prefix does not.
  void theReportedDifferenceIsReal() {
    auto backends = startBackends(QStringLiteral("colors"), {QStringLiteral("blue"), QStringLiteral("green"), QStringLiteral("red")});
    QVERIFY(backends);
    QString virtualNodes;
    QString services;
    const int appMeshPort = tests::freeLoopbackPort();
    const int gatewayPort = tests::freeLoopbackPort();
    for (const auto& n : {QStringLiteral("blue"), QStringLiteral("green"), QStringLiteral("red")}) {
      const int port = backends->ports().at("colors/" + n.toStdString());
      virtualNodes += QStringLiteral("  - {virtualNode: colors/%1, endpoints: [{address: 127.0.0.1:%2}]}\n").arg(n).arg(port);
      services += QStringLiteral("  - {service: colors/color-%1, port: 8080, endpoints: [{address: 127.0.0.1:%2}]}\n").arg(n).arg(port);
    }
    const QString appMesh = j.dir.filePath(QStringLiteral("diff-appmesh.yaml"));
    QVERIFY(writeFile(appMesh, QStringLiteral("apiVersion: routedeck.dev/v1alpha1\nkind: Workspace\nmetadata: {name: a}\n"
                                              "spec:\n  sources: [%1/resources/examples/appmesh/routes.yaml]\n"
                                              "  listeners:\n  - {gateway: colors/ingress-gw, listener: http-8088, bind: 127.0.0.1:%3}\n"
                                              "  virtualNodes:\n%2")
                                   .arg(tests::sourceDir(), virtualNodes, QString::number(appMeshPort))
                                   .toUtf8()));
    const auto version = wb().engine().configVersion();
    wb().engine().openWorkspace(appMesh);
    QTRY_VERIFY_WITH_TIMEOUT(wb().engine().configVersion() > version && wb().document().path() == appMesh, 10000);

    const QString exported = j.dir.filePath(QStringLiteral("diff-gateway-api.yaml"));
    QVERIFY(writeFile(exported, models::exportConfig(wb().document().config(), models::ExportTarget::GatewayApi).yaml.toUtf8()));
    const QString gatewayWorkspace = j.dir.filePath(QStringLiteral("diff-gateway-workspace.yaml"));
    QVERIFY(writeFile(gatewayWorkspace, QStringLiteral("apiVersion: routedeck.dev/v1alpha1\nkind: Workspace\nmetadata: {name: g}\n"
                                                       "spec:\n  sources: [diff-gateway-api.yaml]\n"
                                                       "  listeners:\n  - {gateway: colors/ingress-gw, listener: http-8088, bind: 127.0.0.1:%2}\n"
                                                       "  services:\n%1")
                                            .arg(services, QString::number(gatewayPort))
                                            .toUtf8()));
    auto loaded = api::loadWorkspace({gatewayWorkspace.toStdString()});
    QVERIFY2(!loaded.diagnostics.hasErrors(), loaded.diagnostics.format().c_str());
    auto gateway = api::createEmbeddedEngine();
    core::Diagnostics diags;
    QVERIFY(gateway->apply(loaded.config, diags).ok());

    const Probe colorx{"GET", "/colorx", {}};
    const Answer mesh = ask(appMeshPort, colorx);
    const Answer gw = ask(gatewayPort, colorx);
    QCOMPARE(mesh.status, 200);
    QVERIFY2(mesh.service == QLatin1String("blue") || mesh.service == QLatin1String("green"), qPrintable(mesh.text()));
    QCOMPARE(gw.status, 404);
    gateway->stop();
  }

  void cleanupTestCase() { j.app.reset(); }
};

int main(int argc, char** argv) {
  tests::prepareGuiTest();
  QApplication app(argc, argv);
  TstJourneyLeaveAppMesh t;
  return QTest::qExec(&t, argc, argv);
}
#include "tst_journey_leave_appmesh.moc"
