#include "proxycore/proxy/forward.h"

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/steady_timer.hpp>

#include "proxycore/net/asio_tuple.h"
#include "proxycore/net/deadline.h"
#include "proxycore/net/http1_writer.h"
#include "proxycore/proxy/endpoint_pick.h"
#include "proxycore/proxy/forward_h2.h"
#include "proxycore/proxy/grpc.h"
#include "proxycore/proxy/local_reply.h"
#include "proxycore/proxy/request_builder.h"
#include "proxycore/proxy/retry.h"

namespace routedeck::core::proxy {

namespace {

constexpr size_t kAlwaysBuffer = 64 * 1024;
constexpr size_t kFlushThreshold = 64 * 1024;
constexpr auto kMirrorTimeout = std::chrono::seconds(30);

// The mirror's span (when the request is traced) ends with its own answer,
// which may come after the client's response.
struct MirrorSpan {
  std::shared_ptr<RequestTrace> trace;
  size_t span = 0;
  void end(trace::SpanStatus st, std::string message = {}) {
    if (trace) trace->end(span, st, std::move(message));
  }
};

asio::awaitable<void> sendMirror(WorkerState& w, asio::ip::tcp::endpoint ep, std::string bytes,
                                 bool headRequest, std::chrono::milliseconds connectTimeout,
                                 MirrorSpan ms) {
  auto acq = co_await w.pool().acquire(ep, connectTimeout);
  if (!acq.conn) {
    ms.end(trace::SpanStatus::Error, "connect failure");
    co_return;
  }
  auto conn = std::move(acq.conn);
  net::Deadline deadline(w.context().get_executor());
  deadline.arm(kMirrorTimeout, [c = conn.get()] { c->close(); });
  if (!co_await conn->write(bytes)) {
    ms.end(trace::SpanStatus::Error, "write failed");
    co_return;
  }
  conn->parser().setRequestWasHead(headRequest);
  for (;;) {  // the response is read only to keep the connection reusable
    auto st = co_await conn->next();
    if (st.event == net::Http1Parser::Event::Head && ms.trace) {
      ms.trace->attr(ms.span, "http.response.status_code", conn->parser().response().status);
    }
    if (st.event == net::Http1Parser::Event::Done) {
      deadline.disarm();
      ms.end(conn->parser().response().status >= 500 ? trace::SpanStatus::Error : trace::SpanStatus::Unset);
      w.pool().release(std::move(conn));
      co_return;
    }
    if (st.event == net::Http1Parser::Event::Error) {
      ms.end(trace::SpanStatus::Error, "no complete response");
      co_return;
    }
  }
}

}  // namespace

void noteResponseHead(RequestTrace* tr, size_t attemptSpan, EndpointState& ep, const Runtime& rt, int status,
                      int64_t now) {
  if (tr) {
    tr->event(attemptSpan, "response head");
    tr->attr(attemptSpan, "http.response.status_code", status);
  }
  if (status >= 500) {
    ep.recordFailure(rt.outlier(), now);
  } else {
    ep.recordSuccess();
  }
}

void finishUpstreamHead(WorkerState& w, const ForwardPlan& plan, RequestInfo& info, net::ResponseHead& out,
                        std::string_view via) {
  applyHeaderModifier(out.headers, *plan.decision->responseHeaders);
  if (plan.backendFilters) {
    applyHeaderModifier(out.headers, plan.backendFilters->responseHeaders);
  }
  if (w.service().options().addVia) {
    out.headers.append("via", via);
  }
  info.status = out.status;
  info.upstreamTime = std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::steady_clock::now() - info.upstreamStart);
}

asio::awaitable<void> relayResponse(WorkerState& w, net::ServerExchange& ex,
                                    std::unique_ptr<net::UpstreamConnection> conn,
                                    const ForwardPlan& plan, RequestInfo& info) {
  net::ResponseHead& rh = conn->parser().response();
  net::ResponseHead out;
  out.status = rh.status;
  out.reason = std::move(rh.reason);
  // Borrowed and handed back once the head is written, so the parser keeps
  // its vector's capacity for the next response on this connection (its
  // keep-alive flag stays the upstream's own, which pooling reads).
  out.headers.all().swap(rh.headers.all());
  out.framing = rh.framing;
  out.contentLength = rh.contentLength;
  net::removeHopByHop(out.headers);
  finishUpstreamHead(w, plan, info, out, "1.1 routedeck");
  ex.startResponse(out);
  out.headers.all().swap(rh.headers.all());
  for (;;) {
    if (!conn->hasBuffered() && ex.pendingOutput() > 0 && !co_await ex.flush()) {
      info.addFlag(flags::kDownstreamDisconnect);
      conn->close();
      co_return;
    }
    auto st = co_await conn->next();
    if (st.event == net::Http1Parser::Event::Body) {
      ex.writeBody(st.body);
      if (ex.pendingOutput() >= kFlushThreshold && !co_await ex.flush()) {
        info.addFlag(flags::kDownstreamDisconnect);
        conn->close();
        co_return;
      }
    } else if (st.event == net::Http1Parser::Event::Done) {
      co_await ex.finish();
      w.pool().release(std::move(conn));
      co_return;
    } else {
      // The backend broke off mid-response: the client must see a broken
      // message, not a truncated one that looks complete.
      info.addFlag(flags::kUpstreamReset);
      ex.abortConnection();
      co_return;
    }
  }
}

