#pragma once

#include <QObject>
#include <QString>
#include <QTimer>
#include <string>

#include "models/engine/metatypes.h"

namespace routedeck::core::api {
class Engine;
}

namespace routedeck::models {

// Lives on its own thread: every interval it takes the newest snapshot and
// the access-log records since the last poll and hands them over (queued)
// to the UI thread. Only new snapshots and records are sent.
class SnapshotPoller : public QObject {
  Q_OBJECT
 public:
  // Records fetched per poll: the core keeps the newest 1024, so at 4 polls
  // a second a burst above ~4000 req/s loses records (never repeats them).
  static constexpr size_t kAccessLogFetch = 1024;
  // The core keeps 64 traces per rule; asking for more costs nothing.
  static constexpr size_t kTraceFetch = 64;

  SnapshotPoller(const core::api::Engine& engine, int intervalMs);

 public slots:
  void start();
  void stop();
  // Follows the traces of one rule from now on (empty: none); `generation`
  // tags its batches so the receiver drops those of an earlier choice.
  void followTraces(const QString& rule, quint64 generation);

 signals:
  void snapshot(const routedeck::models::SnapshotConstPtr& snapshot);
  void accessRecords(const routedeck::models::AccessBatchConstPtr& records);
  void traces(quint64 generation, const routedeck::models::TraceBatchConstPtr& traces);

 private:
  void poll();
  void pollTraces();

  const core::api::Engine& m_engine;
  QTimer* m_timer = nullptr;
  int m_intervalMs;
  SnapshotConstPtr m_last;
  std::string m_lastRequestId;
  std::string m_traceRule;
  quint64 m_traceGeneration = 0;
  TraceConstPtr m_lastTrace;
};

}  // namespace routedeck::models
