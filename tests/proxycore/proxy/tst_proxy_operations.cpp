// Operating the live proxy: hot reload under load, outlier ejection when a
// backend dies mid-load, active health checks, and serve --watch.
#include <QTest>

#include <atomic>
#include <memory>
#include <mutex>
#include <thread>

#include "tests/proxycore/proxy/live_http.h"
#include "tests/proxycore/proxy/proxy_env.h"
#include "tests/support/test_support.h"

using namespace routedeck::tests;

namespace {

QString splitRoute(int weightA, int weightB, const QString& extraRule = {}) {
  return gatewayApiBase() + QStringLiteral(R"(---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: web, namespace: test}
spec:
  parentRefs: [{name: edge}]
  hostnames: [web.example.com]
  rules:
%3  - matches: [{path: {type: PathPrefix, value: /}}]
    backendRefs:
    - {name: svc-a, port: 8080, weight: %1}
    - {name: svc-b, port: 8080, weight: %2}
)")
                                .arg(weightA)
                                .arg(weightB)
                                .arg(extraRule) +
         serviceObject(QStringLiteral("svc-a")) + serviceObject(QStringLiteral("svc-b")) +
         serviceObject(QStringLiteral("pool"));
}

// Clients on keep-alive connections sending until stopped; every answer is
// recorded in order (status 0 = no complete response).
class Load {
 public:
  Load(int port, std::string target, int clients) {
    for (int i = 0; i < clients; ++i) {
      m_threads.emplace_back([this, port, target] {
        HttpClient c(port, 10000);
        for (int n = 0; n < 100000 && !m_stop.load(); ++n) {
          auto r = c.get(target, "web.example.com");
          std::lock_guard lock(m_mutex);
          m_results.push_back({r.ok ? r.status : 0, r.service(), r.error + r.body});
        }
      });
    }
  }
  ~Load() { stop(); }
  void stop() {
    m_stop = true;
    for (auto& t : m_threads) {
      if (t.joinable()) t.join();
    }
  }
  struct Result {
    int status;
    QString service;
    std::string detail;
  };
  size_t count() {
    std::lock_guard lock(m_mutex);
    return m_results.size();
  }
  bool waitCount(size_t n, int timeoutMs = 20000) {
    for (int waited = 0; count() < n && waited < timeoutMs; waited += 10) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return count() >= n;
  }
  std::vector<Result> results() {
    std::lock_guard lock(m_mutex);
    return m_results;
  }

 private:
  std::atomic<bool> m_stop{false};
  std::mutex m_mutex;
  std::vector<Result> m_results;
  std::vector<std::thread> m_threads;
};

int failuresFrom(const std::vector<Load::Result>& rs, size_t from, std::string* first = nullptr) {
  int n = 0;
  for (size_t i = from; i < rs.size(); ++i) {
    if (rs[i].status != 200) {
      if (first && n == 0) *first = std::to_string(rs[i].status) + " " + rs[i].detail;
      ++n;
    }
  }
  return n;
}

QString healthBlock(const QString& path) {
  return QStringLiteral(
             "    healthCheck: {path: %1, interval: 100ms, timeout: 100ms, unhealthyThreshold: 2, "
             "healthyThreshold: 1}\n")
      .arg(path);
}

}  // namespace

class TestProxyOperations : public QObject {
  Q_OBJECT