asio::awaitable<void> forward(WorkerState& w, net::ServerExchange& ex, const ForwardPlan& plan,
                              RequestInfo& info) {
  if (plan.backend->protocol == router::BackendProtocol::H2c) {
    co_await forwardH2(w, ex, plan, info);
    co_return;
  }
  const ProxyOptions& opt = w.service().options();
  const router::Decision& d = *plan.decision;
  net::RequestHead& client = ex.request();
  RetryDecider retry(plan.retry);
  const int maxAttempts = retry.maxAttempts();
  const bool wantReplay = maxAttempts > 1 || !plan.mirrors.empty();

  std::string body;
  bool buffered = true;
  if (client.framing != net::BodyFraming::None) {
    const bool small = client.framing == net::BodyFraming::ContentLength &&
                       client.contentLength <= kAlwaysBuffer;
    const bool fits = client.framing == net::BodyFraming::Chunked ||
                      client.contentLength <= opt.maxBufferedBody;
    buffered = small || (wantReplay && fits);
    // A chunked body's framing is only known to be valid once it was read:
    // read up to kAlwaysBuffer before connecting, so that a malformed small
    // body is answered with 400 and the backend receives nothing. A longer
    // one streams on, its start sent as the first chunk.
    const bool chunkedPrefix = !buffered && client.framing == net::BodyFraming::Chunked;
    if (buffered || chunkedPrefix) {
      while (!ex.bodyComplete() && (buffered || body.size() <= kAlwaysBuffer)) {
        auto span = co_await ex.readBody();
        if (!span.ok) {
          info.addFlag(flags::kDownstreamDisconnect);
          ex.closeAfterResponse();
          co_await localReply(ex, info, 400, nullptr, "the request body was cut short or malformed\n");
          co_return;
        }
        body.append(span.data);
        if (buffered && body.size() > opt.maxBufferedBody) {
          ex.closeAfterResponse();
          co_await localReply(ex, info, 413, nullptr,
                              "request body larger than " + std::to_string(opt.maxBufferedBody) +
                                  " bytes on a route that retries or mirrors\n");
          co_return;
        }
      }
      buffered = buffered || ex.bodyComplete();
    }
  }
  // Built after the body is read and written out at once, with no co_await
  // in between: the head is per-thread scratch whose buffers are reused, so
  // copying the client's fields allocates nothing in the steady state.
  thread_local net::RequestHead t_up;
  thread_local std::string t_target;
  net::RequestHead& up = t_up;
  buildUpstreamHead(client, *plan.request, d, plan.backendFilters,
                    {ex.remoteAddress(), plan.requestId, opt.addVia, &info.trace}, up, t_target);
  if (client.framing != net::BodyFraming::None) {
    if (buffered) {
      up.framing = net::BodyFraming::ContentLength;
      up.contentLength = body.size();
    } else {
      up.framing = client.framing;
      up.contentLength = client.contentLength;
    }
  }
  const bool chunkedUpstream = up.framing == net::BodyFraming::Chunked;
  std::string wire;
  net::writeRequestHead(wire, up, t_target);
  std::string headOnly;
  if (buffered) {
    wire += body;
  } else {
    headOnly = wire;
    if (!body.empty()) {
      net::writeChunk(headOnly, body);  // the chunked prefix read above
    }
  }
  const bool headRequest = client.method == "HEAD";
  const bool idempotent = client.method == "GET" || headRequest || client.method == "OPTIONS" ||
                          client.method == "PUT" || client.method == "DELETE" ||
                          client.method == "TRACE";
  RequestTrace* tr = info.recording.get();
  for (const auto* m : plan.mirrors) {
    if (buffered) {
      MirrorSpan ms;
      std::string copy = wire;
      if (tr) {
        ms.trace = info.recording;
        ms.span = tr->begin("mirror " + m->address(), trace::SpanKind::Client, w.rng());
        tr->attr(ms.span, "server.address", m->address());
        patchUpstreamSpanId(copy, tr->spanId(ms.span));
      }
      asio::co_spawn(w.context(),
                     sendMirror(w, m->endpoint(), std::move(copy), headRequest, opt.connectTimeout,
                                std::move(ms)),
                     asio::detached);
    }
  }

  auto executor = w.context().get_executor();
  net::UpstreamConnection* current = nullptr;
  bool requestTimedOut = false;
  std::optional<net::Deadline> requestDeadline;  // timers only where a timeout is set
  if (plan.timeouts.request && plan.timeouts.request->millis > 0) {
    requestDeadline.emplace(executor);
    requestDeadline->arm(std::chrono::milliseconds(plan.timeouts.request->millis), [&] {
      requestTimedOut = true;
      if (current) {
        current->close();
      }
    });
  }
  std::optional<model::Duration> perTry = plan.timeouts.backendRequest;
  if (plan.retry && plan.retry->perTryTimeout) {
    perTry = plan.retry->perTryTimeout;
  }

  const Runtime& rt = *plan.runtime;
  const EndpointState* last = nullptr;
  AttemptFailure failure = AttemptFailure::None;
  bool staleRetried = false;
  size_t attemptSpan = 0;  // of the attempt in flight, when traced
  auto endAttempt = [&](trace::SpanStatus st, std::string why) {
    if (tr && attemptSpan) {
      tr->end(attemptSpan, st, std::move(why));
      attemptSpan = 0;
    }
  };
  std::string retryReason;
  for (int attempt = 1; attempt <= maxAttempts; ++attempt) {
    info.attempts = attempt;
    if (attempt > 1) {
      const auto wait = retry.backoff(attempt - 1, w.rng());
      size_t backoffSpan = 0;
      if (tr) {
        backoffSpan = tr->begin("retry backoff", trace::SpanKind::Internal, w.rng());
        tr->attr(backoffSpan, "routedeck.retry.reason", retryReason);
        tr->attr(backoffSpan, "routedeck.retry.backoff_ms",
                 static_cast<int64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(wait).count()));
      }
      asio::steady_timer pause(executor, wait);
      co_await pause.async_wait(net::kTuple);
      if (tr) tr->end(backoffSpan);
      if (requestTimedOut) {
        break;
      }
    }
    const int64_t now = EndpointState::nowMs();
    EndpointState* ep = pickEndpoint(w, rt, *plan.backend, last, now);
    if (!ep) {
      if (attempt == 1 || failure == AttemptFailure::None) {
        std::string why = plan.backend->endpoints.empty()
                              ? "no endpoints are configured for " + plan.backend->ns + "/" +
                                    plan.backend->name + " (add them to the workspace's services)"
                              : "every endpoint of " + plan.backend->ns + "/" + plan.backend->name +
                                    " is ejected or failing health checks";
        co_await localReply(ex, info, 503, flags::kNoHealthyUpstream, "no healthy upstream: " + why + "\n",
                            {}, d.responseHeaders);
        co_return;
      }
      break;
    }
    last = ep;
    info.endpoint = ep->address();
    info.upstreamStart = std::chrono::steady_clock::now();
    if (tr && !attemptSpan) {  // a stale pooled connection's resend stays in its attempt
      attemptSpan = tr->begin("attempt " + std::to_string(attempt) + " " + plan.backend->ns + "/" +
                                  plan.backend->name,
                              trace::SpanKind::Client, w.rng());
      tr->attr(attemptSpan, "routedeck.attempt", attempt);
      tr->attr(attemptSpan, "server.address", ep->address());
      patchUpstreamSpanId(wire, tr->spanId(attemptSpan));
      if (!headOnly.empty()) patchUpstreamSpanId(headOnly, tr->spanId(attemptSpan));
    }
    auto acq = co_await w.pool().acquire(ep->endpoint(), opt.connectTimeout, staleRetried);
    if (tr && acq.conn) {
      tr->event(attemptSpan, acq.conn->reused() ? "reused connection" : "connected");
    }
    if (!acq.conn) {
      ++info.connectFailures;
      failure = AttemptFailure::ConnectFailure;
      retryReason = "connect failure";
      endAttempt(trace::SpanStatus::Error, "connect failure: " + ep->address());
      ep->recordFailure(rt.outlier(), now);
      if (buffered && retry.retryFailure(failure)) {
        continue;
      }
      break;
    }
    auto conn = std::move(acq.conn);
    current = conn.get();
    std::optional<net::Deadline> tryDeadline;
    if (perTry && perTry->millis > 0) {
      tryDeadline.emplace(executor);
      tryDeadline->arm(std::chrono::milliseconds(perTry->millis), [c = conn.get()] { c->close(); });
    }
    // (No conditional temporaries inside co_await: GCC 12 destroys them twice.)
    const std::string& firstWrite = buffered ? wire : headOnly;
    bool ok = co_await conn->write(firstWrite);
    while (ok && !buffered && !ex.bodyComplete()) {
      auto span = co_await ex.readBody();
      if (!span.ok) {
        info.addFlag(flags::kDownstreamDisconnect);
        conn->close();
        ex.closeAfterResponse();
        // Not the handler's fault: without this the server answers 500.
        co_await localReply(ex, info, 400, nullptr, "the request body was cut short or malformed\n");
        co_return;
      }
      std::string chunk;
      if (chunkedUpstream) {
        span.data.empty() ? net::writeLastChunk(chunk) : net::writeChunk(chunk, span.data);
      } else {
        chunk.assign(span.data);
      }
      ok = chunk.empty() || co_await conn->write(chunk);
    }
    conn->parser().setRequestWasHead(headRequest);
    net::Http1Parser::Step st;
    if (ok) {
      for (;;) {
        st = co_await conn->next();
        if (st.event == net::Http1Parser::Event::Head && conn->parser().response().status < 200 &&
            conn->parser().response().status != 101) {
          st = co_await conn->next();  // the interim response's Done; wait for the final one
          continue;
        }
        break;
      }
    }
    if (!ok || st.event != net::Http1Parser::Event::Head) {
      current = nullptr;
      const bool timedOut = (tryDeadline && tryDeadline->expired()) || requestTimedOut;
      if (!timedOut && conn->reused() && !conn->responseStarted() && conn->closedCleanly() &&
          !staleRetried && buffered && idempotent) {
        // An idle pooled connection the backend had already closed (FIN, no
        // response byte): not the backend's fault and not a retry. Only
        // idempotent requests are re-sent unasked (RFC 9112 9.3.1).
        staleRetried = true;
        --attempt;
        if (tr) tr->event(attemptSpan, "stale pooled connection, resent");
        continue;
      }
      failure = timedOut ? AttemptFailure::Timeout : AttemptFailure::Reset;
      retryReason = timedOut ? "timeout" : "reset";
      endAttempt(trace::SpanStatus::Error,
                 timedOut ? "timed out" : "closed before responding");
      ep->recordFailure(rt.outlier(), now);
      if (requestTimedOut) {
        break;
      }
      if (buffered && retry.retryFailure(failure) && attempt < maxAttempts) {
        continue;
      }
      break;
    }
    staleRetried = false;
    const int status = conn->parser().response().status;
    noteResponseHead(tr, attemptSpan, *ep, rt, status, now);
    // Retry only when some endpoint can take the next try: this answer may
    // just have ejected the last one, and closing it would leave the client
    // a made-up error instead of the backend's own answer.
    const std::optional<int> grpcStatus =
        info.grpc ? grpcStatusOf(conn->parser().response().headers) : std::nullopt;
    if (grpcStatus) {
      info.grpcStatus = *grpcStatus;
    }
    std::string reason = retry.retryReason(status, grpcStatus);
    if (attempt < maxAttempts && buffered && !reason.empty() &&
        pickEndpoint(w, rt, *plan.backend, nullptr, EndpointState::nowMs())) {
      conn->close();
      current = nullptr;
      failure = AttemptFailure::None;
      retryReason = std::move(reason);
      endAttempt(trace::SpanStatus::Error, "retried on " + retryReason);
      continue;
    }
    co_await relayResponse(w, ex, std::move(conn), plan, info);
    current = nullptr;
    const bool broken = info.flags.find(flags::kUpstreamReset) != std::string::npos ||
                        info.flags.find(flags::kDownstreamDisconnect) != std::string::npos;
    endAttempt(broken || status >= 500 ? trace::SpanStatus::Error : trace::SpanStatus::Unset,
               broken ? info.flags : std::string());
    co_return;
  }
  current = nullptr;
  const bool exhausted = info.attempts > 1;
  if (exhausted) {
    info.addFlag(flags::kRetryLimitExceeded);
  }
  if (requestTimedOut || failure == AttemptFailure::Timeout) {
    co_await localReply(ex, info, 504, flags::kUpstreamTimeout, "upstream request timeout\n", {},
                        d.responseHeaders);
  } else if (failure == AttemptFailure::ConnectFailure) {
    co_await localReply(ex, info, 503, flags::kUpstreamConnectFailure,
                        "upstream connect error: " + info.endpoint + " refused or did not answer\n",
                        {}, d.responseHeaders);
  } else {
    co_await localReply(ex, info, 503, flags::kUpstreamReset,
                        "upstream reset: " + info.endpoint + " closed the connection before responding\n",
                        {}, d.responseHeaders);
  }
}

}  // namespace routedeck::core::proxy
