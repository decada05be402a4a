// The /metrics round trip with a real Prometheus server (Debian package
// `prometheus`): it scrapes `routedeckd serve --metrics` every second while
// a load runs through a 90/10 split to echo backends with known latency;
// its HTTP API must then report a non-zero request rate per rule and a p99
// within the backends' latency range.
#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>
#include <QUrl>

#include <atomic>
#include <thread>

#include "tests/proxycore/proxy/live_http.h"
#include "tests/proxycore/proxy/proxy_env.h"

using namespace routedeck::tests;

namespace {

const char* kRoute = R"(---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: web, namespace: test}
spec:
  parentRefs: [{name: edge}]
  hostnames: [web.example.com]
  rules:
  - matches: [{path: {type: PathPrefix, value: /api}}]
    backendRefs:
    - {name: svc-a, port: 8080, weight: 90}
    - {name: svc-b, port: 8080, weight: 10}
  - matches: [{path: {type: PathPrefix, value: /}}]
    backendRefs: [{name: svc-a, port: 8080}]
)";

// Backend latency: normal(40 ms, 4 ms) → p99 ≈ 49 ms; the proxy adds little.
constexpr double kP99Low = 0.035;
constexpr double kP99High = 0.150;

struct Sample {
  QJsonObject metric;
  double value = 0;
};

// Runs an instant query; empty on any error.
std::vector<Sample> query(int port, const QString& promql) {
  HttpClient c(port, 5000);
  const std::string target =
      "/api/v1/query?query=" + QUrl::toPercentEncoding(promql).toStdString();
  auto r = c.get(target, "127.0.0.1:" + std::to_string(port));
  std::vector<Sample> out;
  if (!r.ok || r.status != 200) return out;
  const auto doc = QJsonDocument::fromJson(QByteArray::fromStdString(r.body)).object();
  for (const auto& v : doc.value("data").toObject().value("result").toArray()) {
    const QJsonObject o = v.toObject();
    out.push_back({o.value("metric").toObject(), o.value("value").toArray().at(1).toString().toDouble()});
  }
  return out;
}

}  // namespace

class TestPrometheusScrape : public QObject {
  Q_OBJECT