  // Starts svc-a/svc-b echo backends and serve on `routes`; `pool` is an
  // extra service with the given endpoint ports.
  bool startProxy(ProxyEnv& env, const QString& routes, const QList<int>& pool = {},
                  const QString& poolExtra = {}, const QStringList& serveArgs = {}) {
    if (env.startEcho({QStringLiteral("svc-a"), QStringLiteral("svc-b")}).size() != 2) {
      return false;
    }
    env.write(QStringLiteral("routes.yaml"), routes);
    writeWorkspace(env, pool, poolExtra);
    return env.startServe(env.path(QStringLiteral("workspace.yaml")), serveArgs);
  }
  void writeWorkspace(ProxyEnv& env, const QList<int>& pool, const QString& poolExtra) {
    QString services = serviceEntry(QStringLiteral("svc-a"), 8080, {env.echoPort(QStringLiteral("svc-a"))}) +
                       serviceEntry(QStringLiteral("svc-b"), 8080, {env.echoPort(QStringLiteral("svc-b"))});
    if (!pool.isEmpty()) {
      services += serviceEntry(QStringLiteral("pool"), 8080, pool, poolExtra);
    }
    env.write(QStringLiteral("workspace.yaml"),
              workspaceYaml(QStringLiteral("test/edge"), QStringLiteral("http"), env.proxyPort(),
                            {QStringLiteral("routes.yaml")}, services));
  }

 private slots:
  void hotReloadUnderLoad() {
    ProxyEnv env;
    QVERIFY(startProxy(env, splitRoute(100, 0)));
    Load load(env.proxyPort(), "/work", 3);
    QVERIFY(load.waitCount(100));
    // Result indexes after each reload was seen applied and before the next
    // one was signalled: only answers in between have unambiguous weights.
    std::vector<size_t> marks;
    std::vector<size_t> ends;
    for (int i = 1; i <= 12; ++i) {
      const bool toB = i % 2 == 1;
      env.write(QStringLiteral("routes.yaml"), splitRoute(toB ? 0 : 100, toB ? 100 : 0));
      if (i > 1) {
        ends.push_back(load.count());
      }
      QVERIFY2(env.reload(i + 1), qPrintable(env.serve()->err()));
      marks.push_back(load.count());
      const size_t target = load.count() + 60;
      QVERIFY(load.waitCount(target));
    }
    ends.push_back(load.count());
    load.stop();
    const auto rs = load.results();
    std::string first;
    const int failed = failuresFrom(rs, 0, &first);
    QVERIFY2(failed == 0, qPrintable(QStringLiteral("%1 of %2 requests failed, first: %3")
                                         .arg(failed)
                                         .arg(rs.size())
                                         .arg(QString::fromStdString(first))));
    // The split moves with each reload: between reload i being applied and
    // reload i+1 being signalled (the clients' in-flight requests at the start
    // excepted) every answer follows the new weights.
    for (size_t i = 0; i < marks.size(); ++i) {
      const QString want = i % 2 == 0 ? QStringLiteral("svc-b") : QStringLiteral("svc-a");
      const size_t from = marks[i] + 3;
      const size_t to = ends[i];
      int right = 0, wrong = 0;
      for (size_t k = from; k < to; ++k) {
        (rs[k].service == want ? right : wrong)++;
      }
      QVERIFY2(right >= 40 && wrong == 0,
               qPrintable(QStringLiteral("after reload %1: %2 to %3, %4 elsewhere").arg(i + 1).arg(right).arg(want).arg(wrong)));
    }
  }

  void outlierEjectionWhenBackendDies_data() {
    QTest::addColumn<bool>("withRetries");
    QTest::newRow("no retries: at most N failures") << false;
    QTest::newRow("retries hide the failures") << true;
  }

