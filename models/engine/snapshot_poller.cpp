#include "models/engine/snapshot_poller.h"

#include <QThread>

#include "models/engine/snapshot_source.h"
#include "proxycore/api/engine.h"
#include "proxycore/api/stats.h"

namespace routedeck::models {

SnapshotPoller::SnapshotPoller(const core::api::Engine& engine, int intervalMs)
    : m_engine(engine), m_intervalMs(intervalMs) {}

void SnapshotPoller::start() {
  Q_ASSERT(QThread::currentThread() == thread());
  if (!m_timer) {
    m_timer = new QTimer(this);
    m_timer->setTimerType(Qt::PreciseTimer);
    connect(m_timer, &QTimer::timeout, this, &SnapshotPoller::poll);
  }
  m_timer->start(m_intervalMs);
}

void SnapshotPoller::stop() {
  if (m_timer) {
    m_timer->stop();
  }
}

void SnapshotPoller::poll() {
  auto s = obtainSnapshot(m_engine);
  if (s && s != m_last && (!m_last || s->sequence != m_last->sequence)) {
    m_last = s;
    emit snapshot(s);
  }
  auto fresh = newAccessRecords(obtainAccessLog(m_engine, kAccessLogFetch), m_lastRequestId);
  if (!fresh.empty()) {
    m_lastRequestId = fresh.back().requestId;
    emit accessRecords(std::make_shared<const std::vector<core::stats::AccessRecord>>(std::move(fresh)));
  }
  pollTraces();
}

void SnapshotPoller::followTraces(const QString& rule, quint64 generation) {
  Q_ASSERT(QThread::currentThread() == thread());
  m_traceRule = rule.toStdString();
  m_traceGeneration = generation;
  m_lastTrace.reset();
  pollTraces();  // the list fills at once, not a tick later
}

void SnapshotPoller::pollTraces() {
  if (m_traceRule.empty()) {
    return;
  }
  auto fresh = newTraces(obtainTraces(m_engine, m_traceRule, kTraceFetch), m_lastTrace);
  if (!fresh.empty()) {
    m_lastTrace = fresh.back();
    emit traces(m_traceGeneration, std::make_shared<const std::vector<TraceConstPtr>>(std::move(fresh)));
  }
}

}  // namespace routedeck::models
