#include "proxycore/stats/recorder.h"

namespace routedeck::core::stats {

Recorder::Recorder(int workers, size_t recordCapacity) {
  for (int i = 0; i < std::max(1, workers); ++i) {
    m_shards.push_back(std::make_unique<WorkerShard>(recordCapacity));
  }
}

Recorder::~Recorder() = default;

uint32_t Recorder::ruleSlotLocked(const RuleKey& key) {
  auto [it, added] = m_ruleSlots.emplace(key.id(), static_cast<uint32_t>(m_ruleSlots.size()));
  if (added) {
    for (auto& s : m_shards) {
      if (!s->m_rules.ensure(it->second)) {
        m_ruleSlots.erase(it);
        return kNoSlot;
      }
    }
  }
  return it->second;
}

uint32_t Recorder::backendSlotLocked(uint32_t rule, const std::string& service) {
  auto [it, added] =
      m_backendSlots.emplace(std::pair{rule, service}, static_cast<uint32_t>(m_backendSlots.size()));
  if (added) {
    for (auto& s : m_shards) {
      if (!s->m_backends.ensure(it->second)) {
        m_backendSlots.erase(it);
        return kNoSlot;
      }
    }
  }
  return it->second;
}

Recorder::CurrentRule* Recorder::currentLocked(uint32_t slot) {
  for (auto& r : m_current) {
    if (r.slot == slot) return &r;
  }
  return nullptr;
}

void Recorder::declare(const Declaration& d) {
  std::lock_guard lock(m_mutex);
  m_configVersion = d.configVersion;
  m_listeners = d.listeners;
  for (const auto& l : d.listeners) {
    for (auto& s : m_shards) s->m_listeners.ensure(static_cast<uint32_t>(l.index));
  }
  std::vector<CurrentRule> current;
  for (const auto& r : d.rules) {
    const uint32_t slot = ruleSlotLocked(r.key);
    if (slot == kNoSlot) continue;
    CurrentRule cr{slot, r.key, r.gateway, r.listener, {}};
    for (const auto& b : r.backends) {
      const uint32_t bs = backendSlotLocked(slot, b.service);
      if (bs != kNoSlot) cr.backends.push_back({bs, b.service, b.weight, b.ejections});
    }
    current.push_back(std::move(cr));
  }
  m_current = std::move(current);
}

uint32_t Recorder::ruleSlot(const RuleKey& key) {
  std::lock_guard lock(m_mutex);
  const uint32_t slot = ruleSlotLocked(key);
  if (slot != kNoSlot && !currentLocked(slot)) {
    m_current.push_back({slot, key, {}, {}, {}});
  }
  return slot;
}

uint32_t Recorder::backendSlot(uint32_t rule, const std::string& service, int weight) {
  std::lock_guard lock(m_mutex);
  const uint32_t slot = backendSlotLocked(rule, service);
  if (CurrentRule* r = slot == kNoSlot ? nullptr : currentLocked(rule)) {
    bool known = false;
    for (const auto& b : r->backends) known = known || b.slot == slot;
    if (!known) r->backends.push_back({slot, service, weight, {}});
  }
  return slot;
}

void Recorder::merge(Snapshot& out) const {
  std::lock_guard lock(m_mutex);
  out.configVersion = m_configVersion;
  for (const auto& l : m_listeners) {
    ListenerStats ls;
    ls.bind = l.bind;
    ls.gateway = l.gateway;
    ls.listener = l.listener;
    ls.serverIndex = l.index;
    for (const auto& s : m_shards) {
      if (const ListenerCell* c = s->m_listeners.find(static_cast<uint32_t>(l.index))) c->c.addTo(ls.counters);
    }
    out.listeners.push_back(std::move(ls));
  }
  GrpcMethodCells grpc;
  for (const auto& s : m_shards) {
    for (const auto& [key, cell] : s->grpcMethods()) {
      GrpcMethodCell& sum = grpc[key];
      for (size_t i = 0; i < cell.codes.size(); ++i) sum.codes[i] += cell.codes[i];
      sum.micros += cell.micros;
    }
  }
  for (const auto& r : m_current) {
    RuleStats rs;
    for (auto it = grpc.lower_bound(std::pair<uint32_t, std::string_view>(r.slot, ""));
         it != grpc.end() && it->first.first == r.slot; ++it) {
      GrpcMethodStats ms;
      ms.method = it->first.second;
      for (size_t i = 0; i < it->second.codes.size(); ++i) {
        if (it->second.codes[i] == 0) continue;
        ms.byCode[i < 17 ? static_cast<int>(i) : -1] += it->second.codes[i];
        ms.calls += it->second.codes[i];
      }
      ms.sumSeconds = static_cast<double>(it->second.micros) / 1e6;
      rs.grpcMethods.push_back(std::move(ms));
    }
    rs.key = r.key;
    rs.gateway = r.gateway;
    rs.listener = r.listener;
    for (const auto& s : m_shards) {
      const RuleCell* c = s->m_rules.find(r.slot);
      if (!c) continue;
      c->c.addTo(rs.counters);
      c->total.addTo(rs.totalLatency);
      c->upstream.addTo(rs.upstreamLatency);
      c->status.addTo(rs.byStatus);
      c->flags.addTo(rs.byFlag);
    }
    for (const auto& b : r.backends) {
      BackendStats bs;
      bs.service = b.service;
      bs.configuredWeight = b.weight;
      for (const auto& s : m_shards) {
        const BackendCell* c = s->m_backends.find(b.slot);
        if (!c) continue;
        c->c.addTo(bs.counters);
        c->upstream.addTo(bs.upstreamLatency);
        c->status.addTo(bs.byStatus);
      }
      if (b.ejections) bs.counters.ejections = b.ejections();
      rs.counters.ejections += bs.counters.ejections;
      rs.backends.push_back(std::move(bs));
    }
    out.rules.push_back(std::move(rs));
  }
  for (const auto& s : m_shards) {
    s->m_noRoute.addTo(out.noRoute);
    out.accessLogDropped += s->m_records.dropped();
  }
}

}  // namespace routedeck::core::stats
