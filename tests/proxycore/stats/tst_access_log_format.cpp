// Access-log lines: every field present, valid JSON for hostile input, and
// credentials redacted; metric names follow the Prometheus conventions.
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

#include <prometheus/metric_family.h>

#include "proxycore/stats/access_log_format.h"
#include "proxycore/stats/metrics_collectable.h"

using namespace routedeck::core::stats;

class TestAccessLogFormat : public QObject {
  Q_OBJECT

  static AccessRecord sample() {
    AccessRecord r;
    r.time = std::chrono::system_clock::time_point(std::chrono::milliseconds(1764150000123));
    r.requestId = "rid-1";
    r.client = "127.0.0.1:5555";
    r.method = "GET";
    r.authority = "shop.example.com";
    r.path = "/api?token=abc&x=1";
    r.protocol = "HTTP/1.1";
    r.status = 503;
    r.flags = "UF,URX";
    r.routeKind = "HTTPRoute";
    r.routeNamespace = "demo";
    r.routeName = "shop";
    r.rule = 2;
    r.backend = "demo/shop-v1";
    r.endpoint = "127.0.0.1:19001";
    r.attempts = 3;
    r.bytesIn = 10;
    r.bytesOut = 99;
    r.totalSeconds = 0.0123;
    r.upstreamSeconds = -1;
    r.userAgent = "ua \"quoted\"\n\x01\xff";
    return r;
  }

 private slots:
  void redactTarget_data() {
    QTest::addColumn<QString>("in");
    QTest::addColumn<QString>("out");
    QTest::newRow("plain") << "/a/b" << "/a/b";
    QTest::newRow("token") << "/a?token=abc" << "/a?token=[REDACTED]";
    QTest::newRow("mixed") << "/a?x=1&access_token=s3&API_KEY=k&y=2"
                           << "/a?x=1&access_token=[REDACTED]&API_KEY=[REDACTED]&y=2";
    QTest::newRow("fragment") << "/a?password=p#frag" << "/a?password=[REDACTED]#frag";
    QTest::newRow("no value") << "/a?token&b=1" << "/a?token&b=1";
    QTest::newRow("userinfo") << "http://bob:pw@h.example/x?q=1" << "http://[REDACTED]@h.example/x?q=1";
    QTest::newRow("at in path") << "/users/@me?sig=zz" << "/users/@me?sig=[REDACTED]";
  }
  void redactTarget() {
    QFETCH(QString, in);
    QFETCH(QString, out);
    QCOMPARE(QString::fromStdString(routedeck::core::stats::redactTarget(in.toStdString())), out);
  }

  void secretHeaders() {
    for (const char* h : {"authorization", "proxy-authorization", "cookie", "set-cookie"}) {
      QCOMPARE(QString::fromUtf8(redactHeader(h, "Bearer x").data(), int(redactHeader(h, "Bearer x").size())),
               QStringLiteral("[REDACTED]"));
    }
    QCOMPARE(std::string(redactHeader("user-agent", "curl")), std::string("curl"));
  }

  void jsonLineHasEveryField() {
    AccessRecord r = sample();
    redact(r);
    const std::string line = formatJson(r);
    QVERIFY(line.find('\n') == std::string::npos);
    QJsonParseError err;
    const auto doc = QJsonDocument::fromJson(QByteArray::fromStdString(line), &err);
    QVERIFY2(err.error == QJsonParseError::NoError, qPrintable(err.errorString() + " " + QString::fromStdString(line)));
    const QJsonObject o = doc.object();
    for (const char* key : {"time", "request_id", "trace_id", "client", "method", "authority", "path",
                            "protocol", "status", "response_flags", "route_kind", "route_namespace",
                            "route_name", "rule", "backend", "endpoint", "attempts", "bytes_received",
                            "bytes_sent", "duration_ms", "upstream_duration_ms", "user_agent"}) {
      QVERIFY2(o.contains(QLatin1String(key)), key);
    }
    QCOMPARE(o.value("time").toString(), QStringLiteral("2025-11-26T09:40:00.123Z"));
    QCOMPARE(o.value("path").toString(), QStringLiteral("/api?token=[REDACTED]&x=1"));
    QCOMPARE(o.value("status").toInt(), 503);
    QCOMPARE(o.value("attempts").toInt(), 3);
    QVERIFY(o.value("upstream_duration_ms").isNull());
    QCOMPARE(o.value("duration_ms").toDouble(), 12.3);
  }

  void textLine() {
    AccessRecord r = sample();
    redact(r);
    const QString line = QString::fromStdString(formatText(r));
    QVERIFY2(line.startsWith(QStringLiteral("[2025-11-26T09:40:00.123Z] \"GET /api?token=[REDACTED]&x=1 HTTP/1.1\" 503 UF,URX 10 99 12 -")),
             qPrintable(line));
    QVERIFY2(line.contains(QStringLiteral("\"HTTPRoute/demo/shop#2\" \"demo/shop-v1\"")), qPrintable(line));
    QVERIFY(!line.contains(QLatin1Char('\n')));
  }

  void metricNamesFollowConventions() {
    Snapshot s;
    RuleStats r;
    r.key = {"HTTPRoute", "demo", "shop", 0, ""};
    r.byStatus[200] = 3;
    r.byFlag["UF"] = 1;
    r.totalLatency.recordMicros(1200);
    r.backends.push_back(BackendStats{"demo/shop-v1:8080", 90, {}, {}, {{200, 3}}});
    s.rules.push_back(r);
    s.listeners.push_back(ListenerStats{"127.0.0.1:8080", "demo/edge", "http", {}, 0, 0});
    const QRegularExpression name(QStringLiteral("^routedeck_[a-z_]+$"));
    int families = 0;
    for (const auto& f : toMetricFamilies(s)) {
      ++families;
      const QString n = QString::fromStdString(f.name);
      QVERIFY2(name.match(n).hasMatch(), qPrintable(n));
      if (f.type == prometheus::MetricType::Counter) QVERIFY2(n.endsWith(QStringLiteral("_total")), qPrintable(n));
      if (f.type == prometheus::MetricType::Histogram) QVERIFY2(n.endsWith(QStringLiteral("_seconds")), qPrintable(n));
      for (const auto& m : f.metric) {
        for (const auto& l : m.label) {
          QVERIFY2(QStringList({"route_kind", "namespace", "route", "rule", "backend", "code", "flag",
                                "listener", "bind", "code_class"})
                       .contains(QString::fromStdString(l.name)),
                   l.name.c_str());
        }
        if (f.type == prometheus::MetricType::Histogram) {
          QCOMPARE(m.histogram.bucket.size(), kBucketBounds.size() + 1);
          QVERIFY(std::isinf(m.histogram.bucket.back().upper_bound));
        }
      }
    }
    QVERIFY(families > 10);
  }
};

QTEST_GUILESS_MAIN(TestAccessLogFormat)
#include "tst_access_log_format.moc"
