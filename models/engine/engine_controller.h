#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QThread>
#include <QThreadPool>
#include <QTimer>
#include <memory>

#include "models/engine/latest_slot.h"
#include "models/engine/metatypes.h"
#include "models/graph/topology.h"
#include "models/problems/problems_model.h"
#include "proxycore/api/engine.h"

namespace routedeck::core::api {
class Engine;
class DemoBackends;
}  // namespace routedeck::core::api

namespace routedeck::models {

class SnapshotPoller;

struct FaultLease {
  RuleRef rule;
  core::model::FaultInjection fault;
  qint64 untilMs = 0;  // revert deadline, ms since the epoch
};

struct TrafficStatus {
  bool running = false;
  double rps = 0;  // configured rate of the generator
  quint64 sent = 0;
  quint64 responses = 0;
  quint64 responses5xx = 0;
  quint64 transportErrors = 0;  // refused, reset or truncated: what "dropped" means
};

// The UI thread's handle on the embedded core. Owns the engine; applies
// configs and loads files on a worker thread (one at a time, in order);
// coalesces live edits to at most one apply per kMinApplyIntervalMs with
// the latest config winning; forwards stats snapshots from a poller thread
// latest-wins: the poller leaves each one in a one-value slot and queues a
// delivery only when none is pending, so a stalled UI thread later gets one
// snapshotReady with the newest snapshot, never a backlog. Every public
// method: UI thread only.
class EngineController : public QObject {
  Q_OBJECT
 public:
  static constexpr int kMinApplyIntervalMs = 100;  // ≤ 10 applies/s while dragging
  static constexpr int kSnapshotIntervalMs = 250;

  explicit EngineController(QObject* parent = nullptr);
  ~EngineController() override;

  // The engine the window shows: the embedded core, or a remote routedeckd
  // after connectRemote() succeeded.
  core::api::Engine& engine() { return *m_engine; }
  const core::api::Engine& engine() const { return *m_engine; }
  bool isRemote() const { return !m_remoteAddress.isEmpty(); }
  QString remoteAddress() const { return m_remoteAddress; }
  quint64 configVersion() const { return m_version; }
  bool applyPending() const { return m_inFlight || m_pending != nullptr; }
  int appliesDone() const { return m_appliesDone; }
  quint64 snapshotsDelivered() const { return m_snapshotsDelivered; }
  bool isDemo() const { return m_demoActive; }
  QString listenAddress() const;
  TrafficStatus traffic() const;  // "127.0.0.1:PORT" of the first listener

 public slots:
  // Starts echo backends on free ports, applies the demo workspace with
  // those ports and starts the traffic generator at `rps`.
  void startDemo(const QString& workspaceFile, double rps);
  // Loads a file off the UI thread; applies it when valid.
  void openWorkspace(const QString& file);
  // The same for in-memory files (a cluster's routes run locally); `label`
  // stands for the path in workspaceLoaded().
  void openSources(const QString& label, const QStringList& names, const QStringList& texts);
  // Applies now, or after the coalescing interval (latest wins).
  void requestApply(const routedeck::models::ConfigConstPtr& config);
  void startTraffic(double rps);
  void stopTraffic();
  void stopEngine();
  // Connects off the UI thread (one GetConfig round trip); on success the
  // window shows and edits that daemon while the embedded core keeps running.
  void connectRemote(const QString& address, const QString& token);
  // Back to the embedded core; the remote daemon keeps serving.
  void useEmbedded();
  // Faults with an auto-revert timer, for a remote daemon. There they are
  // not sent inside ApplyConfig (route files cannot carry a fault in every
  // dialect, and a fault must never outlive its timer if this app dies):
  // each apply sends the config without them, then SetFault per lease with
  // the time left, so the daemon itself reverts each one on time. Takes
  // effect with the next apply; ignored on the embedded core.
  void setRemoteFaultLeases(const QVector<routedeck::models::FaultLease>& leases);
  // Has the poller fetch the traces of `rule` (stats::RuleKey::id(); empty:
  // none), tagging batches with `generation`.
  void followTraces(const QString& rule, quint64 generation);

 signals:
  void demoStarted(const routedeck::models::ConfigConstPtr& config, const QString& path);
  // A file was read: its config (possibly invalid) and every finding.
  void workspaceLoaded(const QString& path, const routedeck::models::ConfigConstPtr& config,
                       const QVector<routedeck::models::Problem>& problems, bool valid);
  void applied(quint64 version);
  void applyFailed(const QString& message, const QVector<routedeck::models::Problem>& problems);
  void failed(const QString& message);
  void snapshotReady(const routedeck::models::SnapshotConstPtr& snapshot);
  void accessRecordsReady(const routedeck::models::AccessBatchConstPtr& records);
  void tracesReady(quint64 generation, const routedeck::models::TraceBatchConstPtr& traces);
  void trafficChanged(bool running, double rps);
  void remoteConnected(const QString& address, const routedeck::models::ConfigConstPtr& config);
  void remoteFailed(const QString& address, const QString& message);
  void embeddedResumed(const routedeck::models::ConfigConstPtr& config);

 private:
  void dispatchPending();
  void finishApply(bool ok, quint64 version, const QString& message, const QVector<Problem>& problems);
  void startPolling();
  void stopPolling();
  void deliverSnapshot();
  // Makes `engine` the one applied to and polled; drops pending applies
  // meant for the previous one.
  void switchEngine(std::shared_ptr<core::api::Engine> engine, const QString& remoteAddress);
  template <typename Work, typename Done>
  void runAsync(Work work, Done done);

  std::shared_ptr<core::api::Engine> m_embedded;
  std::shared_ptr<core::api::Engine> m_engine;  // active: m_embedded or a remote
  QString m_remoteAddress;
  QVector<FaultLease> m_leases;
  quint64 m_engineGeneration = 0;  // bumped per switch: late results of the old engine are ignored
  QString m_traceRule;
  quint64 m_traceGeneration = 0;
  std::shared_ptr<core::api::DemoBackends> m_demo;  // kept until the engine stops
  bool m_demoActive = false;
  QThreadPool m_pool;  // one thread: applies and loads run in order
  QThread m_pollThread;
  SnapshotPoller* m_poller = nullptr;
  LatestSlot<SnapshotConstPtr> m_snapshotSlot;  // written by the poller thread
  quint64 m_snapshotsDelivered = 0;
  QTimer m_coalesce;
  QElapsedTimer m_sinceApply;
  ConfigConstPtr m_pending;
  bool m_inFlight = false;
  quint64 m_version = 0;
  int m_appliesDone = 0;
};

}  // namespace routedeck::models
