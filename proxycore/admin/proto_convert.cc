#include "proxycore/admin/proto_convert.h"

namespace routedeck::core::admin {

namespace {

using SysClock = std::chrono::system_clock;

int64_t unixMillis(SysClock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}
SysClock::time_point fromUnixMillis(int64_t ms) {
  return SysClock::time_point(
      std::chrono::duration_cast<SysClock::duration>(std::chrono::milliseconds(ms)));
}

void toProto(const stats::Counters& c, pb::Counters* out) {
  out->set_requests(c.requests);
  out->set_responses_1xx(c.responses1xx);
  out->set_responses_2xx(c.responses2xx);
  out->set_responses_3xx(c.responses3xx);
  out->set_responses_4xx(c.responses4xx);
  out->set_responses_5xx(c.responses5xx);
  out->set_local_replies(c.localReplies);
  out->set_retries(c.retries);
  out->set_timeouts(c.timeouts);
  out->set_fault_delays(c.faultDelays);
  out->set_fault_aborts(c.faultAborts);
  out->set_mirrors(c.mirrors);
  out->set_rate_limited(c.rateLimited);
  out->set_bytes_in(c.bytesIn);
  out->set_bytes_out(c.bytesOut);
  out->set_connect_failures(c.connectFailures);
  out->set_ejections(c.ejections);
  out->set_active(c.active);
}

stats::Counters fromProto(const pb::Counters& c) {
  stats::Counters out;
  out.requests = c.requests();
  out.responses1xx = c.responses_1xx();
  out.responses2xx = c.responses_2xx();
  out.responses3xx = c.responses_3xx();
  out.responses4xx = c.responses_4xx();
  out.responses5xx = c.responses_5xx();
  out.localReplies = c.local_replies();
  out.retries = c.retries();
  out.timeouts = c.timeouts();
  out.faultDelays = c.fault_delays();
  out.faultAborts = c.fault_aborts();
  out.mirrors = c.mirrors();
  out.rateLimited = c.rate_limited();
  out.bytesIn = c.bytes_in();
  out.bytesOut = c.bytes_out();
  out.connectFailures = c.connect_failures();
  out.ejections = c.ejections();
  out.active = c.active();
  return out;
}

void toProto(const stats::Histogram& h, pb::Histogram* out) {
  out->mutable_counts()->Assign(h.counts.begin(), h.counts.end());
  out->set_count(h.count);
  out->set_sum_seconds(h.sumSeconds);
  out->set_sub_bucket_bits(stats::Histogram::kSubBucketBits);
}

stats::Histogram fromProto(const pb::Histogram& h) {
  stats::Histogram out;
  out.counts.assign(h.counts().begin(), h.counts().end());
  out.count = h.count();
  out.sumSeconds = h.sum_seconds();
  return out;
}

template <typename Map, typename PbMap>
void copyMap(const Map& from, PbMap* to) {
  for (const auto& [k, v] : from) {
    (*to)[k] = v;
  }
}

void toProto(const stats::RuleStats& r, pb::RuleStats* out) {
  auto* key = out->mutable_key();
  key->set_kind(r.key.kind);
  key->set_namespace_(r.key.ns);
  key->set_name(r.key.name);
  key->set_rule(r.key.rule);
  key->set_rule_name(r.key.ruleName);
  key->set_id(r.key.id());
  out->set_gateway(r.gateway);
  out->set_listener(r.listener);
  toProto(r.counters, out->mutable_counters());
  toProto(r.totalLatency, out->mutable_total_latency());
  toProto(r.upstreamLatency, out->mutable_upstream_latency());
  copyMap(r.byStatus, out->mutable_by_status());
  copyMap(r.byFlag, out->mutable_by_flag());
  for (const auto& b : r.backends) {
    auto* pbB = out->add_backends();
    pbB->set_service(b.service);
    pbB->set_configured_weight(b.configuredWeight);
    toProto(b.counters, pbB->mutable_counters());
    toProto(b.upstreamLatency, pbB->mutable_upstream_latency());
    copyMap(b.byStatus, pbB->mutable_by_status());
  }
}

stats::RuleStats fromProto(const pb::RuleStats& r) {
  stats::RuleStats out;
  out.key = {r.key().kind(), r.key().namespace_(), r.key().name(), r.key().rule(),
             r.key().rule_name()};
  out.gateway = r.gateway();
  out.listener = r.listener();
  out.counters = fromProto(r.counters());
  out.totalLatency = fromProto(r.total_latency());
  out.upstreamLatency = fromProto(r.upstream_latency());
  out.byStatus.insert(r.by_status().begin(), r.by_status().end());
  out.byFlag.insert(r.by_flag().begin(), r.by_flag().end());
  for (const auto& b : r.backends()) {
    stats::BackendStats bs;
    bs.service = b.service();
    bs.configuredWeight = b.configured_weight();
    bs.counters = fromProto(b.counters());
    bs.upstreamLatency = fromProto(b.upstream_latency());
    bs.byStatus.insert(b.by_status().begin(), b.by_status().end());
    out.backends.push_back(std::move(bs));
  }
  return out;
}

void toProto(const trace::Attribute& a, pb::Attribute* out) {
  out->set_key(a.key);
  std::visit(
      [out](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::string>) {
          out->set_string_value(v);
        } else if constexpr (std::is_same_v<T, int64_t>) {
          out->set_int_value(v);
        } else if constexpr (std::is_same_v<T, double>) {
          out->set_double_value(v);
        } else {
          out->set_bool_value(v);
        }
      },
      a.value);
}

trace::Attribute fromProto(const pb::Attribute& a) {
  trace::Attribute out{a.key(), std::string()};
  switch (a.value_case()) {
    case pb::Attribute::kIntValue:
      out.value = a.int_value();
      break;
    case pb::Attribute::kDoubleValue:
      out.value = a.double_value();
      break;
    case pb::Attribute::kBoolValue:
      out.value = a.bool_value();
      break;
    default:
      out.value = a.string_value();
      break;
  }
  return out;
}

}  // namespace

