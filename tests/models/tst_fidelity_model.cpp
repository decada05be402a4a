// The export dialog's conversion report: App Mesh → Gateway API of the
// project's App Mesh example lists what is not exact, lost before
// approximate, with the counts routedeckd convert prints.
#include <QAbstractItemModelTester>
#include <QTest>

#include "models/document/export.h"
#include "models/document/fidelity_model.h"
#include "proxycore/api/workspace_io.h"

using namespace routedeck::models;

class TstFidelityModel : public QObject {
  Q_OBJECT
 private slots:
  void appMeshToGatewayApi() {
    auto loaded = routedeck::core::api::loadWorkspace({RD_SOURCE_DIR "/resources/examples/appmesh/workspace.yaml"});
    QVERIFY(!loaded.diagnostics.hasErrors());
    FidelityModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const auto text = exportConfig(loaded.config, ExportTarget::GatewayApi);
    m.setNotes(text.notes);
    QCOMPARE(m.rowCount(), static_cast<int>(text.fidelity.size()));  // every non-exact feature, one row each
    QCOMPARE(m.summary(), QStringLiteral("5 exact, 13 approximate, 0 lost"));
    QCOMPARE(m.index(0, FidelityModel::LevelColumn).data().toString(), QStringLiteral("approximate"));
    QCOMPARE(m.index(0, FidelityModel::ObjectColumn).data().toString(), QStringLiteral("VirtualGateway colors/ingress-gw"));
    QVERIFY(m.index(0, FidelityModel::DetailColumn).data().toString().contains(QStringLiteral("placeholder class")));
    QCOMPARE(m.headerData(FidelityModel::DetailColumn, Qt::Horizontal, Qt::DisplayRole).toString(), QStringLiteral("What differs"));
  }

  void lostComesFirst() {
    FidelityModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    using L = FidelityRow::Level;
    m.setNotes({{L::Approximate, "A", "f1", "d1"}, {L::Exact, "B", "f2", ""}, {L::Lost, "C", "f3", "d3"}});
    QCOMPARE(m.rowCount(), 2);
    QCOMPARE(m.index(0, FidelityModel::ObjectColumn).data().toString(), QStringLiteral("C"));
    QCOMPARE(m.index(0, FidelityModel::LevelColumn).data().toString(), QStringLiteral("lost"));
    QCOMPARE(m.index(0, 0).data(FidelityModel::LevelRole).toInt(), static_cast<int>(L::Lost));
    QCOMPARE(m.summary(), QStringLiteral("1 exact, 1 approximate, 1 lost"));
    // Native export: no conversion, nothing to report.
    m.setNotes({});
    QCOMPARE(m.rowCount(), 0);
  }
};

QTEST_GUILESS_MAIN(TstFidelityModel)
#include "tst_fidelity_model.moc"
