#include "proxycore/proxy/forward_h2.h"

#include <asio/steady_timer.hpp>

#include "proxycore/net/asio_tuple.h"
#include "proxycore/net/deadline.h"
#include "proxycore/proxy/endpoint_pick.h"
#include "proxycore/proxy/grpc.h"
#include "proxycore/proxy/local_reply.h"
#include "proxycore/proxy/request_builder.h"
#include "proxycore/proxy/retry.h"

namespace routedeck::core::proxy {

namespace {

constexpr size_t kAlwaysBuffer = 64 * 1024;
constexpr size_t kFlushThreshold = 64 * 1024;

void lowerInPlace(std::string& s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
}

// Fields HTTP/2 forbids or that only describe the HTTP/1.1 hop.
bool connectionSpecific(std::string_view n) {
  return n == "connection" || n == "keep-alive" || n == "proxy-connection" ||
         n == "transfer-encoding" || n == "upgrade" || n == "te" || n == "host" || n == "expect" ||
         n == "http2-settings";
}

// Response fields the HTTP/1.1 hop of the client must not see verbatim.
void cleanResponseHead(net::Headers& h) {
  std::erase_if(h.all(), [](const net::Header& f) {
    return connectionSpecific(f.name) && f.name != "te" && f.name != "host" && f.name != "expect";
  });
}

}  // namespace

std::string toH2Head(const net::RequestHead& client, net::RequestHead& up) {
  std::string authority;
  if (const std::string* host = up.headers.find("host")) authority = *host;
  const std::string* te = client.headers.find("te");
  const bool trailers = te && net::hasToken(*te, "trailers");
  net::Headers out;
  out.all().reserve(up.headers.size() + 2);
  for (auto& f : up.headers.all()) {
    lowerInPlace(f.name);
    if (connectionSpecific(f.name)) continue;
    if (f.name == "cookie") {
      // RFC 9113 8.2.3: one field per crumb compresses better in HPACK.
      std::string_view v = f.value;
      while (!v.empty()) {
        const size_t semi = v.find(';');
        std::string_view crumb = v.substr(0, semi);
        while (!crumb.empty() && crumb.front() == ' ') crumb.remove_prefix(1);
        if (!crumb.empty()) out.add("cookie", std::string(crumb));
        v = semi == std::string_view::npos ? std::string_view() : v.substr(semi + 1);
      }
      continue;
    }
    out.add(std::move(f.name), std::move(f.value));
  }
  if (trailers) out.add("te", "trailers");  // gRPC servers refuse calls without it
  up.headers = std::move(out);
  return authority;
}

namespace {

struct Attempt {
  std::unique_ptr<net::H2UpstreamStream> stream;
  bool refused = false;  // never processed: resend without counting a try
  bool timedOut = false;
};

// Relays the response whose head `stream` has delivered; trailers end it.
asio::awaitable<void> relayH2Response(WorkerState& w, net::ServerExchange& ex,
                                      net::H2UpstreamStream& stream, const ForwardPlan& plan,
                                      RequestInfo& info) {
  net::ResponseHead& rh = stream.response();
  net::ResponseHead out;
  out.status = rh.status;
  out.headers = rh.headers;
  out.framing = rh.framing;
  out.contentLength = rh.contentLength;
  cleanResponseHead(out.headers);
  finishUpstreamHead(w, plan, info, out, "2 routedeck");
  ex.startResponse(out);
  for (;;) {
    if (!stream.hasBuffered() && ex.pendingOutput() > 0 && !co_await ex.flush()) {
      info.addFlag(flags::kDownstreamDisconnect);
      co_return;  // the stream is reset when its owner drops it
    }
    auto st = co_await stream.next();
    if (st.event == net::H2UpstreamStream::Event::Body) {
      ex.writeBody(st.body);
      if (ex.pendingOutput() >= kFlushThreshold && !co_await ex.flush()) {
        info.addFlag(flags::kDownstreamDisconnect);
        co_return;
      }
    } else if (st.event == net::H2UpstreamStream::Event::Done) {
      if (info.grpc) {
        const std::optional<int> code = grpcStatusOf(stream.trailers());
        if (code) info.grpcStatus = *code;
      }
      if (stream.trailers().size() > 0) {
        co_await ex.finish(stream.trailers());
      } else {
        co_await ex.finish();
      }
      co_return;
    } else {
      info.addFlag(flags::kUpstreamReset);
      ex.abortConnection();
      co_return;
    }
  }
}

}  // namespace

asio::awaitable<void> forwardH2(WorkerState& w, net::ServerExchange& ex, const ForwardPlan& plan,
                                RequestInfo& info) {
  const ProxyOptions& opt = w.service().options();
  const router::Decision& d = *plan.decision;
  net::RequestHead& client = ex.request();
  RetryDecider retry(plan.retry);
  const int maxAttempts = retry.maxAttempts();

  // HTTP/2 frames the body itself, so a body only has to be held back when a
  // retry may resend it (or it is small enough to send with the head).
  std::string body;
  bool buffered = true;
  if (client.framing != net::BodyFraming::None) {
    const bool small = client.framing == net::BodyFraming::ContentLength &&
                       client.contentLength <= kAlwaysBuffer;
    const bool fits = client.framing == net::BodyFraming::Chunked ||
                      client.contentLength <= opt.maxBufferedBody;
    buffered = small || (maxAttempts > 1 && fits);
    while (buffered && !ex.bodyComplete()) {
      auto span = co_await ex.readBody();
      if (!span.ok) {
        info.addFlag(flags::kDownstreamDisconnect);
        ex.closeAfterResponse();
        co_await localReply(ex, info, 400, nullptr, "the request body was cut short or malformed\n");
        co_return;
      }
      body.append(span.data);
      if (body.size() > opt.maxBufferedBody) {
        ex.closeAfterResponse();
        co_await localReply(ex, info, 413, nullptr,
                            "request body larger than " + std::to_string(opt.maxBufferedBody) +
                                " bytes on a route that retries\n");
        co_return;
      }
    }
  }
  net::RequestHead up;
  std::string target;
  buildUpstreamHead(client, *plan.request, d, plan.backendFilters,
                    {ex.remoteAddress(), plan.requestId, opt.addVia, &info.trace}, up, target);
  const std::string authority = toH2Head(client, up);
  up.headers.remove("content-length");
  if (buffered && client.framing != net::BodyFraming::None) {
    up.headers.add("content-length", std::to_string(body.size()));
  } else if (client.framing == net::BodyFraming::ContentLength) {
    up.headers.add("content-length", std::to_string(client.contentLength));
  }
  const bool hasBody = client.framing != net::BodyFraming::None;

  auto executor = w.context().get_executor();
  net::H2UpstreamStream* current = nullptr;
  bool requestTimedOut = false;
  std::optional<net::Deadline> requestDeadline;
  if (plan.timeouts.request && plan.timeouts.request->millis > 0) {
    requestDeadline.emplace(executor);
    requestDeadline->arm(std::chrono::milliseconds(plan.timeouts.request->millis), [&] {
      requestTimedOut = true;
      if (current) current->cancel();
    });
  }
  std::optional<model::Duration> perTry = plan.timeouts.backendRequest;
  if (plan.retry && plan.retry->perTryTimeout) perTry = plan.retry->perTryTimeout;

  const Runtime& rt = *plan.runtime;
  const EndpointState* last = nullptr;
  AttemptFailure failure = AttemptFailure::None;
  bool refusedRetried = false;
  RequestTrace* tr = info.recording.get();
  size_t attemptSpan = 0;
  auto endAttempt = [&](trace::SpanStatus st, std::string why) {
    if (tr && attemptSpan) {
      tr->end(attemptSpan, st, std::move(why));
      attemptSpan = 0;
    }
  };
  std::string retryReason;
  bool notHttp2 = false;  // the last attempt's backend did not speak HTTP/2
  for (int attempt = 1; attempt <= maxAttempts; ++attempt) {
    info.attempts = attempt;
    if (attempt > 1 && !refusedRetried) {
      asio::steady_timer pause(executor, retry.backoff(attempt - 1, w.rng()));
      co_await pause.async_wait(net::kTuple);
      if (requestTimedOut) break;
    }
    const int64_t now = EndpointState::nowMs();
    EndpointState* ep = pickEndpoint(w, rt, *plan.backend, last, now);
    if (!ep) {
      if (attempt == 1 || failure == AttemptFailure::None) {
        co_await localReply(ex, info, 503, flags::kNoHealthyUpstream,
                            "no healthy upstream: no endpoints are configured for " +
                                plan.backend->ns + "/" + plan.backend->name + "\n",
                            {}, d.responseHeaders);
        co_return;
      }
      break;
    }
    last = ep;
    info.endpoint = ep->address();
    info.upstreamStart = std::chrono::steady_clock::now();
    if (tr && !attemptSpan) {
      attemptSpan = tr->begin("attempt " + std::to_string(attempt) + " " + plan.backend->ns + "/" +
                                  plan.backend->name + " (h2c)",
                              trace::SpanKind::Client, w.rng());
      tr->attr(attemptSpan, "routedeck.attempt", attempt);
      tr->attr(attemptSpan, "server.address", ep->address());
      tr->attr(attemptSpan, "network.protocol.name", "h2c");
      // The attempt is the parent of what its backend records.
      TraceContext tc = info.trace;
      tc.spanId = tr->spanId(attemptSpan);
      applyTraceHeaders(up.headers, tc);
    }
    auto acq = co_await w.h2pool().acquire(ep->endpoint(), opt.connectTimeout);
    std::unique_ptr<net::H2UpstreamStream> stream;
    if (acq.conn) {
      stream = acq.conn->open(up, "http", authority, target, hasBody);
    }
    if (!stream) {
      ++info.connectFailures;
      failure = AttemptFailure::ConnectFailure;
      retryReason = "connect failure";
      endAttempt(trace::SpanStatus::Error, "connect failure: " + ep->address());
      ep->recordFailure(rt.outlier(), now);
      if ((buffered || !hasBody) && retry.retryFailure(failure)) continue;
      break;
    }
    if (tr) tr->event(attemptSpan, acq.reused ? "reused connection" : "connected");
    current = stream.get();
    std::optional<net::Deadline> tryDeadline;
    if (perTry && perTry->millis > 0) {
      tryDeadline.emplace(executor);
      tryDeadline->arm(std::chrono::milliseconds(perTry->millis), [s = stream.get()] { s->cancel(); });
    }
    bool ok = true;
    if (hasBody && buffered) {
      ok = co_await stream->sendBody(body, true, &ex.requestTrailers());
    }
    while (ok && hasBody && !buffered) {
      auto span = co_await ex.readBody();
      if (!span.ok) {
        info.addFlag(flags::kDownstreamDisconnect);
        ex.closeAfterResponse();
        co_await localReply(ex, info, 400, nullptr, "the request body was cut short or malformed\n");
        co_return;
      }
      const bool lastSpan = ex.bodyComplete();
      ok = co_await stream->sendBody(span.data, lastSpan, lastSpan ? &ex.requestTrailers() : nullptr);
      if (lastSpan) break;
    }
    net::H2UpstreamStream::Step st;
    if (ok) st = co_await stream->next();
    if (!ok || st.event != net::H2UpstreamStream::Event::Head) {
      current = nullptr;
      const bool timedOut = (tryDeadline && tryDeadline->expired()) || requestTimedOut;
      if (!timedOut && stream->refused() && !refusedRetried && (buffered || !hasBody)) {
        // GOAWAY or REFUSED_STREAM: the backend never saw it (RFC 9113 8.7).
        refusedRetried = true;
        --attempt;
        if (tr) tr->event(attemptSpan, "refused stream, resent");
        continue;
      }
      failure = timedOut ? AttemptFailure::Timeout : AttemptFailure::Reset;
      retryReason = timedOut ? "timeout" : "reset";
      notHttp2 = !timedOut && stream->peerNotHttp2();
      endAttempt(trace::SpanStatus::Error, timedOut ? "timed out" : "stream reset before responding");
      ep->recordFailure(rt.outlier(), now);
      if (requestTimedOut) break;
      if ((buffered || !hasBody) && retry.retryFailure(failure) && attempt < maxAttempts) continue;
      break;
    }
    refusedRetried = false;
    const int status = stream->response().status;
    noteResponseHead(tr, attemptSpan, *ep, rt, status, now);
    const std::optional<int> grpcStatus =
        info.grpc ? grpcStatusOf(stream->response().headers) : std::nullopt;
    if (grpcStatus) info.grpcStatus = *grpcStatus;
    std::string reason = retry.retryReason(status, grpcStatus);
    if (attempt < maxAttempts && (buffered || !hasBody) && !reason.empty() &&
        pickEndpoint(w, rt, *plan.backend, nullptr, EndpointState::nowMs())) {
      current = nullptr;
      failure = AttemptFailure::None;
      retryReason = std::move(reason);
      endAttempt(trace::SpanStatus::Error, "retried on " + retryReason);
      continue;
    }
    co_await relayH2Response(w, ex, *stream, plan, info);
    current = nullptr;
    const bool broken = info.flags.find(flags::kUpstreamReset) != std::string::npos ||
                        info.flags.find(flags::kDownstreamDisconnect) != std::string::npos;
    endAttempt(broken || status >= 500 ? trace::SpanStatus::Error : trace::SpanStatus::Unset,
               broken ? info.flags : std::string());
    co_return;
  }
  current = nullptr;
  if (info.attempts > 1) info.addFlag(flags::kRetryLimitExceeded);
  if (requestTimedOut || failure == AttemptFailure::Timeout) {
    co_await localReply(ex, info, 504, flags::kUpstreamTimeout, "upstream request timeout\n", {},
                        d.responseHeaders);
  } else if (failure == AttemptFailure::ConnectFailure) {
    co_await localReply(ex, info, 503, flags::kUpstreamConnectFailure,
                        "upstream connect error: " + info.endpoint + " refused or did not answer\n",
                        {}, d.responseHeaders);
  } else if (notHttp2) {
    co_await localReply(ex, info, 503, flags::kUpstreamReset,
                        "upstream protocol error: " + info.endpoint + " of " + plan.backend->ns + "/" +
                            plan.backend->name +
                            " did not answer in HTTP/2, but its port says h2c (appProtocol, port name "
                            "or GRPCRoute)\n",
                        {}, d.responseHeaders);
  } else {
    co_await localReply(ex, info, 503, flags::kUpstreamReset,
                        "upstream reset: " + info.endpoint + " reset the stream before responding\n",
                        {}, d.responseHeaders);
  }
}

}  // namespace routedeck::core::proxy
