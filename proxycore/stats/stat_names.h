#pragma once

// Every metric /metrics exports, declared once (name, type, help) in the
// Envoy X-macro style. Labels stay bounded: route identity (route_kind,
// namespace, route, rule), backend service, listener, status code, flag.
//   X(id, name, type, help)   type: Counter | Gauge | Histogram

#define RD_RULE_STATS(X)                                                                          \
  X(RuleRequests, "routedeck_rule_requests_total", Counter, "Requests the route rule took")      \
  X(RuleResponses, "routedeck_rule_responses_total", Counter, "Responses by status code")         \
  X(RuleFlags, "routedeck_rule_response_flags_total", Counter, "Responses by response flag")     \
  X(RuleLocal, "routedeck_rule_local_replies_total", Counter, "Responses the proxy generated")    \
  X(RuleRetries, "routedeck_rule_retries_total", Counter, "Upstream retries")                     \
  X(RuleTimeouts, "routedeck_rule_timeouts_total", Counter, "Requests that timed out (UT)")       \
  X(RuleDelays, "routedeck_rule_fault_delays_total", Counter, "Injected fault delays")            \
  X(RuleAborts, "routedeck_rule_fault_aborts_total", Counter, "Injected fault aborts")            \
  X(RuleMirrors, "routedeck_rule_mirrors_total", Counter, "Mirrored requests sent")              \
  X(RuleRateLimited, "routedeck_rule_rate_limited_total", Counter, "Requests refused by the rate limit") \
  X(RuleBytesIn, "routedeck_rule_received_bytes_total", Counter, "Request body bytes received")  \
  X(RuleBytesOut, "routedeck_rule_sent_bytes_total", Counter, "Response bytes sent")              \
  X(RuleConnectFailures, "routedeck_rule_connect_failures_total", Counter, "Upstream connect failures") \
  X(RuleActive, "routedeck_rule_active_requests", Gauge, "Requests in flight")                    \
  X(RuleDuration, "routedeck_rule_request_duration_seconds", Histogram, "Total request time")    \
  X(RuleUpstream, "routedeck_rule_upstream_duration_seconds", Histogram,                         \
    "Time from the upstream attempt to its response head")                                        \
  X(GrpcCalls, "routedeck_grpc_calls_total", Counter,                                            \
    "gRPC calls per method and grpc-status (code -1: ended without one)")                        \
  X(GrpcSeconds, "routedeck_grpc_call_duration_seconds_total", Counter,                          \
    "Total time of the method's gRPC calls")

#define RD_BACKEND_STATS(X)                                                                       \
  X(BackendRequests, "routedeck_backend_requests_total", Counter, "Requests sent to the backend") \
  X(BackendResponses, "routedeck_backend_responses_total", Counter, "Responses by status code")  \
  X(BackendRetries, "routedeck_backend_retries_total", Counter, "Upstream retries")               \
  X(BackendTimeouts, "routedeck_backend_timeouts_total", Counter, "Requests that timed out (UT)") \
  X(BackendConnectFailures, "routedeck_backend_connect_failures_total", Counter,                \
    "Upstream connect failures")                                                                  \
  X(BackendEjections, "routedeck_backend_ejections_total", Counter,                             \
    "Outlier ejections of the backend's endpoints")                                               \
  X(BackendWeight, "routedeck_backend_configured_weight", Gauge, "The rule's weight for the backend") \
  X(BackendUpstream, "routedeck_backend_upstream_duration_seconds", Histogram,                   \
    "Time from the upstream attempt to its response head")

#define RD_GLOBAL_STATS(X)                                                                        \
  X(ListenerRequests, "routedeck_listener_requests_total", Counter, "Requests per listener")     \
  X(ListenerResponses, "routedeck_listener_responses_total", Counter, "Responses by status class") \
  X(ListenerActive, "routedeck_listener_active_requests", Gauge, "Requests in flight")          \
  X(ListenerConnAccepted, "routedeck_listener_connections_total", Counter,                      \
    "Connections accepted on the listener's socket")                                            \
  X(ListenerConnActive, "routedeck_listener_connections_active", Gauge,                         \
    "Connections open on the listener's socket")                                                \
  X(NoRoute, "routedeck_router_no_route_total", Counter, "Requests no rule took (NR, MR)")       \
  X(ConnAccepted, "routedeck_downstream_connections_total", Counter, "Connections accepted")     \
  X(ConnActive, "routedeck_downstream_connections_active", Gauge, "Connections open")            \
  X(ConfigVersion, "routedeck_config_version", Gauge, "Version of the applied configuration")   \
  X(AccessLogDropped, "routedeck_access_log_dropped_total", Counter,                            \
    "Access records dropped because a worker's queue was full")
