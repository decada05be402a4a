#include "proxycore/proxy/proxy_handler.h"

#include <asio/steady_timer.hpp>

#include "proxycore/net/asio_tuple.h"
#include "proxycore/proxy/forward.h"
#include "proxycore/proxy/forward_upgrade.h"
#include "proxycore/proxy/grpc.h"
#include "proxycore/proxy/grpc_status.h"
#include "proxycore/proxy/local_reply.h"
#include "proxycore/proxy/proxy_service.h"
#include "proxycore/proxy/request_builder.h"
#include "proxycore/proxy/request_stats.h"
#include "proxycore/router/matchers.h"
#include "proxycore/router/rewrite.h"
#include "proxycore/stats/access_log_format.h"

namespace routedeck::core::proxy {

namespace {

bool roll(std::mt19937_64& rng, std::optional<double> percent) {
  double p = percent.value_or(100.0);
  if (p >= 100.0) {
    return true;
  }
  if (p <= 0.0) {
    return false;
  }
  // Millionths, so fractional percentages (0.1%) are honoured.
  return static_cast<double>(rng() % 1000000) < p * 10000.0;
}

// Weighted choice per request over every backend with a share, including
// invalid ones: their share of traffic gets the dialect's error status.
const router::BackendChoice* pickBackend(const router::Decision& d, std::mt19937_64& rng) {
  uint64_t total = 0;
  for (const auto& b : d.backends) {
    total += static_cast<uint64_t>(std::max(0, b.weight));
  }
  if (total == 0) {
    return nullptr;
  }
  uint64_t r = rng() % total;
  for (const auto& b : d.backends) {
    uint64_t w = static_cast<uint64_t>(std::max(0, b.weight));
    if (r < w) {
      return &b;
    }
    r -= w;
  }
  return nullptr;
}

// The caller's sampling decision stands; otherwise the rule's rate decides.
// A sampled request opens its gateway span with the route decision (what
// matched and why) as attributes.
void startTrace(WorkerState& w, const Runtime& rt, const router::Decision& d,
                const net::RequestHead& head, const router::Request& req, RequestInfo& info) {
  TraceContext& tc = info.trace;
  if (!tc.callerDecided) {
    tc.sampled = roll(w.rng(), rt.samplingPercent(d.matched ? d.rule : nullptr));
  }
  if (!tc.sampled) {
    return;
  }
  info.recording = std::make_shared<RequestTrace>(tc, info.start, w.service().traces());
  RequestTrace& t = *info.recording;
  constexpr size_t gw = RequestTrace::kGateway;
  t.attr(gw, "http.request.method", head.method);
  t.attr(gw, "url.path", stats::redactTarget(head.target));
  t.attr(gw, "server.address", req.host);
  t.attr(gw, "network.protocol.version", head.versionMajor == 2 ? "2" : head.versionMinor == 0 ? "1.0" : "1.1");
  t.attr(gw, "routedeck.request_id", info.requestId);
  t.attr(gw, "routedeck.config_version", static_cast<int64_t>(rt.version()));
  if (!d.matched || !d.route) {
    t.span(gw).name = head.method + " (no route)";
    if (!d.error.empty()) t.attr(gw, "routedeck.no_route_reason", d.error);
    return;
  }
  const std::string route = d.route->kind + "/" + d.route->ns + "/" + d.route->name;
  t.span(gw).name = head.method + " " + route + "#" + std::to_string(d.route->rule);
  t.attr(gw, "routedeck.route", route);
  t.attr(gw, "routedeck.rule", d.route->rule);
  t.attr(gw, "routedeck.match", d.match ? router::describeMatch(*d.match) : std::string("any request"));
}

// ": why, why" for the backends the router found unusable; empty if none.
std::string invalidReasons(const router::Decision& d) {
  std::string out;
  for (const auto& b : d.backends) {
    if (!b.valid && !b.invalidReason.empty()) {
      out += (out.empty() ? ": " : "; ") + b.invalidReason;
    }
  }
  return out;
}

std::string describe(const router::Request& req) {
  return "host \"" + req.host + "\" path \"" + req.path + "\"";
}

}  // namespace

asio::awaitable<void> handleRequest(ProxyService& service, net::ServerExchange& ex) {
  WorkerState& w = service.worker();
  RuntimeConstSharedPtr rt = w.runtime();
  RequestInfo info;
  info.start = std::chrono::steady_clock::now();
  RequestStatsScope stats(w, ex, info, rt->version());
  net::RequestHead& head = ex.request();
  info.grpc = isGrpcRequest(head);
  const ListenerEntry* le = rt->listener(ex.listener());
  if (!le || !le->configured) {
    co_await localReply(ex, info, 404, flags::kNoRoute,
                        "no listener of the current configuration is bound to this address\n");
    co_return;
  }
  router::Request req;
  std::string error;
  if (!toRouterRequest(head, le->port, req, &error)) {
    ex.closeAfterResponse();
    co_await localReply(ex, info, 400, nullptr, error + "\n");
    co_return;
  }
  if (ex.secure()) {
    req.scheme = "https";  // redirects keep it, upstreams see x-forwarded-proto: https
  }
  router::EntryPoint entry;
  entry.gateway = le->gateway;
  entry.port = le->port;
  entry.sni = ex.serverName();
  entry.trace = false;
  const router::Decision d = rt->table().route(req, entry);
  if (const std::string* id = head.headers.find("x-request-id"); id && !id->empty()) {
    info.requestId = *id;
  } else {
    info.requestId = newRequestId(w.rng());
  }
  info.trace = traceContextFor(head.headers, w.rng());
  startTrace(w, *rt, d, head, req, info);
  if (!d.error.empty()) {
    co_await localReply(ex, info, 404, flags::kNoRoute, d.error + "\n");
    co_return;
  }
  if (!d.matched && d.redirectLocation) {
    // A listener-level redirect before any rule: Istio tls.httpsRedirect,
    // Envoy require_tls.
    net::Headers h;
    h.add("location", *d.redirectLocation);
    co_await localReply(ex, info, d.status, nullptr, "", std::move(h));
    co_return;
  }
  if (!d.matched) {
    const bool misdirected = d.status == 421;
    std::string why = misdirected ? (d.notes.empty() ? "misdirected request" : d.notes.front())
                                  : "no route matches " + describe(req) + " on listener " +
                                        le->gateway + "/" + le->listener;
    const int status = d.status ? d.status : 404;
    const char* flag = misdirected ? flags::kMisdirected : flags::kNoRoute;
    co_await localReply(ex, info, status, flag, why + "\n");
    co_return;
  }
  const model::RouteRule* rule = d.rule;
  if (d.route) {
    info.routeKind = d.route->kind;
    info.routeNamespace = d.route->ns;
    info.routeName = d.route->name;
    info.rule = d.route->rule;
    stats.routed(d);
  }
  // Rule policies; for App Mesh the VirtualRouter route adds its own.
  const model::RouteRule* inner = d.innerRule && d.innerRule != rule ? d.innerRule : nullptr;
  auto policy = [&](auto member) {
    if (rule && rule->*member) return &*(rule->*member);
    if (inner && inner->*member) return &*(inner->*member);
    return static_cast<decltype(&*(rule->*member))>(nullptr);
  };
  if (TokenBucket* bucket = rule ? rt->rateLimiter(rule) : nullptr) {
    std::chrono::milliseconds wait{0};
    if (!bucket->take(&wait)) {
      if (info.recording) info.recording->event(RequestTrace::kGateway, "rate limited");
      net::Headers h;
      h.add("retry-after", std::to_string((wait.count() + 999) / 1000));
      co_await localReply(ex, info, 429, flags::kRateLimited,
                          "rate limit of this route exceeded; retry later\n", std::move(h),
                          d.responseHeaders);
      co_return;
    }
  }
  if (const model::FaultInjection* fault = policy(&model::RouteRule::fault)) {
    if (fault->delay && roll(w.rng(), fault->delay->percent)) {
      info.addFlag(flags::kFaultDelay);
      size_t span = 0;
      if (info.recording) {
        span = info.recording->begin("fault delay", trace::SpanKind::Internal, w.rng());
        info.recording->attr(span, "routedeck.fault.delay_ms", static_cast<int64_t>(fault->delay->delay.millis));
        info.recording->attr(span, "routedeck.fault.percent", fault->delay->percent.value_or(100.0));
      }
      asio::steady_timer t(w.context(), std::chrono::milliseconds(fault->delay->delay.millis));
      co_await t.async_wait(net::kTuple);
      if (info.recording) info.recording->end(span);
    }
    const bool grpcAbort = fault->abort && fault->abort->grpcStatus && isGrpcRequest(head);
    if (fault->abort && (fault->abort->httpStatus || grpcAbort) && roll(w.rng(), fault->abort->percent)) {
      if (info.recording) {
        const size_t span = info.recording->begin("fault abort", trace::SpanKind::Internal, w.rng());
        info.recording->attr(span, "routedeck.fault.abort_status", fault->abort->httpStatus.value_or(200));
        info.recording->attr(span, "routedeck.fault.percent", fault->abort->percent.value_or(100.0));
        info.recording->end(span, trace::SpanStatus::Error, "aborted by fault injection");
      }
      if (grpcAbort) {
        const int code = grpcCodeFromName(*fault->abort->grpcStatus).value_or(2);
        co_await grpcLocalReply(ex, info, fault->abort->httpStatus.value_or(503), code, flags::kFaultAbort,
                                "fault filter abort", {}, d.responseHeaders);
      } else {
        co_await localReply(ex, info, *fault->abort->httpStatus, flags::kFaultAbort,
                            "fault filter abort\n", {}, d.responseHeaders);
      }
      co_return;
    }
  }
  if (d.redirectLocation) {
    net::Headers h;
    h.add("location", *d.redirectLocation);
    co_await localReply(ex, info, d.status, nullptr, "", std::move(h), d.responseHeaders);
    co_return;
  }
  if (rule && rule->directResponse) {
    co_await localReply(ex, info, rule->directResponse->status, nullptr,
                        rule->directResponse->body.value_or(""), {}, d.responseHeaders);
    co_return;
  }
  if (d.status != 0) {
    // CORS preflight (200) or no usable backend (500).
    const bool preflight = d.status < 300;
    const char* flag = preflight ? nullptr : flags::kNoHealthyUpstream;
    std::string body = preflight ? "" : "no backend of the matched rule can take traffic" + invalidReasons(d) + "\n";
    co_await localReply(ex, info, d.status, flag, body, {}, d.responseHeaders);
    co_return;
  }
  const router::BackendChoice* backend = pickBackend(d, w.rng());
  if (!backend || !backend->valid) {
    std::string why = backend ? backend->invalidReason : "every backend has weight 0";
    const int status = d.dialect == model::Dialect::Istio ? 503 : 500;
    co_await localReply(ex, info, status, flags::kNoHealthyUpstream,
                        "backend not usable: " + why + "\n", {}, d.responseHeaders);
    co_return;
  }
  info.backend = backend->ns + "/" + backend->name;
  if (info.recording) {
    int total = 0;
    for (const auto& b : d.backends) total += std::max(0, b.weight);
    info.recording->attr(RequestTrace::kGateway, "routedeck.backend", info.backend);
    info.recording->attr(RequestTrace::kGateway, "routedeck.weight_pick",
                         info.backend + " weight " + std::to_string(backend->weight) + " of " +
                             std::to_string(total));
  }

  ForwardPlan plan;
  plan.runtime = rt.get();
  plan.request = &req;
  plan.requestId = info.requestId;
  plan.backend = backend;
  router::Decision perBackend;
  const router::Decision* decision = &d;
  if (backend->ref &&
      (backend->ref->redirect || backend->ref->rewrite || !backend->ref->requestHeaders.empty() ||
       !backend->ref->responseHeaders.empty()) &&
      d.liveCount() > 1) {
    // Gateway API per-backend filters act once the weighted pick is made.
    if (backend->ref->redirect) {
      net::Headers h;
      h.add("location", router::redirectLocation(*backend->ref->redirect, d.match, req, d.dialect));
      co_await localReply(ex, info, backend->ref->redirect->statusCode.value_or(302), nullptr, "",
                          std::move(h), d.responseHeaders);
      co_return;
    }
    if (backend->ref->rewrite) {
      perBackend = d;
      router::applyRewrite(*backend->ref->rewrite, d.match, req, perBackend);
      decision = &perBackend;
    }
    plan.backendFilters = backend->ref;
  }
  plan.decision = decision;
  if (rule) {
    plan.timeouts = rule->timeouts;
  }
  if (inner) {
    if (!plan.timeouts.request) plan.timeouts.request = inner->timeouts.request;
    if (!plan.timeouts.backendRequest)
      plan.timeouts.backendRequest = inner->timeouts.backendRequest;
  }
  plan.retry = policy(&model::RouteRule::retry);
  if (info.grpc) {
    applyGrpcTimeout(head, plan.timeouts);
  }
  for (const auto& m : d.mirrors) {
    if (!roll(w.rng(), static_cast<double>(m.weight))) {
      continue;
    }
    // The router resolved the mirror's endpoints when it compiled the rule.
    if (!m.endpoints.empty()) {
      if (const EndpointState* ep =
              rt->endpoint(m.endpoints[w.nextRoundRobin() % m.endpoints.size()])) {
        plan.mirrors.push_back(ep);
      }
    }
  }
  const bool websocket = net::isWebSocketUpgrade(head);
  if (websocket) {
    plan.mirrors.clear();  // an upgrade cannot be replayed
  }
  stats.forwarding(d, *backend, plan.mirrors.size());
  if (websocket) {
    co_await forwardUpgrade(w, ex, plan, info);
  } else {
    co_await forward(w, ex, plan, info);
  }
}

}  // namespace routedeck::core::proxy