void toProto(const Diagnostic& d, pb::Diagnostic* out) {
  out->set_severity(d.severity == Severity::Error     ? pb::SEVERITY_ERROR
                    : d.severity == Severity::Warning ? pb::SEVERITY_WARNING
                                                      : pb::SEVERITY_NOTE);
  out->set_file(d.location.file);
  out->set_line(d.location.line);
  out->set_column(d.location.column);
  out->set_message(d.message);
  out->set_field_path(d.fieldPath);
  out->set_formatted(d.format());
}

Diagnostic fromProto(const pb::Diagnostic& d) {
  Diagnostic out;
  out.severity = d.severity() == pb::SEVERITY_ERROR     ? Severity::Error
                 : d.severity() == pb::SEVERITY_WARNING ? Severity::Warning
                                                        : Severity::Note;
  out.location = {d.file(), d.line(), d.column()};
  out.message = d.message();
  out.fieldPath = d.field_path();
  return out;
}

void toProto(const stats::Snapshot& s, bool includeRecent, pb::StatsSnapshot* out) {
  out->set_sequence(s.sequence);
  out->set_wall_time_unix_ms(unixMillis(s.wallTime));
  out->set_config_version(s.configVersion);
  for (const auto& l : s.listeners) {
    auto* pbL = out->add_listeners();
    pbL->set_bind(l.bind);
    pbL->set_gateway(l.gateway);
    pbL->set_listener(l.listener);
    toProto(l.counters, pbL->mutable_counters());
    pbL->set_connections_accepted(l.connectionsAccepted);
    pbL->set_connections_active(l.connectionsActive);
  }
  for (const auto& r : s.rules) {
    toProto(r, out->add_rules());
  }
  toProto(s.noRoute, out->mutable_no_route());
  if (includeRecent) {
    for (const auto& r : s.recent) {
      auto* pbR = out->add_recent();
      pbR->set_time_unix_ms(unixMillis(r.time));
      pbR->set_method(r.method);
      pbR->set_authority(r.authority);
      pbR->set_path(r.path);
      pbR->set_status(r.status);
      pbR->set_flags(r.flags);
      pbR->set_rule(r.rule);
      pbR->set_backend(r.backend);
      pbR->set_seconds(r.seconds);
    }
  }
  out->set_access_log_dropped(s.accessLogDropped);
  out->set_connections_accepted(s.connectionsAccepted);
  out->set_connections_active(s.connectionsActive);
}

stats::Snapshot fromProto(const pb::StatsSnapshot& s) {
  stats::Snapshot out;
  // The daemon's steady clock means nothing here: stamp arrival.
  out.taken = std::chrono::steady_clock::now();
  out.wallTime = fromUnixMillis(s.wall_time_unix_ms());
  out.configVersion = s.config_version();
  out.sequence = s.sequence();
  for (const auto& l : s.listeners()) {
    stats::ListenerStats ls;
    ls.bind = l.bind();
    ls.gateway = l.gateway();
    ls.listener = l.listener();
    ls.counters = fromProto(l.counters());
    ls.connectionsAccepted = l.connections_accepted();
    ls.connectionsActive = l.connections_active();
    out.listeners.push_back(std::move(ls));
  }
  for (const auto& r : s.rules()) {
    out.rules.push_back(fromProto(r));
  }
  out.noRoute = fromProto(s.no_route());
  for (const auto& r : s.recent()) {
    out.recent.push_back({fromUnixMillis(r.time_unix_ms()), r.method(), r.authority(), r.path(),
                          r.status(), r.flags(), r.rule(), r.backend(), r.seconds()});
  }
  out.accessLogDropped = s.access_log_dropped();
  out.connectionsAccepted = s.connections_accepted();
  out.connectionsActive = s.connections_active();
  return out;
}

