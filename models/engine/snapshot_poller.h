#pragma once

#include <QObject>
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

  SnapshotPoller(const core::api::Engine& engine, int intervalMs);

 public slots:
  void start();
  void stop();

 signals:
  void snapshot(const routedeck::models::SnapshotConstPtr& snapshot);
  void accessRecords(const routedeck::models::AccessBatchConstPtr& records);

 private:
  void poll();

  const core::api::Engine& m_engine;
  QTimer* m_timer = nullptr;
  int m_intervalMs;
  SnapshotConstPtr m_last;
  std::string m_lastRequestId;
};

}  // namespace routedeck::models
