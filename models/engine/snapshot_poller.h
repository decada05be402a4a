#pragma once

#include <QObject>
#include <QTimer>

#include "models/engine/metatypes.h"

namespace routedeck::core::api {
class Engine;
}

namespace routedeck::models {

// Lives on its own thread: every interval it takes the newest snapshot and
// hands it over (queued) to the UI thread. Only new snapshots are sent.
class SnapshotPoller : public QObject {
  Q_OBJECT
 public:
  SnapshotPoller(const core::api::Engine& engine, int intervalMs);

 public slots:
  void start();
  void stop();

 signals:
  void snapshot(const routedeck::models::SnapshotConstPtr& snapshot);

 private:
  void poll();

  const core::api::Engine& m_engine;
  QTimer* m_timer = nullptr;
  int m_intervalMs;
  SnapshotConstPtr m_last;
};

}  // namespace routedeck::models
