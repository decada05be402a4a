#include "proxycore/proxy/forward_upgrade.h"

#include <algorithm>
#include <optional>

#include "proxycore/net/deadline.h"
#include "proxycore/net/http1_writer.h"
#include "proxycore/proxy/endpoint_pick.h"
#include "proxycore/proxy/local_reply.h"
#include "proxycore/proxy/request_builder.h"

namespace routedeck::core::proxy {

namespace {

// The wait for the response head: the rule's request timeout or its
// backend request timeout, whichever is shorter; none when neither is set.
// Neither bounds the tunnel itself, only the idle timeout does.
std::optional<std::chrono::milliseconds> headTimeout(const model::Timeouts& t) {
  std::optional<std::chrono::milliseconds> out;
  for (const auto& d : {t.request, t.backendRequest}) {
    if (d && d->millis > 0) {
      const std::chrono::milliseconds ms(d->millis);
      out = out ? std::min(*out, ms) : ms;
    }
  }
  return out;
}

// The upgrade request as the backend gets it: the usual upstream head, with
// the Upgrade field and "connection: upgrade" the hop-by-hop rule dropped.
std::string upstreamWire(WorkerState& w, net::ServerExchange& ex, const ForwardPlan& plan,
                         RequestInfo& info) {
  const net::RequestHead& client = ex.request();
  net::RequestHead up;
  std::string target;
  buildUpstreamHead(client, *plan.request, *plan.decision, plan.backendFilters,
                    {ex.remoteAddress(), plan.requestId, w.service().options().addVia, &info.trace}, up,
                    target);
  up.headers.set("upgrade", client.headers.joined("upgrade").value_or("websocket"));
  up.upgrade = true;
  std::string wire;
  net::writeRequestHead(wire, up, target);
  return wire;
}

// The backend's 101 as the client gets it.
net::ResponseHead switchingHead(net::ResponseHead& rh, const ForwardPlan& plan, bool addVia) {
  net::ResponseHead out;
  out.status = 101;
  out.reason = rh.reason;
  out.headers = rh.headers;
  const std::string upgrade = rh.headers.joined("upgrade").value_or("websocket");
  net::removeHopByHop(out.headers);
  out.headers.set("upgrade", upgrade);
  applyHeaderModifier(out.headers, *plan.decision->responseHeaders);
  if (plan.backendFilters) {
    applyHeaderModifier(out.headers, plan.backendFilters->responseHeaders);
  }
  if (addVia) {
    out.headers.append("via", "1.1 routedeck");
  }
  out.framing = net::BodyFraming::None;
  return out;
}

}  // namespace

asio::awaitable<void> forwardUpgrade(WorkerState& w, net::ServerExchange& ex, const ForwardPlan& plan,
                                     RequestInfo& info) {
  const ProxyOptions& opt = w.service().options();
  const router::Decision& d = *plan.decision;
  const Runtime& rt = *plan.runtime;
  info.attempts = 1;
  const int64_t now = EndpointState::nowMs();
  EndpointState* ep = pickEndpoint(w, rt, *plan.backend, nullptr, now);
  if (!ep) {
    co_await localReply(ex, info, 503, flags::kNoHealthyUpstream,
                        "no healthy upstream: no endpoints are configured for " + plan.backend->ns + "/" +
                            plan.backend->name + "\n",
                        {}, d.responseHeaders);
    co_return;
  }
  info.endpoint = ep->address();
  info.upstreamStart = std::chrono::steady_clock::now();
  RequestTrace* tr = info.recording.get();
  size_t span = 0;
  std::string wire = upstreamWire(w, ex, plan, info);
  if (tr) {
    span = tr->begin("upgrade " + plan.backend->ns + "/" + plan.backend->name, trace::SpanKind::Client,
                     w.rng());
    tr->attr(span, "server.address", ep->address());
    tr->attr(span, "routedeck.upgrade", "websocket");
    patchUpstreamSpanId(wire, tr->spanId(span));
  }
  auto endSpan = [&](trace::SpanStatus st, std::string why) {
    if (tr) tr->end(span, st, std::move(why));
  };
  auto acq = co_await w.pool().acquire(ep->endpoint(), opt.connectTimeout, /*fresh=*/true);
  if (!acq.conn) {
    ++info.connectFailures;
    ep->recordFailure(rt.outlier(), now);
    endSpan(trace::SpanStatus::Error, "connect failure: " + ep->address());
    co_await localReply(ex, info, 503, flags::kUpstreamConnectFailure,
                        "upstream connect error: " + info.endpoint + " refused or did not answer\n", {},
                        d.responseHeaders);
    co_return;
  }
  auto conn = std::move(acq.conn);
  net::Deadline deadline(w.context().get_executor());
  if (auto limit = headTimeout(plan.timeouts)) {
    deadline.arm(*limit, [c = conn.get()] { c->close(); });
  }
  const bool ok = co_await conn->write(wire);
  net::Http1Parser::Step st;
  while (ok) {
    st = co_await conn->next();
    const int status = conn->parser().response().status;
    if (st.event == net::Http1Parser::Event::Head && status < 200 && status != 101) {
      co_await conn->next();  // an interim response's Done; the final one follows
      continue;
    }
    break;
  }
  deadline.disarm();
  if (!ok || st.event != net::Http1Parser::Event::Head) {
    ep->recordFailure(rt.outlier(), now);
    const bool timedOut = deadline.expired();
    endSpan(trace::SpanStatus::Error, timedOut ? "timed out" : "closed before responding");
    if (timedOut) {
      co_await localReply(ex, info, 504, flags::kUpstreamTimeout, "upstream request timeout\n", {},
                          d.responseHeaders);
    } else {
      co_await localReply(ex, info, 503, flags::kUpstreamReset,
                          "upstream reset: " + info.endpoint + " closed the connection before responding\n",
                          {}, d.responseHeaders);
    }
    co_return;
  }
  const int status = conn->parser().response().status;
  if (tr) tr->attr(span, "http.response.status_code", status);
  if (status >= 500) {
    ep->recordFailure(rt.outlier(), now);
  } else {
    ep->recordSuccess();
  }
  if (status != 101) {
    // The backend declined to switch: an ordinary response, and the client
    // connection goes on with HTTP.
    co_await relayResponse(w, ex, std::move(conn), plan, info);
    endSpan(status >= 500 ? trace::SpanStatus::Error : trace::SpanStatus::Unset, {});
    co_return;
  }
  net::ResponseHead head = switchingHead(conn->parser().response(), plan, opt.addVia);
  info.status = 101;
  info.upstreamTime = std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::steady_clock::now() - info.upstreamStart);
  ex.startResponse(head);
  const std::string_view early = conn->takeBuffered();
  const net::ServerExchange::TunnelResult r = co_await ex.tunnel(conn->socket(), early);
  conn->close();
  if (r.upstreamError) {
    info.addFlag(flags::kUpstreamReset);
  }
  if (tr) {
    tr->attr(span, "routedeck.tunnel.bytes_to_upstream", static_cast<int64_t>(r.toUpstream));
    tr->attr(span, "routedeck.tunnel.bytes_to_client", static_cast<int64_t>(r.toClient));
    if (r.idleTimeout) tr->event(span, "idle timeout");
  }
  endSpan(r.upstreamError ? trace::SpanStatus::Error : trace::SpanStatus::Unset,
          r.upstreamError ? "upstream reset during the tunnel" : "");
}

}  // namespace routedeck::core::proxy