  void outlierEjectionWhenBackendDies() {
    QFETCH(bool, withRetries);
    ProxyEnv env;
    auto victimPorts = env.startEcho({QStringLiteral("victim")});
    QCOMPARE(victimPorts.size(), size_t(1));
    Daemon* victim = env.lastEcho();
    auto survivorPorts = env.startEcho({QStringLiteral("survivor")});
    QCOMPARE(survivorPorts.size(), size_t(1));
    const QString rule = withRetries ? QStringLiteral(
                                           "  - matches: [{path: {type: PathPrefix, value: /pool}}]\n"
                                           "    retry: {attempts: 2, backoff: 1ms}\n"
                                           "    backendRefs: [{name: pool, port: 8080}]\n")
                                     : QStringLiteral(
                                           "  - matches: [{path: {type: PathPrefix, value: /pool}}]\n"
                                           "    backendRefs: [{name: pool, port: 8080}]\n");
    QVERIFY(startProxy(env, splitRoute(1, 1, rule),
                       {victimPorts.begin()->second, survivorPorts.begin()->second}, {},
                       {QStringLiteral("--outlier-failures"), QStringLiteral("3"),
                        QStringLiteral("--outlier-ejection"), QStringLiteral("60s")}));
    Load load(env.proxyPort(), "/pool", 2);
    QVERIFY(load.waitCount(300));
    {
      const auto before = load.results();
      QCOMPARE(failuresFrom(before, 0), 0);
      int victimServed = 0;
      for (const auto& r : before) victimServed += r.service == QStringLiteral("victim");
      QVERIFY2(victimServed > 50, "both endpoints take traffic before the kill");
    }
    const size_t killedAt = load.count();
    victim->killHard();
    QVERIFY(load.waitCount(killedAt + 600));
    load.stop();
    const auto rs = load.results();
    std::string first;
    const int failed = failuresFrom(rs, killedAt, &first);
    if (withRetries) {
      QVERIFY2(failed == 0, qPrintable(QStringLiteral("%1 failed: %2").arg(failed).arg(QString::fromStdString(first))));
    } else {
      // Three consecutive failures eject the endpoint; requests already on
      // their way to it (one per client) may fail too.
      QVERIFY2(failed >= 1 && failed <= 3 + 2,
               qPrintable(QStringLiteral("%1 failed after the kill, first: %2").arg(failed).arg(QString::fromStdString(first))));
    }
    // Ejected: the last 400 answers all come from the survivor.
    for (size_t i = rs.size() - 400; i < rs.size(); ++i) {
      QCOMPARE(rs[i].status, 200);
      QCOMPARE(rs[i].service, QStringLiteral("survivor"));
    }
  }

  void healthCheckKeepsTrafficOffSickEndpoint() {
    ProxyEnv env;
    auto sick = env.startEcho({QStringLiteral("sick")}, {QStringLiteral("--error-rate"), QStringLiteral("1")});
    auto well = env.startEcho({QStringLiteral("well")});
    QCOMPARE(sick.size() + well.size(), size_t(2));
    const QList<int> pool{sick.begin()->second, well.begin()->second};
    const QString rule = QStringLiteral(
        "  - matches: [{path: {type: PathPrefix, value: /pool}}]\n    backendRefs: [{name: pool, port: 8080}]\n");
    QVERIFY(startProxy(env, splitRoute(1, 1, rule), pool, healthBlock(QStringLiteral("/healthz")),
                       {QStringLiteral("--outlier-failures"), QStringLiteral("100000")}));
    QTest::qWait(400);  // a few probe rounds
    HttpClient c(env.proxyPort());
    for (int i = 0; i < 100; ++i) {
      auto r = c.get("/pool", "web.example.com");
      QCOMPARE(r.status, 200);
      QCOMPARE(r.service(), QStringLiteral("well"));
    }
    // Reload without the check: the sick endpoint is back in rotation (its
    // health state must not stay stuck on "unhealthy").
    writeWorkspace(env, pool, {});
    QVERIFY(env.reload(2));
    int sickAnswers = 0;
    for (int i = 0; i < 100; ++i) {
      sickAnswers += c.get("/pool", "web.example.com").status == 503;
    }
    QVERIFY2(sickAnswers >= 20, qPrintable(QString::number(sickAnswers)));
    // And with the check again (restarted on reload), it is out once more.
    writeWorkspace(env, pool, healthBlock(QStringLiteral("/healthz")));
    QVERIFY(env.reload(3));
    QTest::qWait(400);
    for (int i = 0; i < 100; ++i) {
      QCOMPARE(c.get("/pool", "web.example.com").status, 200);
    }
  }

