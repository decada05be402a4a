// The routedeckd command line is a contract other tools and tests rely on:
// exit codes, JSON shape of explain, YAML + fidelity report of convert.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "tests/support/test_support.h"

using namespace routedeck;

namespace {

tests::ProcessResult routedeckd(const QStringList& args) {
  return tests::run(tests::binDir() + QStringLiteral("/routedeckd"), args);
}

QString example(const QString& dialect) {
  return tests::sourceDir() + QStringLiteral("/resources/examples/") + dialect +
         QStringLiteral("/workspace.yaml");
}

QJsonObject explain(const QStringList& args, int expectedExit = 0) {
  auto r = routedeckd(QStringList{QStringLiteral("explain")} + args);
  if (r.exitCode != expectedExit) {
    qWarning("exit %d: %s", r.exitCode, qPrintable(r.err));
    return {};
  }
  QJsonParseError error;
  auto doc = QJsonDocument::fromJson(r.out.toUtf8(), &error);
  if (error.error != QJsonParseError::NoError) {
    qWarning("not JSON: %s", qPrintable(r.out));
  }
  return doc.object();
}

}  // namespace

class TestRoutedeckdCli : public QObject {
  Q_OBJECT

 private slots:
  void demoWorkspacesAreValid_data() {
    QTest::addColumn<QString>("dialect");
    QTest::newRow("gateway-api") << QStringLiteral("gateway-api");
    QTest::newRow("istio") << QStringLiteral("istio");
    QTest::newRow("appmesh") << QStringLiteral("appmesh");
  }

  void demoWorkspacesAreValid() {
    QFETCH(QString, dialect);
    auto r = routedeckd({QStringLiteral("check"), example(dialect)});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(r.err.isEmpty());
  }

  void explainPinnedRequest() {
    auto j = explain({QStringLiteral("--request"), QStringLiteral("GET http://shop.example.com/api/cart"),
                      QStringLiteral("-H"), QStringLiteral("x-version: v2"), example(QStringLiteral("gateway-api"))});
    QCOMPARE(j.value(QStringLiteral("matched")).toBool(), true);
    QVERIFY(j.value(QStringLiteral("status")).isNull());
    const auto route = j.value(QStringLiteral("route")).toObject();
    QCOMPARE(route.value(QStringLiteral("kind")).toString(), QStringLiteral("HTTPRoute"));
    QCOMPARE(route.value(QStringLiteral("namespace")).toString(), QStringLiteral("demo"));
    QCOMPARE(route.value(QStringLiteral("name")).toString(), QStringLiteral("shop"));
    QCOMPARE(route.value(QStringLiteral("rule")).toInt(), 0);
    QCOMPARE(route.value(QStringLiteral("ruleName")).toString(), QStringLiteral("pinned-v2"));
    const auto backends = j.value(QStringLiteral("backends")).toArray();
    QCOMPARE(backends.size(), 1);
    QCOMPARE(backends[0].toObject().value(QStringLiteral("name")).toString(), QStringLiteral("shop-v2"));
    QCOMPARE(backends[0].toObject().value(QStringLiteral("port")).toInt(), 8080);
    // In precedence order: /ratings (longer prefix) fails, pinned-v2 (a header
    // more) is selected, and canary also matches but is shadowed.
    QStringList trace;
    for (const auto& c : j.value(QStringLiteral("considered")).toArray()) {
      trace << c.toObject().value(QStringLiteral("ruleName")).toString() + QLatin1Char('=') +
                   c.toObject().value(QStringLiteral("outcome")).toString();
    }
    QCOMPARE(trace, QStringList({QStringLiteral("ratings=no match"), QStringLiteral("pinned-v2=selected"),
                                 QStringLiteral("canary=shadowed")}));
    for (const char* key : {"rewrite", "redirect", "headers"}) {
      QVERIFY2(j.contains(QLatin1String(key)), key);
    }
  }

  void explainCanarySplit() {
    auto j = explain({QStringLiteral("--request"), QStringLiteral("GET http://shop.example.com/api/cart"),
                      example(QStringLiteral("gateway-api"))});
    const auto backends = j.value(QStringLiteral("backends")).toArray();
    QCOMPARE(backends.size(), 2);
    QCOMPARE(backends[0].toObject().value(QStringLiteral("weight")).toInt(), 90);
    QCOMPARE(backends[1].toObject().value(QStringLiteral("weight")).toInt(), 10);
  }

  void explainNoRouteIs404() {
    auto j = explain({QStringLiteral("--request"), QStringLiteral("GET http://shop.example.com/nothing"),
                      example(QStringLiteral("gateway-api"))});
    QCOMPARE(j.value(QStringLiteral("matched")).toBool(), false);
    QCOMPARE(j.value(QStringLiteral("status")).toInt(), 404);
  }

  void explainIstioSubset() {
    auto j = explain({QStringLiteral("--request"), QStringLiteral("GET http://bookinfo.example.com/reviews/1"),
                      QStringLiteral("-H"), QStringLiteral("end-user: jason"), example(QStringLiteral("istio"))});
    const auto b = j.value(QStringLiteral("backends")).toArray().at(0).toObject();
    QCOMPARE(b.value(QStringLiteral("name")).toString(), QStringLiteral("reviews"));
    QCOMPARE(b.value(QStringLiteral("subset")).toString(), QStringLiteral("v2"));
    // The subset's labels (version: v2) pick the workspace endpoint.
    QCOMPARE(b.value(QStringLiteral("endpoints")).toArray(), QJsonArray({QStringLiteral("127.0.0.1:19012")}));
  }