 private slots:
  void scrapeUnderLoad() {
    const QString prometheus = QStandardPaths::findExecutable(QStringLiteral("prometheus"));
    if (prometheus.isEmpty()) {
      QSKIP("the prometheus binary is not installed (Debian package `prometheus`; packaging/setup-debian.sh installs it)");
    }
    ProxyEnv env;
    QCOMPARE(env.startEcho({QStringLiteral("svc-a"), QStringLiteral("svc-b")},
                           {QStringLiteral("--latency"), QStringLiteral("normal:40ms,4ms"),
                            QStringLiteral("--latency"), QStringLiteral("normal:40ms,4ms")})
                 .size(),
             size_t(2));
    env.write(QStringLiteral("routes.yaml"), gatewayApiBase() + QString::fromUtf8(kRoute) +
                                                  serviceObject(QStringLiteral("svc-a")) +
                                                  serviceObject(QStringLiteral("svc-b")));
    auto ws = env.write(
        QStringLiteral("workspace.yaml"),
        workspaceYaml(QStringLiteral("test/edge"), QStringLiteral("http"), env.proxyPort(),
                      {QStringLiteral("routes.yaml")},
                      serviceEntry(QStringLiteral("svc-a"), 8080, {env.echoPort(QStringLiteral("svc-a"))}) +
                          serviceEntry(QStringLiteral("svc-b"), 8080, {env.echoPort(QStringLiteral("svc-b"))})));
    const int metricsPort = freeLoopbackPort();
    QVERIFY2(env.startServe(ws, {QStringLiteral("--metrics"), QStringLiteral("127.0.0.1:%1").arg(metricsPort),
                                 QStringLiteral("--stats-interval"), QStringLiteral("100ms")}),
             qPrintable(env.serve() ? env.serve()->err() : QString()));

    // Our own Prometheus on its own port and storage: the Debian service
    // (if apt started one) listens on :9090 and is never contacted.
    const int promPort = freeLoopbackPort();
    env.write(QStringLiteral("prometheus.yml"),
              QStringLiteral("global: {scrape_interval: 1s, evaluation_interval: 1s}\n"
                             "scrape_configs:\n"
                             "- job_name: routedeck\n"
                             "  scrape_interval: 1s\n"
                             "  static_configs: [{targets: ['127.0.0.1:%1']}]\n")
                  .arg(metricsPort));
    QProcess prom;
    prom.setProcessChannelMode(QProcess::MergedChannels);
    prom.start(prometheus, {QStringLiteral("--config.file=") + env.path(QStringLiteral("prometheus.yml")),
                            QStringLiteral("--storage.tsdb.path=") + env.path(QStringLiteral("tsdb")),
                            QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(promPort)});
    QVERIFY(prom.waitForStarted(5000));
    auto stopProm = qScopeGuard([&] {
      prom.terminate();
      if (!prom.waitForFinished(10000)) prom.kill();
    });
    QElapsedTimer ready;
    ready.start();
    bool up = false;
    while (!up && ready.elapsed() < 30000 && prom.state() == QProcess::Running) {
      HttpClient c(promPort, 1000);
      up = c.get("/-/ready", "127.0.0.1").status == 200;
      if (!up) std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    QVERIFY2(up, prom.readAll().right(2000).constData());

    std::atomic<bool> stop{false};
    std::atomic<int> sent{0}, failed{0};
    std::vector<std::thread> load;
    for (int i = 0; i < 4; ++i) {
      load.emplace_back([&] {
        HttpClient c(env.proxyPort(), 5000);
        while (!stop.load()) {
          (c.get("/api/items", "web.example.com").status == 200 ? sent : failed) += 1;
        }
      });
    }
    auto stopLoad = qScopeGuard([&] {
      stop = true;
      for (auto& t : load) t.join();
    });

    // Bounded wait for the scrapes to give rates over a 10 s window.
    const QString rateQ = QStringLiteral(
        "sum by (route, rule) (rate(routedeck_rule_requests_total{route=\"web\"}[10s]))");
    const QString p99Q = QStringLiteral(
        "histogram_quantile(0.99, sum by (le, route, rule) "
        "(rate(routedeck_rule_request_duration_seconds_bucket{route=\"web\"}[10s])))");
    const QString backendQ = QStringLiteral(
        "sum by (backend) (rate(routedeck_backend_requests_total{route=\"web\",rule=\"0\"}[10s]))");
    double rate = 0, p99 = 0, rateA = 0, rateB = 0;
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < 40000) {
      std::this_thread::sleep_for(std::chrono::seconds(1));
      if (t.elapsed() < 6000) continue;  // a few scrapes under load first
      rate = p99 = rateA = rateB = 0;
      for (const auto& s : query(promPort, rateQ)) {
        if (s.metric.value("rule").toString() == QStringLiteral("0")) rate = s.value;
      }
      for (const auto& s : query(promPort, p99Q)) {
        if (s.metric.value("rule").toString() == QStringLiteral("0")) p99 = s.value;
      }
      for (const auto& s : query(promPort, backendQ)) {
        const QString b = s.metric.value("backend").toString();
        (b.contains(QStringLiteral("svc-a")) ? rateA : rateB) = s.value;
      }
      if (rate > 0 && p99 > 0 && rateA > 0 && rateB > 0) break;
    }
    qInfo("sent %d (failed %d); rate %.2f/s, p99 %.4f s, svc-a %.2f/s, svc-b %.2f/s", sent.load(),
          failed.load(), rate, p99, rateA, rateB);
    QCOMPARE(failed.load(), 0);
    QVERIFY2(rate > 5, qPrintable(QString::number(rate)));
    QVERIFY2(p99 >= kP99Low && p99 <= kP99High, qPrintable(QString::number(p99)));
    QVERIFY2(rateA > rateB && rateB > 0, qPrintable(QStringLiteral("%1 %2").arg(rateA).arg(rateB)));
    // The unused rule is exported too, with no traffic.
    const auto idle = query(promPort, QStringLiteral("routedeck_rule_requests_total{route=\"web\",rule=\"1\"}"));
    QCOMPARE(idle.size(), size_t(1));
    QCOMPARE(idle.front().value, 0.0);
  }
};

QTEST_GUILESS_MAIN(TestPrometheusScrape)
#include "tst_prometheus_scrape.moc"
