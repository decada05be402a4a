#include "proxycore/api/client_stats.h"

#include <algorithm>

namespace routedeck::core::api {

namespace {

void addBuckets(stats::Histogram& h, const std::vector<uint64_t>& buckets, double sumSeconds) {
  if (h.counts.size() < buckets.size()) {
    h.counts.resize(buckets.size(), 0);
  }
  for (size_t i = 0; i < buckets.size(); ++i) {
    h.counts[i] += buckets[i];
    h.count += buckets[i];
  }
  h.sumSeconds += sumSeconds;
}

void addCounters(stats::Counters& c, const loadgen::EntryObservation& e) {
  c.requests += e.sent;
  c.responses2xx += e.responses2xx;
  c.responses3xx += e.responses3xx;
  c.responses4xx += e.responses4xx;
  c.responses5xx += e.responses5xx;
  c.connectFailures += e.transportErrors;
}

stats::RuleStats* ruleFor(stats::Snapshot& snap, const router::Decision& d, const std::string& gateway,
                          const std::string& listener) {
  stats::RuleKey key{d.route->kind, d.route->ns, d.route->name, d.route->rule,
                     d.route->ruleName.value_or("")};
  for (auto& r : snap.rules) {
    if (r.key == key) {
      return &r;
    }
  }
  stats::RuleStats r;
  r.key = key;
  r.gateway = gateway;
  r.listener = listener;
  for (const auto& b : d.backends) {
    stats::BackendStats bs;
    bs.service = b.ns + "/" + b.name + (b.port ? ":" + std::to_string(*b.port) : "");
    bs.configuredWeight = b.weight;
    r.backends.push_back(std::move(bs));
  }
  snap.rules.push_back(std::move(r));
  return &snap.rules.back();
}

void addBackends(stats::RuleStats& rule, const loadgen::EntryObservation& e) {
  for (const auto& [who, seen] : e.backends) {
    // who is "ns/name"; the rule's backends are "ns/name:port".
    auto it = std::find_if(rule.backends.begin(), rule.backends.end(), [&](const stats::BackendStats& b) {
      return b.service == who || b.service.rfind(who + ":", 0) == 0;
    });
    if (it == rule.backends.end()) {
      continue;
    }
    it->counters.requests += seen.responses;
    it->counters.responses5xx += seen.responses5xx;
    it->counters.responses2xx += seen.responses - seen.responses5xx;
    addBuckets(it->upstreamLatency, seen.latencyBuckets, seen.latencySumSeconds);
  }
}

}  // namespace

stats::Snapshot clientSideSnapshot(const loadgen::Observations& obs, const TrafficProfile& profile,
                                   const proxy::Runtime* runtime, uint64_t sequence) {
  stats::Snapshot snap;
  snap.taken = obs.taken;
  snap.wallTime = std::chrono::system_clock::now();
  snap.sequence = sequence;
  if (runtime == nullptr || runtime->bindings().empty()) {
    return snap;
  }
  snap.configVersion = runtime->version();
  const auto& entry = runtime->bindings().front();
  router::EntryPoint ep;
  ep.gateway = entry.gateway;
  ep.port = entry.port;
  ep.trace = false;
  for (size_t i = 0; i < obs.entries.size() && i < profile.requests.size(); ++i) {
    const auto& spec = profile.requests[i];
    const auto& seen = obs.entries[i];
    router::Request req;
    req.method = spec.method;
    req.host = spec.host.empty() ? profile.host : spec.host;
    req.port = entry.port;
    const auto q = spec.path.find('?');
    req.path = spec.path.substr(0, q);
    req.query = q == std::string::npos ? "" : spec.path.substr(q + 1);
    req.headers = spec.headers;
    auto d = runtime->table().route(req, ep);
    if (!d.matched || d.route == nullptr) {
      addCounters(snap.noRoute, seen);
      continue;
    }
    auto* rule = ruleFor(snap, d, entry.gateway, entry.listener);
    addCounters(rule->counters, seen);
    addBuckets(rule->totalLatency, seen.latencyBuckets, seen.latencySumSeconds);
    addBackends(*rule, seen);
  }
  return snap;
}

}  // namespace routedeck::core::api
