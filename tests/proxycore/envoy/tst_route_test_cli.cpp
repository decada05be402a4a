// routedeckd route-test on the Envoy router-check corpus, the demo RouteTests
// and a failing expectation.
#include <QDir>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include "tests/support/test_support.h"

using namespace routedeck;

namespace {

tests::ProcessResult routedeckd(const QStringList& args) {
  return tests::run(tests::binDir() + QStringLiteral("/routedeckd"), args);
}

}  // namespace

class TestRouteTestCli : public QObject {
  Q_OBJECT

 private slots:
  void envoyRouterCheck_data() {
    QTest::addColumn<QString>("name");
    for (const char* n :
         {"ClusterHeader", "ComprehensiveRoutes", "DirectResponse", "HeaderMatchedRouting",
          "Redirect", "Redirect4", "TestRoutes", "Timeout", "Weighted"}) {
      QTest::newRow(n) << QString::fromLatin1(n);
    }
  }
  void envoyRouterCheck() {
    QFETCH(QString, name);
    const QString corpus = tests::corpusDir();
    if (corpus.isEmpty()) {
      QSKIP(qPrintable(tests::corpusMissingMessage()));
    }
    const QString dir = corpus + QStringLiteral("/envoy-router-check/");
    if (!QDir(dir).exists()) {
      QSKIP("corpus has no envoy-router-check folder");
    }
    auto r =
        routedeckd({QStringLiteral("route-test"), dir + name + QStringLiteral(".yaml"),
                    QStringLiteral("--tests"), dir + name + QStringLiteral(".golden.proto.json")});
    const auto summary =
        QRegularExpression(QStringLiteral("(\\d+) passed, (\\d+) failed")).match(r.out);
    QVERIFY2(summary.hasMatch(), qPrintable(r.out + r.err));
    qInfo("%s: %s passed, %s failed", qPrintable(name), qPrintable(summary.captured(1)),
          qPrintable(summary.captured(2)));
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    QCOMPARE(summary.captured(2), QStringLiteral("0"));
    QVERIFY(summary.captured(1).toInt() > 0);
  }

  // Conversion from Envoy is approximate, but what it writes must be valid.
  void conversionsFromEnvoyPassCheck() {
    const QString corpus = tests::corpusDir();
    if (corpus.isEmpty()) {
      QSKIP(qPrintable(tests::corpusMissingMessage()));
    }
    QTemporaryDir tmp;
    const auto files = tests::filesUnder(corpus + QStringLiteral("/envoy-router-check"),
                                         {QStringLiteral(".yaml")});
    for (const auto& file : files) {
      for (const char* to : {"gateway-api", "istio", "appmesh"}) {
        auto r = routedeckd(
            {QStringLiteral("convert"), QStringLiteral("--to"), QString::fromLatin1(to), file});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("fidelity:")), qPrintable(r.err));
        QFile out(tmp.filePath(QStringLiteral("out.yaml")));
        QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
        out.write(r.out.toUtf8());
        out.close();
        auto c = routedeckd({QStringLiteral("check"), QStringLiteral("-q"), out.fileName()});
        QVERIFY2(c.exitCode == 0, qPrintable(file + QStringLiteral(" -> ") +
                                             QString::fromLatin1(to) + QLatin1Char('\n') + c.err));
      }
    }
    auto refused = routedeckd({QStringLiteral("convert"), QStringLiteral("--to"),
                               QStringLiteral("envoy"), files.value(0)});
    QCOMPARE(refused.exitCode, 2);
    QVERIFY(refused.err.contains(QStringLiteral("read-only")));
  }

  void demoRouteTests() {
    const QString ex = tests::sourceDir() + QStringLiteral("/resources/examples/gateway-api/");
    auto r = routedeckd({QStringLiteral("route-test"), ex + QStringLiteral("workspace.yaml"),
                         QStringLiteral("--tests"), ex + QStringLiteral("route-tests.yaml"),
                         QStringLiteral("--coverage")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    QVERIFY(r.out.contains(QStringLiteral("6 passed, 0 failed")));
    QVERIFY(r.out.contains(QStringLiteral("coverage: 3/3 rules exercised (100.0%)")));
  }

  void failingExpectationIsReported() {
    QTemporaryDir tmp;
    const QString tests = tmp.filePath(QStringLiteral("t.yaml"));
    QFile f(tests);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(
        "apiVersion: routedeck.dev/v1alpha1\nkind: RouteTests\nmetadata: {name: t}\nspec:\n  "
        "tests:\n"
        "  - name: wrong backend\n    request: {host: shop.example.com, path: /ratings}\n"
        "    expect: {backend: {name: shop-v1}, status: forwarded}\n"
        "  - name: right status\n    request: {host: shop.example.com, path: /x}\n"
        "    expect: {status: 404}\n");
    f.close();
    const QString ws =
        tests::sourceDir() + QStringLiteral("/resources/examples/gateway-api/workspace.yaml");
    auto r = routedeckd({QStringLiteral("route-test"), ws, QStringLiteral("--tests"), tests});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.out.contains(QStringLiteral("FAIL wrong backend")), qPrintable(r.out));
    QVERIFY2(r.out.contains(QStringLiteral("backend.name: expected \"shop-v1\", got \"ratings\"")),
             qPrintable(r.out));
    QVERIFY(r.out.contains(QStringLiteral("PASS right status")));
    QVERIFY(r.out.contains(QStringLiteral("1 passed, 1 failed")));
    QVERIFY(
        r.out.contains(QStringLiteral("not exercised: HTTPRoute demo/shop rule 0 (pinned-v2)")) ||
        r.out.contains(QStringLiteral("coverage: 1/3")));
  }

  void usageAndInputErrors() {
    const QString ws =
        tests::sourceDir() + QStringLiteral("/resources/examples/gateway-api/workspace.yaml");
    QCOMPARE(routedeckd({QStringLiteral("route-test"), ws}).exitCode, 2);  // no --tests
    auto r = routedeckd({QStringLiteral("route-test"), ws, QStringLiteral("--tests"), ws});
    QCOMPARE(r.exitCode, 2);  // a workspace is not a test file
    QVERIFY(r.err.contains(QStringLiteral("not a test file")));
  }
};

QTEST_GUILESS_MAIN(TestRouteTestCli)
#include "tst_route_test_cli.moc"
