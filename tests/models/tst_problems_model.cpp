#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include "models/problems/problems_model.h"
#include "proxycore/common/diagnostics.h"

using namespace routedeck::models;
namespace core = routedeck::core;

class TstProblemsModel : public QObject {
  Q_OBJECT
 private slots:
  void showsLocationsErrorsFirst() {
    core::Diagnostics diags;
    diags.warning({"routes.yaml", 12, 5}, "weights sum to 0", "spec.rules[0]");
    diags.error({"routes.yaml", 30, 11}, "invalid regex", "spec.rules[1].matches[0].path.value");
    ProblemsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy count(&model, &ProblemsModel::countChanged);
    model.setProblems(toProblems(diags));
    QCOMPARE(count.count(), 1);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.errorCount(), 1);
    QCOMPARE(model.index(0, ProblemsModel::SeverityColumn).data().toString(), QStringLiteral("error"));
    QCOMPARE(model.index(0, ProblemsModel::LocationColumn).data().toString(), QStringLiteral("routes.yaml:30:11"));
    QCOMPARE(model.index(0, ProblemsModel::MessageColumn).data().toString(), QStringLiteral("invalid regex"));
    QCOMPARE(model.index(1, ProblemsModel::FieldColumn).data().toString(), QStringLiteral("spec.rules[0]"));
    model.setProblems({});
    QCOMPARE(model.rowCount(), 0);
  }
};

QTEST_GUILESS_MAIN(TstProblemsModel)
#include "tst_problems_model.moc"
