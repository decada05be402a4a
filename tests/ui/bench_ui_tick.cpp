// Not a CTest test: measures the UI thread's work per stats tick with 200
// routes (one canary rule each, 2 backends) — chart series for every rule,
// graph edge restyling, the charts panel's replace() and a repaint of the
// window — and the time to the first shown window.
//   QT_QPA_PLATFORM=offscreen build/tests/bin/bench_ui_tick [ticks] [recorded]
// `recorded` ticks are fed to the models first (no painting) and the charts
// show 60 min: 14400 measures the tick with a full hour in every ring.
#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QLineSeries>
#include <QTextStream>
#include <algorithm>

#include "app/application.h"
#include "models/workbench.h"
#include "proxycore/stats/histogram_layout.h"
#include "proxycore/stats/snapshot.h"
#include "proxycore/api/workspace_io.h"
#include "ui/charts/charts_panel.h"
#include "ui/main/main_window.h"

using namespace routedeck;
namespace stats = core::stats;

namespace {

QString routesYaml(int n) {
  QString y = QStringLiteral("apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: edge, namespace: demo}\n"
                             "spec:\n  gatewayClassName: x\n  listeners:\n  - {name: http, protocol: HTTP, port: 80}\n");
  for (int i = 0; i < n; ++i) {
    y += QStringLiteral("---\napiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r%1, namespace: demo}\n"
                        "spec:\n  parentRefs: [{name: edge}]\n  hostnames: [h%1.example.com]\n  rules:\n"
                        "  - matches: [{path: {type: PathPrefix, value: /api}}]\n"
                        "    backendRefs: [{name: s%2, port: 80, weight: 90}, {name: s%3, port: 80, weight: 10}]\n")
             .arg(i).arg(i % 20).arg((i + 1) % 20);
  }
  for (int s = 0; s < 20; ++s) {
    y += QStringLiteral("---\napiVersion: v1\nkind: Service\nmetadata: {name: s%1, namespace: demo}\nspec:\n  ports: [{port: 80}]\n").arg(s);
  }
  return y;
}

models::SnapshotConstPtr snapshot(int n, int tick) {
  static const auto t0 = std::chrono::steady_clock::now();
  static const auto w0 = std::chrono::system_clock::now();
  auto s = std::make_shared<stats::Snapshot>();
  s->taken = t0 + std::chrono::milliseconds(250 * tick);
  s->wallTime = w0 + std::chrono::milliseconds(250 * tick);
  s->sequence = static_cast<uint64_t>(tick);
  for (int i = 0; i < n; ++i) {
    stats::RuleStats r;
    r.key = {"HTTPRoute", "demo", "r" + std::to_string(i), 0, ""};
    const uint64_t req = static_cast<uint64_t>(tick) * (10 + static_cast<uint64_t>(i % 7));
    r.counters.requests = req;
    r.counters.responses2xx = req - req / 50;
    r.counters.responses5xx = req / 50;
    r.totalLatency.counts.resize(static_cast<size_t>(stats::layout::bucketIndex(200000)) + 1);
    r.totalLatency.counts[static_cast<size_t>(stats::layout::bucketIndex(12000))] = req * 8 / 10;
    r.totalLatency.counts[static_cast<size_t>(stats::layout::bucketIndex(150000))] = req - req * 8 / 10;
    r.totalLatency.count = req;
    for (int b = 0; b < 2; ++b) {
      stats::BackendStats bs;
      bs.service = "demo/s" + std::to_string((i + b) % 20) + ":80";
      bs.counters.requests = b == 0 ? req * 9 / 10 : req - req * 9 / 10;
      r.backends.push_back(bs);
    }
    s->rules.push_back(std::move(r));
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  QElapsedTimer launch;
  launch.start();
  QApplication qapp(argc, argv);
  const int ticks = argc > 1 ? std::max(10, atoi(argv[1])) : 240;
  const int recorded = argc > 2 ? std::max(0, atoi(argv[2])) : 0;
  const int routes = 200;
  QTemporaryDir dir;
  QSettings settings(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
  app::Options options;
  options.trafficRps = 0;  // start() is not called: no demo, the bench feeds its own data
  app::Application application(options, &settings);
  application.window().resize(1600, 1000);
  application.window().show();
  QApplication::processEvents();
  const qint64 shownMs = launch.elapsed();

  const QString file = dir.filePath(QStringLiteral("routes.yaml"));
  QFile f(file);
  f.open(QIODevice::WriteOnly);
  f.write(routesYaml(routes).toUtf8());
  f.close();
  auto loaded = core::api::loadWorkspace({file.toStdString()});
  auto& wb = application.workbench();
  QElapsedTimer t;
  t.start();
  wb.document().reset(loaded.config, file, false);
  QApplication::processEvents();
  const qint64 loadMs = t.elapsed();
  wb.select(QStringLiteral("ru:HTTPRoute/demo/r7#0"));

  std::vector<double> perTick, models, charts, paint;
  QElapsedTimer fillTimer;
  fillTimer.start();
  for (int i = 1; i <= recorded; ++i) {
    emit wb.engine().snapshotReady(snapshot(routes, i));
  }
  const qint64 fillMs = fillTimer.elapsed();
  if (recorded > 0) {
    application.window().charts()->setWindowMinutes(60);
  }
  application.window().repaint();  // the first paint lays out every widget: not a tick
  auto ms = [](QElapsedTimer& timer) { return static_cast<double>(timer.nsecsElapsed()) / 1e6; };
  for (int i = recorded + 1; i <= recorded + ticks; ++i) {
    auto s = snapshot(routes, i);
    t.restart();
    emit wb.engine().snapshotReady(s);  // what the poller's queued signal delivers
    models.push_back(ms(t));
    QElapsedTimer part;
    part.start();
    application.window().charts()->refresh();
    charts.push_back(ms(part));
    part.restart();
    application.window().repaint();  // paint the whole window synchronously
    paint.push_back(ms(part));
    perTick.push_back(ms(t));
  }
  for (auto* v : {&perTick, &models, &charts, &paint}) {
    std::sort(v->begin(), v->end());
  }
  auto median = [](const std::vector<double>& v) { return v[v.size() / 2]; };
  QTextStream(stdout) << "routes: " << routes << " (" << wb.graph().nodes().size() << " graph nodes), ticks: " << ticks << "\n"
                      << "recorded before: " << recorded << " ticks per series (fed in " << fillMs << " ms), chart window "
                      << application.window().charts()->windowMinutes() << " min, "
                      << application.window().charts()->series(ui::ChartsPanel::LatencyChart, 2)->count() << " p99 points drawn\n"
                      << "first window shown: " << shownMs << " ms after process start\n"
                      << "200-route topology, tree and graph layout: " << loadMs << " ms\n"
                      << "UI thread per tick: median " << median(perTick) << " ms, p90 "
                      << perTick[perTick.size() * 9 / 10] << " ms, max " << perTick.back() << " ms\n"
                      << "  of which models (series for all rules, graph edges) " << median(models)
                      << " ms, charts replace() " << median(charts) << " ms, full-window repaint " << median(paint) << " ms\n";
  return 0;
}
