#include "models/engine/engine_controller.h"

#include <QDateTime>
#include <QPointer>

#include "models/document/rule_lookup.h"

#include "models/engine/snapshot_poller.h"
#include "proxycore/api/demo.h"
#include "proxycore/api/engine.h"
#include "proxycore/api/traffic_profile.h"
#include "proxycore/api/workspace_io.h"

namespace routedeck::models {

namespace api = core::api;

namespace {
void registerTypes() {
  qRegisterMetaType<ConfigConstPtr>();
  qRegisterMetaType<SnapshotConstPtr>();
  qRegisterMetaType<AccessBatchConstPtr>();
  qRegisterMetaType<TraceBatchConstPtr>();
  qRegisterMetaType<QVector<Problem>>();
}
}  // namespace

EngineController::EngineController(QObject* parent)
    : QObject(parent), m_embedded(api::createEmbeddedEngine()), m_engine(m_embedded) {
  registerTypes();
  m_pool.setMaxThreadCount(1);
  m_pool.setExpiryTimeout(-1);
  m_coalesce.setSingleShot(true);
  connect(&m_coalesce, &QTimer::timeout, this, &EngineController::dispatchPending);
  m_sinceApply.start();
  startPolling();
}

EngineController::~EngineController() {
  stopPolling();
  m_pool.waitForDone();
  m_embedded->stopTraffic();
  m_engine.reset();
  m_embedded.reset();  // stops the proxy before the backends it forwards to
  m_demo.reset();
}

void EngineController::stopPolling() {
  QMetaObject::invokeMethod(m_poller, &SnapshotPoller::stop, Qt::BlockingQueuedConnection);
  m_pollThread.quit();
  m_pollThread.wait();  // the poller is deleted on the thread's way out
  m_poller = nullptr;
}

void EngineController::startPolling() {
  m_poller = new SnapshotPoller(*m_engine, kSnapshotIntervalMs);
  m_poller->moveToThread(&m_pollThread);
  connect(&m_pollThread, &QThread::finished, m_poller, &QObject::deleteLater);
  // Runs on the poller thread: only the slot and the queued call are touched.
  connect(
      m_poller, &SnapshotPoller::snapshot, this,
      [this](const SnapshotConstPtr& s) {
        if (m_snapshotSlot.put(s)) {
          QMetaObject::invokeMethod(this, &EngineController::deliverSnapshot, Qt::QueuedConnection);
        }
      },
      Qt::DirectConnection);
  connect(m_poller, &SnapshotPoller::accessRecords, this, &EngineController::accessRecordsReady, Qt::QueuedConnection);
  connect(m_poller, &SnapshotPoller::traces, this, &EngineController::tracesReady, Qt::QueuedConnection);
  m_pollThread.setObjectName(QStringLiteral("snapshot-poller"));
  m_pollThread.start();
  QMetaObject::invokeMethod(m_poller, &SnapshotPoller::start, Qt::QueuedConnection);
  if (!m_traceRule.isEmpty()) {
    followTraces(m_traceRule, m_traceGeneration);
  }
}

void EngineController::deliverSnapshot() {
  Q_ASSERT(QThread::currentThread() == thread());
  if (auto s = m_snapshotSlot.take()) {
    ++m_snapshotsDelivered;
    emit snapshotReady(*s);
  }
}

void EngineController::followTraces(const QString& rule, quint64 generation) {
  Q_ASSERT(QThread::currentThread() == thread());
  m_traceRule = rule;
  m_traceGeneration = generation;
  QMetaObject::invokeMethod(m_poller, [p = m_poller, rule, generation] { p->followTraces(rule, generation); },
                            Qt::QueuedConnection);
}

// Runs `work` on the worker thread, then `done(result)` on this object's
// thread unless the controller is gone by then.
template <typename Work, typename Done>
void EngineController::runAsync(Work work, Done done) {
  QPointer<EngineController> self(this);
  m_pool.start([self, work = std::move(work), done = std::move(done)]() mutable {
    auto result = work();
    QMetaObject::invokeMethod(
        self.data(), [self, done = std::move(done), result = std::move(result)]() mutable {
          if (self) {
            done(std::move(result));
          }
        },
        Qt::QueuedConnection);
  });
}

QString EngineController::listenAddress() const {
  const auto b = m_engine->bound();
  if (b.empty()) {
    return {};
  }
  // A remote daemon's bind address is only meaningful as the daemon wrote it.
  return isRemote() ? QString::fromStdString(b.front().bind)
                    : QStringLiteral("127.0.0.1:%1").arg(b.front().port);
}

TrafficStatus EngineController::traffic() const {
  const auto t = m_engine->trafficTotals();
  return TrafficStatus{m_engine->trafficRunning(), m_engine->trafficRate(), t.sent, t.responses, t.responses5xx,
                       t.transportErrors};
}

void EngineController::startDemo(const QString& workspaceFile, double rps) {
  Q_ASSERT(QThread::currentThread() == thread());
  struct Outcome {
    std::shared_ptr<api::DemoBackends> backends;
    ConfigConstPtr config;
    QString error;
  };
  auto engine = m_embedded;
  runAsync(
      [engine, file = workspaceFile.toStdString()]() {
        Outcome out;
        auto loaded = api::loadWorkspace({file});
        if (loaded.diagnostics.hasErrors()) {
          out.error = QString::fromStdString(loaded.diagnostics.format());
          return out;
        }
        auto backends = api::DemoBackends::start(api::defaultDemoBackends());
        if (!backends) {
          out.error = QString::fromStdString(backends.error().message);
          return out;
        }
        auto config = api::withLocalPorts(*loaded.config, (*backends)->ports());
        if (!config) {
          out.error = QString::fromStdString(config.error().message);
          return out;
        }
        auto shared = std::make_shared<const core::model::Config>(std::move(*config));
        core::Diagnostics diags;
        if (auto v = engine->apply(shared, diags); !v) {
          out.error = QString::fromStdString(v.error().message + "\n" + diags.format());
          return out;
        }
        out.backends = std::move(*backends);
        out.config = shared;
        return out;
      },
      [this, rps, workspaceFile](Outcome out) {
        if (!out.error.isEmpty()) {
          emit failed(tr("The demo could not start: %1").arg(out.error));
          return;
        }
        // The backends must outlive the proxy that forwards to them; the
        // controller owns both and tears the proxy down first.
        m_demo = std::move(out.backends);
        m_demoActive = true;
        m_version = m_embedded->version();
        m_embedded->setTrafficProfile(api::defaultDemoTraffic());
        startTraffic(rps);
        emit demoStarted(out.config, workspaceFile);
        emit applied(m_version);
      });
}

void EngineController::openWorkspace(const QString& file) {
  Q_ASSERT(QThread::currentThread() == thread());
  // A file opens on the embedded core: applying it to a daemon someone else
  // serves traffic with must never be a side effect of File → Open.
  useEmbedded();
  struct Outcome {
    ConfigConstPtr config;
    QVector<Problem> problems;
    bool valid = false;
  };
  runAsync(
      [file = file.toStdString()]() {
        auto loaded = api::loadWorkspace({file});
        return Outcome{loaded.config, toProblems(loaded.diagnostics), !loaded.diagnostics.hasErrors()};
      },
      [this, file](Outcome out) {
        if (out.valid && m_demoActive) {
          // The demo's generated traffic does not belong to the user's routes.
          m_demoActive = false;
          stopTraffic();
        }
        emit workspaceLoaded(file, out.config, out.problems, out.valid);
        if (out.valid) {
          requestApply(out.config);
        }
      });
}

void EngineController::openSources(const QString& label, const QStringList& names, const QStringList& texts) {
  Q_ASSERT(QThread::currentThread() == thread());
  useEmbedded();
  std::vector<core::workspace::Source> sources;
  for (int i = 0; i < names.size() && i < texts.size(); ++i) {
    sources.push_back({names[i].toStdString(), texts[i].toStdString()});
  }
  struct Outcome {
    ConfigConstPtr config;
    QVector<Problem> problems;
    bool valid = false;
  };
  runAsync(
      [sources = std::move(sources)]() {
        auto loaded = api::loadSources(sources);
        return Outcome{loaded.config, toProblems(loaded.diagnostics), !loaded.diagnostics.hasErrors()};
      },
      [this, label](Outcome out) {
        if (out.valid && m_demoActive) {
          m_demoActive = false;
          stopTraffic();
        }
        emit workspaceLoaded(label, out.config, out.problems, out.valid);
        if (out.valid) {
          requestApply(out.config);
        }
      });
}

void EngineController::requestApply(const ConfigConstPtr& config) {
  Q_ASSERT(QThread::currentThread() == thread());
  m_pending = config;
  if (m_inFlight || m_coalesce.isActive()) {
    return;  // dispatched when the running apply ends or the timer fires
  }
  const qint64 wait = kMinApplyIntervalMs - m_sinceApply.elapsed();
  if (wait > 0) {
    m_coalesce.start(static_cast<int>(wait));
  } else {
    dispatchPending();
  }
}

void EngineController::dispatchPending() {
  if (!m_pending || m_inFlight) {
    return;
  }
  struct Outcome {
    bool ok = false;
    quint64 version = 0;
    QString message;
    QVector<Problem> problems;
  };
  auto config = std::move(m_pending);
  m_pending = nullptr;
  m_inFlight = true;
  m_sinceApply.restart();
  auto engine = m_engine;
  const quint64 generation = m_engineGeneration;
  const QVector<FaultLease> leases = isRemote() ? m_leases : QVector<FaultLease>{};
  runAsync(
      [engine, config, leases]() {
        core::Diagnostics diags;
        auto sent = config;
        if (!leases.isEmpty()) {
          auto copy = std::make_shared<core::model::Config>(*config);
          for (const auto& lease : leases) {
            if (auto* rule = findRule(*copy, lease.rule)) {
              rule->fault.reset();
            }
          }
          sent = copy;
        }
        auto v = engine->apply(sent, diags);
        QString leaseError;
        for (const auto& lease : leases) {
          const qint64 left = lease.untilMs - QDateTime::currentMSecsSinceEpoch();
          if (!v || left <= 0) {
            continue;
          }
          auto set = engine->setFault(lease.rule.id().toStdString(), lease.fault, std::chrono::milliseconds(left));
          if (set) {
            v = set;  // the version that carries the faults
          } else if (leaseError.isEmpty()) {
            leaseError = QString::fromStdString(set.error().message);
          }
        }
        Outcome out;
        out.ok = v.ok();
        out.version = v ? *v : 0;
        out.message = v ? QString() : QString::fromStdString(v.error().message);
        if (v && !leaseError.isEmpty()) {
          out.ok = false;
          out.message = tr("The routes were applied but a fault was refused: %1").arg(leaseError);
        }
        out.problems = toProblems(diags);
        return out;
      },
      [this, generation](Outcome out) {
        if (generation != m_engineGeneration) {
          m_inFlight = false;  // the result belongs to the engine switched away from
          if (m_pending) {
            requestApply(m_pending);
          }
          return;
        }
        finishApply(out.ok, out.version, out.message, out.problems);
      });
}

void EngineController::finishApply(bool ok, quint64 version, const QString& message,
                                   const QVector<Problem>& problems) {
  m_inFlight = false;
  ++m_appliesDone;
  if (ok) {
    m_version = version;
    emit applied(version);
  } else {
    emit applyFailed(message, problems);
  }
  if (m_pending) {
    requestApply(m_pending);
  }
}

void EngineController::startTraffic(double rps) {
  if (!m_demoActive && !m_engine->trafficRunning()) {
    // An opened workspace: one request per rule of the running config.
    if (auto config = m_engine->config()) {
      m_engine->setTrafficProfile(api::trafficFor(*config));
    }
  }
  m_engine->startTraffic(rps);
  emit trafficChanged(m_engine->trafficRunning(), m_engine->trafficRate());
}

void EngineController::stopTraffic() {
  m_engine->stopTraffic();
  emit trafficChanged(false, 0);
}

void EngineController::connectRemote(const QString& address, const QString& token) {
  Q_ASSERT(QThread::currentThread() == thread());
  struct Outcome {
    std::shared_ptr<api::Engine> engine;
    ConfigConstPtr config;
    QString error;
  };
  runAsync(
      [address = address.toStdString(), token = token.toStdString()]() {
        Outcome out;
        auto engine = api::connectRemoteEngine(address, token);
        if (!engine) {
          out.error = QString::fromStdString(engine.error().message);
          return out;
        }
        out.config = (*engine)->config();
        out.engine = std::shared_ptr<api::Engine>(std::move(*engine));
        return out;
      },
      [this, address](Outcome out) {
        if (!out.engine) {
          emit remoteFailed(address, out.error);
          return;
        }
        switchEngine(std::move(out.engine), address);
        emit remoteConnected(address, out.config);
        emit applied(m_version);
      });
}

void EngineController::setRemoteFaultLeases(const QVector<FaultLease>& leases) { m_leases = leases; }

void EngineController::useEmbedded() {
  Q_ASSERT(QThread::currentThread() == thread());
  if (!isRemote()) {
    return;
  }
  switchEngine(m_embedded, QString());
  emit embeddedResumed(m_embedded->config());
  emit applied(m_version);
}

void EngineController::switchEngine(std::shared_ptr<api::Engine> engine, const QString& remoteAddress) {
  stopPolling();
  m_snapshotSlot.take();  // the previous engine's numbers do not belong to the next one
  m_pending = nullptr;
  m_coalesce.stop();
  ++m_engineGeneration;
  // A remote engine is destroyed here or, if an apply still runs on it, on
  // the worker once that apply returns.
  m_engine = std::move(engine);
  m_remoteAddress = remoteAddress;
  m_version = m_engine->version();
  startPolling();
}

void EngineController::stopEngine() {
  m_engine->stopTraffic();
  m_engine->stop();
}

}  // namespace routedeck::models
