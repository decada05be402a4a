#include "models/metrics/chart_series_model.h"

#include <chrono>

#include "models/metrics/decimate.h"
#include "proxycore/api/stats.h"

namespace routedeck::models {

namespace stats = core::stats;

namespace {

QString ruleId(const stats::RuleKey& k) {
  return QString::fromStdString(k.kind + "/" + k.ns + "/" + k.name + "#" + std::to_string(k.rule));
}

const stats::RuleStats* findRule(const stats::Snapshot& s, const stats::RuleKey& key) {
  for (const auto& r : s.rules) {
    if (r.key == key) {
      return &r;
    }
  }
  return nullptr;
}

uint64_t responses(const stats::Counters& c) {
  return c.responses1xx + c.responses2xx + c.responses3xx + c.responses4xx + c.responses5xx;
}

double seconds(std::chrono::steady_clock::duration d) { return std::chrono::duration<double>(d).count(); }

double pct(uint64_t part, uint64_t whole) { return whole ? 100.0 * static_cast<double>(part) / static_cast<double>(whole) : 0.0; }

uint64_t delta(uint64_t now, uint64_t before) { return now >= before ? now - before : 0; }

}  // namespace

ChartSeriesModel::ChartSeriesModel(QObject* parent, int fineCapacity, int coarseCapacity)
    : QObject(parent), m_proto(fineCapacity, coarseCapacity) {}

ChartSeriesModel::RuleSeries& ChartSeriesModel::series(const QString& id, const QStringList& backends) {
  auto& s = m_rules[id];
  if (!s) {
    s = std::make_shared<RuleSeries>(m_proto);
  }
  if (s->backends != backends) {
    s->backends = backends;
    s->split = QVector<SeriesRing>(backends.size(), m_proto);
  }
  return *s;
}

SnapshotConstPtr ChartSeriesModel::baseFor(double window) const {
  const auto& newest = m_history.back();
  for (auto it = m_history.rbegin() + 1; it != m_history.rend(); ++it) {
    if (seconds(newest->taken - (*it)->taken) >= window) {
      return *it;
    }
  }
  return m_history.size() > 1 ? m_history.front() : nullptr;
}

void ChartSeriesModel::addSnapshot(const SnapshotConstPtr& snap) {
  if (!snap || (!m_history.empty() && snap->taken <= m_history.back()->taken)) {
    return;
  }
  m_history.push_back(snap);
  while (m_history.size() > 2 && seconds(snap->taken - m_history[1]->taken) > std::max(m_splitWindow, m_rateWindow) + 1) {
    m_history.pop_front();
  }
  const auto base = baseFor(m_rateWindow);
  const auto splitBase = baseFor(m_splitWindow);
  if (!base) {
    return;
  }
  const double dt = seconds(snap->taken - base->taken);
  const double x = std::chrono::duration<double>(snap->wallTime.time_since_epoch()).count();
  m_latestX = x;
  m_totalRps = 0;
  for (const auto& r : snap->rules) {
    QStringList backends;
    for (const auto& b : r.backends) {
      backends << QString::fromStdString(b.service);
    }
    auto& s = series(ruleId(r.key), backends);
    const auto* before = findRule(*base, r.key);
    const stats::RuleStats empty;
    const auto& b0 = before ? *before : empty;
    const uint64_t req = delta(r.counters.requests, b0.counters.requests);
    const uint64_t resp = delta(responses(r.counters), responses(b0.counters));
    const auto interval = r.totalLatency.minus(b0.totalLatency);
    s.live.rps = dt > 0 ? static_cast<double>(req) / dt : 0;
    const double interval5xx = pct(delta(r.counters.responses5xx, b0.counters.responses5xx), resp);
    s.rps.append({x, s.live.rps});
    s.p50.append({x, interval.quantileSeconds(0.50) * 1000});
    s.p90.append({x, interval.quantileSeconds(0.90) * 1000});
    s.p99.append({x, interval.quantileSeconds(0.99) * 1000});
    s.e4xx.append({x, pct(delta(r.counters.responses4xx, b0.counters.responses4xx), resp)});
    s.e5xx.append({x, interval5xx});
    m_totalRps += s.live.rps;

    s.live.backends = backends;
    s.live.backendRps.fill(0, backends.size());
    s.live.backend5xxPercent.fill(0, backends.size());
    uint64_t allBackend = 0;
    QVector<uint64_t> perBackend(backends.size(), 0);
    const auto* splitBefore = splitBase ? findRule(*splitBase, r.key) : nullptr;
    QVector<uint64_t> splitCounts(backends.size(), 0);
    uint64_t splitAll = 0;
    for (qsizetype i = 0; i < backends.size(); ++i) {
      const auto& now = r.backends[static_cast<size_t>(i)].counters;
      const auto* prev = i < static_cast<qsizetype>(b0.backends.size()) ? &b0.backends[static_cast<size_t>(i)].counters : nullptr;
      perBackend[i] = delta(now.requests, prev ? prev->requests : 0);
      allBackend += perBackend[i];
      s.live.backendRps[i] = dt > 0 ? static_cast<double>(perBackend[i]) / dt : 0;
      const auto* sp = splitBefore && i < static_cast<qsizetype>(splitBefore->backends.size())
                           ? &splitBefore->backends[static_cast<size_t>(i)].counters : nullptr;
      splitCounts[i] = delta(now.requests, sp ? sp->requests : 0);
      s.live.backend5xxPercent[i] = pct(delta(now.responses5xx, sp ? sp->responses5xx : 0), splitCounts[i]);
      splitAll += splitCounts[i];
    }
    for (qsizetype i = 0; i < backends.size(); ++i) {
      s.split[i].append({x, pct(perBackend[i], allBackend)});
    }
    {
      const stats::RuleStats none;
      const auto& steady = splitBefore ? *splitBefore : none;
      s.live.error5xxPercent = pct(delta(r.counters.responses5xx, steady.counters.responses5xx),
                                   delta(responses(r.counters), responses(steady.counters)));
    }
    s.measured.clear();
    if (splitAll > 0) {
      for (qsizetype i = 0; i < backends.size(); ++i) {
        s.measured << pct(splitCounts[i], splitAll);
      }
    }
  }
  emit updated();
}

void ChartSeriesModel::clear() {
  m_history.clear();
  m_rules.clear();
  emit updated();
}

QStringList ChartSeriesModel::backends(const QString& id) const {
  auto s = m_rules.value(id);
  return s ? s->backends : QStringList();
}

const SeriesRing* ChartSeriesModel::ring(const QString& id, Metric m, int backend) const {
  auto it = m_rules.constFind(id);
  if (it == m_rules.constEnd()) {
    return nullptr;
  }
  const auto& s = **it;
  switch (m) {
    case Metric::Rps: return &s.rps;
    case Metric::P50: return &s.p50;
    case Metric::P90: return &s.p90;
    case Metric::P99: return &s.p99;
    case Metric::Error4xx: return &s.e4xx;
    case Metric::Error5xx: return &s.e5xx;
    case Metric::Split: return backend >= 0 && backend < s.split.size() ? &s.split[backend] : nullptr;
  }
  return nullptr;
}

QList<QPointF> ChartSeriesModel::points(const QString& id, Metric m, int backend, double fromX) const {
  const auto* r = ring(id, m, backend);
  return r ? r->since(fromX) : QList<QPointF>();
}

int ChartSeriesModel::pointCount(const QString& id, Metric m, int backend) const {
  const auto* r = ring(id, m, backend);
  return r ? r->size() : 0;
}

QList<QPointF> ChartSeriesModel::decimated(const QString& id, Metric m, int backend, double fromX, double toX,
                                           int buckets) const {
  const auto* r = ring(id, m, backend);
  return r ? decimateMinMax(*r, fromX, toX, buckets) : QList<QPointF>();
}

std::optional<QPointF> ChartSeriesModel::valueAt(const QString& id, Metric m, int backend, double x, double maxGap) const {
  const auto* r = ring(id, m, backend);
  if (!r || r->size() == 0) {
    return std::nullopt;
  }
  const int i = r->lowerBound(x);
  std::optional<QPointF> best;
  for (int j : {i - 1, i}) {
    if (j >= 0 && j < r->size() && (!best || qAbs(r->at(j).x() - x) < qAbs(best->x() - x))) {
      best = r->at(j);
    }
  }
  if (!best || qAbs(best->x() - x) > maxGap) {
    return std::nullopt;
  }
  return best;
}

std::optional<std::pair<double, double>> ChartSeriesModel::recordedRange(const QString& id) const {
  const auto* r = ring(id, Metric::Rps, -1);
  if (!r || r->size() == 0) {
    return std::nullopt;
  }
  return std::make_pair(r->at(0).x(), r->last().x());
}

RuleLive ChartSeriesModel::live(const QString& id) const {
  auto s = m_rules.value(id);
  return s ? s->live : RuleLive();
}

QVector<double> ChartSeriesModel::measuredSplit(const QString& id) const {
  auto s = m_rules.value(id);
  return s ? s->measured : QVector<double>();
}

}  // namespace routedeck::models