  void healthCheckNoticesDeadEndpoint() {
    ProxyEnv env;
    auto doomed = env.startEcho({QStringLiteral("doomed")});
    Daemon* doomedProc = env.lastEcho();
    auto well = env.startEcho({QStringLiteral("well")});
    const QString rule = QStringLiteral(
        "  - matches: [{path: {type: PathPrefix, value: /pool}}]\n    backendRefs: [{name: pool, port: 8080}]\n");
    QVERIFY(startProxy(env, splitRoute(1, 1, rule), {doomed.begin()->second, well.begin()->second},
                       healthBlock(QStringLiteral("/")),
                       {QStringLiteral("--outlier-failures"), QStringLiteral("100000")}));
    doomedProc->killHard();
    QTest::qWait(500);  // two failed probes at 100 ms intervals, with margin
    HttpClient c(env.proxyPort());
    for (int i = 0; i < 50; ++i) {
      auto r = c.get("/pool", "web.example.com");
      QCOMPARE(r.status, 200);
      QCOMPARE(r.service(), QStringLiteral("well"));
    }
  }

  void healthCheckValidation() {
    ProxyEnv env;
    env.write(QStringLiteral("routes.yaml"), splitRoute(1, 1));
    writeWorkspace(env, {19999},
                   QStringLiteral("    healthCheck: {path: healthz, interval: 1s, timeout: 2s, "
                                  "unhealthyThreshold: 0, colour: red}\n"));
    auto r = run(binDir() + QStringLiteral("/routedeckd"),
                 {QStringLiteral("check"), env.path(QStringLiteral("workspace.yaml"))});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.out.contains(QStringLiteral("unknown field \"colour\" [spec.services[2].healthCheck.colour]")) ||
                 r.err.contains(QStringLiteral("unknown field \"colour\" [spec.services[2].healthCheck.colour]")),
             qPrintable(r.out + r.err));
    const QString all = r.out + r.err;
    QVERIFY2(all.contains(QStringLiteral("health check path \"healthz\" must start with \"/\"")), qPrintable(all));
    QVERIFY2(all.contains(QStringLiteral("unhealthyThreshold must be an integer in 1..1000, got \"0\" "
                                         "[spec.services[2].healthCheck.unhealthyThreshold]")),
             qPrintable(all));
    writeWorkspace(env, {19999}, QStringLiteral("    healthCheck: {path: /h, interval: 1s, timeout: 2s}\n"));
    r = run(binDir() + QStringLiteral("/routedeckd"), {QStringLiteral("check"), env.path(QStringLiteral("workspace.yaml"))});
    QVERIFY2((r.out + r.err).contains(QStringLiteral("timeout 2s is longer than interval 1s")), qPrintable(r.out + r.err));
  }

  void watchRejectsInvalidFileAndKeepsServing() {
    ProxyEnv env;
    QVERIFY(startProxy(env, splitRoute(100, 0), {}, {}, {QStringLiteral("--watch")}));
    HttpClient c(env.proxyPort());
    QCOMPARE(c.get("/x", "web.example.com").service(), QStringLiteral("svc-a"));
    env.write(QStringLiteral("routes.yaml"), splitRoute(100, 0).replace(QStringLiteral("weight: 100"),
                                                                        QStringLiteral("weight: lots")));
    QVERIFY2(env.serve()->waitStderr(QStringLiteral("the configuration was not applied")), qPrintable(env.serve()->err()));
    QVERIFY2(env.serve()->err().contains(QStringLiteral("routes.yaml:")), qPrintable(env.serve()->err()));
    for (int i = 0; i < 20; ++i) {
      QCOMPARE(c.get("/x", "web.example.com").service(), QStringLiteral("svc-a"));
    }
    env.write(QStringLiteral("routes.yaml"), splitRoute(0, 100));
    QVERIFY2(env.serve()->waitStderr(QStringLiteral("applied configuration version 2 ")), qPrintable(env.serve()->err()));
    for (int i = 0; i < 20; ++i) {
      QCOMPARE(c.get("/x", "web.example.com").service(), QStringLiteral("svc-b"));
    }
  }
};

QTEST_GUILESS_MAIN(TestProxyOperations)
#include "tst_proxy_operations.moc"