  void explainUnknownGateway() {
    auto r = routedeckd({QStringLiteral("explain"), QStringLiteral("--gateway"), QStringLiteral("nope/gw"),
                         QStringLiteral("--request"), QStringLiteral("GET http://x/"), example(QStringLiteral("istio"))});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.err.contains(QStringLiteral("gateway \"nope/gw\" is not defined")));
  }

  void usageErrors_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::newRow("no command") << QStringList{} << QStringLiteral("Usage: routedeckd COMMAND");
    QTest::newRow("unknown command") << QStringList{QStringLiteral("frobnicate")}
                                     << QStringLiteral("unknown command 'frobnicate'");
    QTest::newRow("unknown option") << QStringList{QStringLiteral("check"), QStringLiteral("--bogus"), QStringLiteral("f")}
                                    << QStringLiteral("unknown option '--bogus'");
    QTest::newRow("check without files") << QStringList{QStringLiteral("check")} << QStringLiteral("no input files");
    QTest::newRow("explain without request")
        << QStringList{QStringLiteral("explain"), QStringLiteral("f.yaml")} << QStringLiteral("--request is required");
    QTest::newRow("bad request line")
        << QStringList{QStringLiteral("explain"), QStringLiteral("--request"), QStringLiteral("get /"), QStringLiteral("f.yaml")}
        << QStringLiteral("request method must be upper-case");
    QTest::newRow("bad port") << QStringList{QStringLiteral("explain"), QStringLiteral("--port"), QStringLiteral("0"),
                                             QStringLiteral("--request"), QStringLiteral("GET /"), QStringLiteral("f.yaml")}
                              << QStringLiteral("--port must be 1..65535");
    QTest::newRow("convert without --to") << QStringList{QStringLiteral("convert"), QStringLiteral("f.yaml")}
                                          << QStringLiteral("--to is required");
    QTest::newRow("convert to unknown") << QStringList{QStringLiteral("convert"), QStringLiteral("--to"), QStringLiteral("nginx"), QStringLiteral("f.yaml")}
                                        << QStringLiteral("unknown dialect 'nginx'");
  }

  void usageErrors() {
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    auto r = routedeckd(args);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
  }

  void helpForEveryCommand_data() {
    QTest::addColumn<QString>("command");
    for (const char* c : {"check", "explain", "convert", "routes"}) {
      QTest::newRow(c) << QString::fromLatin1(c);
    }
  }

  void helpForEveryCommand() {
    QFETCH(QString, command);
    auto r = routedeckd({command, QStringLiteral("--help")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.startsWith(QStringLiteral("Usage: routedeckd ") + command));
  }

  void missingFileIsAPreciseError() {
    auto r = routedeckd({QStringLiteral("check"), QStringLiteral("/nonexistent/routes.yaml")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.startsWith(QStringLiteral("/nonexistent/routes.yaml:0:0: error: cannot read file")),
             qPrintable(r.err));
  }

  void convertWritesYamlAndAReport() {
    auto r = routedeckd({QStringLiteral("convert"), QStringLiteral("--to"), QStringLiteral("gateway-api"),
                         example(QStringLiteral("istio"))});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(r.out.contains(QStringLiteral("kind: HTTPRoute")));
    QVERIFY(r.err.startsWith(QStringLiteral("fidelity: ")));
    // Fault injection has no Gateway API equivalent: it must be reported lost.
    QVERIFY2(r.err.contains(QStringLiteral("lost")) && r.err.contains(QStringLiteral("fault")), qPrintable(r.err));
  }

  void convertedOutputIsValid_data() {
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    for (const char* from : {"gateway-api", "istio", "appmesh"}) {
      for (const char* to : {"gateway-api", "istio", "appmesh"}) {
        QTest::newRow(qPrintable(QStringLiteral("%1 to %2").arg(QLatin1String(from), QLatin1String(to))))
            << QString::fromLatin1(from) << QString::fromLatin1(to);
      }
    }
  }

  // Whatever convert writes must pass the same schema and semantic checks as
  // hand-written files: a migration that produces invalid YAML is no migration.
  void convertedOutputIsValid() {
    QFETCH(QString, from);
    QFETCH(QString, to);
    auto r = routedeckd({QStringLiteral("convert"), QStringLiteral("--to"), to, example(from)});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QTemporaryDir dir;
    QFile out(dir.filePath(QStringLiteral("converted.yaml")));
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(r.out.toUtf8());
    out.close();
    auto check = routedeckd({QStringLiteral("check"), out.fileName()});
    QVERIFY2(check.exitCode == 0, qPrintable(check.err + r.out));
    if (from == to) {
      QVERIFY(r.err.startsWith(QStringLiteral("fidelity: 0 exact, 0 approximate, 0 lost")));
    }
  }

  void routesPrintsTheTable() {
    auto r = routedeckd({QStringLiteral("routes"), example(QStringLiteral("appmesh"))});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains(QStringLiteral("bound to 127.0.0.1:18082")));
    // Priority 0 (pinned-red) is tried before priority 10 (color).
    const qsizetype pinned = r.out.indexOf(QStringLiteral("1. GatewayRoute colors/pinned-red"));
    const qsizetype color = r.out.indexOf(QStringLiteral("2. GatewayRoute colors/color "));
    QVERIFY2(pinned > 0 && color > pinned, qPrintable(r.out));
    QVERIFY2(r.out.contains(QStringLiteral("appmesh virtual router colors/color-router\n"
                                           "    1. route slow (priority 10): string-prefix /slow\n"
                                           "    2. route canary (priority 20): string-prefix /\n")),
             qPrintable(r.out));
  }
};

QTEST_GUILESS_MAIN(TestRoutedeckdCli)
#include "tst_routedeckd_cli.moc"
