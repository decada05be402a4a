#include "proxycore/stats/metrics_collectable.h"

#include <prometheus/metric_family.h>

#include <limits>

#include "proxycore/stats/stat_names.h"

namespace routedeck::core::stats {

namespace {

using prometheus::ClientMetric;
using prometheus::MetricFamily;
using prometheus::MetricType;

enum Id {
#define RD_STAT_ID(id, name, type, help) id,
  RD_RULE_STATS(RD_STAT_ID) RD_BACKEND_STATS(RD_STAT_ID) RD_GLOBAL_STATS(RD_STAT_ID)
#undef RD_STAT_ID
  kCount
};

std::vector<MetricFamily> emptyFamilies() {
  std::vector<MetricFamily> f(kCount);
#define RD_STAT_FAMILY(id, n, t, h) f[id] = MetricFamily{n, h, MetricType::t, {}};
  RD_RULE_STATS(RD_STAT_FAMILY) RD_BACKEND_STATS(RD_STAT_FAMILY) RD_GLOBAL_STATS(RD_STAT_FAMILY)
#undef RD_STAT_FAMILY
  return f;
}

using Labels = std::vector<ClientMetric::Label>;

class Builder {
 public:
  explicit Builder(std::vector<MetricFamily>& f) : m_f(f) {}
  void counter(Id id, const Labels& l, double v) {
    ClientMetric m;
    m.label = l;
    m.counter.value = v;
    m_f[id].metric.push_back(std::move(m));
  }
  void gauge(Id id, const Labels& l, double v) {
    ClientMetric m;
    m.label = l;
    m.gauge.value = v;
    m_f[id].metric.push_back(std::move(m));
  }
  void histogram(Id id, const Labels& l, const Histogram& h) {
    ClientMetric m;
    m.label = l;
    m.histogram.sample_count = h.count;
    m.histogram.sample_sum = h.sumSeconds;
    for (double le : kBucketBounds) {
      m.histogram.bucket.push_back({h.countAtOrBelow(le), le});
    }
    m.histogram.bucket.push_back({h.count, std::numeric_limits<double>::infinity()});
    m_f[id].metric.push_back(std::move(m));
  }
  static Labels with(Labels l, const char* name, std::string value) {
    l.push_back({name, std::move(value)});
    return l;
  }

 private:
  std::vector<MetricFamily>& m_f;
};

void addRule(Builder& b, const RuleStats& r) {
  const Labels l = {{"route_kind", r.key.kind},
                    {"namespace", r.key.ns},
                    {"route", r.key.name},
                    {"rule", std::to_string(r.key.rule)}};
  const Counters& c = r.counters;
  b.counter(RuleRequests, l, static_cast<double>(c.requests));
  for (const auto& [code, n] : r.byStatus) {
    b.counter(RuleResponses, Builder::with(l, "code", std::to_string(code)), static_cast<double>(n));
  }
  for (const auto& [flag, n] : r.byFlag) {
    b.counter(RuleFlags, Builder::with(l, "flag", flag), static_cast<double>(n));
  }
  b.counter(RuleLocal, l, static_cast<double>(c.localReplies));
  b.counter(RuleRetries, l, static_cast<double>(c.retries));
  b.counter(RuleTimeouts, l, static_cast<double>(c.timeouts));
  b.counter(RuleDelays, l, static_cast<double>(c.faultDelays));
  b.counter(RuleAborts, l, static_cast<double>(c.faultAborts));
  b.counter(RuleMirrors, l, static_cast<double>(c.mirrors));
  b.counter(RuleRateLimited, l, static_cast<double>(c.rateLimited));
  b.counter(RuleBytesIn, l, static_cast<double>(c.bytesIn));
  b.counter(RuleBytesOut, l, static_cast<double>(c.bytesOut));
  b.counter(RuleConnectFailures, l, static_cast<double>(c.connectFailures));
  b.gauge(RuleActive, l, static_cast<double>(c.active));
  b.histogram(RuleDuration, l, r.totalLatency);
  b.histogram(RuleUpstream, l, r.upstreamLatency);
  for (const auto& m : r.grpcMethods) {
    const Labels ml = Builder::with(l, "grpc_method", m.method);
    for (const auto& [code, n] : m.byCode) {
      b.counter(GrpcCalls, Builder::with(ml, "grpc_code", std::to_string(code)), static_cast<double>(n));
    }
    b.counter(GrpcSeconds, ml, m.sumSeconds);
  }
  for (const auto& be : r.backends) {
    const Labels bl = Builder::with(l, "backend", be.service);
    const Counters& bc = be.counters;
    b.counter(BackendRequests, bl, static_cast<double>(bc.requests));
    for (const auto& [code, n] : be.byStatus) {
      b.counter(BackendResponses, Builder::with(bl, "code", std::to_string(code)), static_cast<double>(n));
    }
    b.counter(BackendRetries, bl, static_cast<double>(bc.retries));
    b.counter(BackendTimeouts, bl, static_cast<double>(bc.timeouts));
    b.counter(BackendConnectFailures, bl, static_cast<double>(bc.connectFailures));
    b.counter(BackendEjections, bl, static_cast<double>(bc.ejections));
    b.gauge(BackendWeight, bl, static_cast<double>(be.configuredWeight));
    b.histogram(BackendUpstream, bl, be.upstreamLatency);
  }
}

}  // namespace

std::vector<MetricFamily> toMetricFamilies(const Snapshot& s) {
  std::vector<MetricFamily> f = emptyFamilies();
  Builder b(f);
  for (const auto& r : s.rules) addRule(b, r);
  for (const auto& l : s.listeners) {
    const Labels ll = {{"listener", l.gateway + "/" + l.listener}, {"bind", l.bind}};
    const Counters& c = l.counters;
    b.counter(ListenerRequests, ll, static_cast<double>(c.requests));
    const uint64_t classes[] = {c.responses1xx, c.responses2xx, c.responses3xx, c.responses4xx,
                                c.responses5xx};
    for (int i = 0; i < 5; ++i) {
      b.counter(ListenerResponses, Builder::with(ll, "code_class", std::to_string(i + 1) + "xx"),
                static_cast<double>(classes[i]));
    }
    b.gauge(ListenerActive, ll, static_cast<double>(c.active));
    b.counter(ListenerConnAccepted, ll, static_cast<double>(l.connectionsAccepted));
    b.gauge(ListenerConnActive, ll, static_cast<double>(l.connectionsActive));
  }
  b.counter(NoRoute, {}, static_cast<double>(s.noRoute.requests));
  b.counter(ConnAccepted, {}, static_cast<double>(s.connectionsAccepted));
  b.gauge(ConnActive, {}, static_cast<double>(s.connectionsActive));
  b.gauge(ConfigVersion, {}, static_cast<double>(s.configVersion));
  b.counter(AccessLogDropped, {}, static_cast<double>(s.accessLogDropped));
  // Families without samples would still print HELP/TYPE lines: drop them.
  std::erase_if(f, [](const MetricFamily& m) { return m.metric.empty(); });
  return f;
}

}  // namespace routedeck::core::stats