void toProto(const stats::AccessRecord& r, uint64_t sequence, pb::AccessRecord* out) {
  out->set_time_unix_us(
      std::chrono::duration_cast<std::chrono::microseconds>(r.time.time_since_epoch()).count());
  out->set_request_id(r.requestId);
  out->set_trace_id(r.traceId);
  out->set_client(r.client);
  out->set_method(r.method);
  out->set_authority(r.authority);
  out->set_path(r.path);
  out->set_protocol(r.protocol);
  out->set_status(r.status);
  out->set_flags(r.flags);
  out->set_route_kind(r.routeKind);
  out->set_route_namespace(r.routeNamespace);
  out->set_route_name(r.routeName);
  out->set_rule(r.rule);
  out->set_rule_id(r.ruleId());
  out->set_backend(r.backend);
  out->set_endpoint(r.endpoint);
  out->set_attempts(r.attempts);
  out->set_bytes_in(r.bytesIn);
  out->set_bytes_out(r.bytesOut);
  out->set_total_seconds(r.totalSeconds);
  out->set_upstream_seconds(r.upstreamSeconds);
  out->set_user_agent(r.userAgent);
  out->set_sequence(sequence);
  out->set_grpc_service(r.grpcService);
  out->set_grpc_method(r.grpcMethod);
  if (r.grpcStatus >= 0) out->set_grpc_status(r.grpcStatus);
}

stats::AccessRecord fromProto(const pb::AccessRecord& r) {
  stats::AccessRecord out;
  out.time = SysClock::time_point(
      std::chrono::duration_cast<SysClock::duration>(std::chrono::microseconds(r.time_unix_us())));
  out.requestId = r.request_id();
  out.traceId = r.trace_id();
  out.client = r.client();
  out.method = r.method();
  out.authority = r.authority();
  out.path = r.path();
  out.protocol = r.protocol();
  out.status = r.status();
  out.flags = r.flags();
  out.routeKind = r.route_kind();
  out.routeNamespace = r.route_namespace();
  out.routeName = r.route_name();
  out.rule = r.rule();
  out.backend = r.backend();
  out.endpoint = r.endpoint();
  out.attempts = r.attempts();
  out.bytesIn = r.bytes_in();
  out.bytesOut = r.bytes_out();
  out.totalSeconds = r.total_seconds();
  out.upstreamSeconds = r.upstream_seconds();
  out.userAgent = r.user_agent();
  out.grpcService = r.grpc_service();
  out.grpcMethod = r.grpc_method();
  out.grpcStatus = r.has_grpc_status() ? r.grpc_status() : -1;
  return out;
}

void toProto(const trace::Trace& t, pb::Trace* out) {
  out->set_trace_id(t.traceIdHex());
  out->set_rule(t.rule);
  out->set_request_id(t.requestId);
  out->set_status(t.status);
  out->set_start_unix_nanos(t.startUnixNanos);
  out->set_duration_seconds(t.durationSeconds);
  for (const auto& s : t.spans) {
    auto* pbS = out->add_spans();
    pbS->set_span_id(trace::toHex(s.spanId));
    if (!s.isRoot()) {
      pbS->set_parent_span_id(trace::toHex(s.parentSpanId));
    }
    pbS->set_name(s.name);
    pbS->set_kind(static_cast<int>(s.kind));
    pbS->set_start_unix_nanos(s.startUnixNanos);
    pbS->set_end_unix_nanos(s.endUnixNanos);
    pbS->set_status(static_cast<int>(s.status));
    pbS->set_status_message(s.statusMessage);
    for (const auto& a : s.attributes) {
      toProto(a, pbS->add_attributes());
    }
    for (const auto& e : s.events) {
      auto* pbE = pbS->add_events();
      pbE->set_time_unix_nanos(e.timeUnixNanos);
      pbE->set_name(e.name);
      for (const auto& a : e.attributes) {
        toProto(a, pbE->add_attributes());
      }
    }
  }
}

trace::Trace fromProto(const pb::Trace& t) {
  trace::Trace out;
  trace::fromHex(t.trace_id(), out.traceId.data(), out.traceId.size());
  out.rule = t.rule();
  out.requestId = t.request_id();
  out.status = t.status();
  out.startUnixNanos = t.start_unix_nanos();
  out.durationSeconds = t.duration_seconds();
  for (const auto& s : t.spans()) {
    trace::Span span;
    trace::fromHex(s.span_id(), span.spanId.data(), span.spanId.size());
    if (!s.parent_span_id().empty()) {
      trace::fromHex(s.parent_span_id(), span.parentSpanId.data(), span.parentSpanId.size());
    }
    span.name = s.name();
    span.kind = static_cast<trace::SpanKind>(s.kind());
    span.startUnixNanos = s.start_unix_nanos();
    span.endUnixNanos = s.end_unix_nanos();
    span.status = static_cast<trace::SpanStatus>(s.status());
    span.statusMessage = s.status_message();
    for (const auto& a : s.attributes()) {
      span.attributes.push_back(fromProto(a));
    }
    for (const auto& e : s.events()) {
      trace::SpanEvent ev{e.time_unix_nanos(), e.name(), {}};
      for (const auto& a : e.attributes()) {
        ev.attributes.push_back(fromProto(a));
      }
      span.events.push_back(std::move(ev));
    }
    out.spans.push_back(std::move(span));
  }
  return out;
}

}  // namespace routedeck::core::admin
