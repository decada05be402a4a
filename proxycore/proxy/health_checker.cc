#include "proxycore/proxy/health_checker.h"

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/steady_timer.hpp>
#include <atomic>
#include <set>

#include "proxycore/net/asio_tuple.h"
#include "proxycore/net/deadline.h"
#include "proxycore/net/upstream.h"

namespace routedeck::core::proxy {

struct HealthChecker::Generation {
  // Set from the applying thread, read on the checker's loop.
  std::atomic<bool> stopped{false};
};

namespace {

// One probe: connect, GET, read the status line and headers. Both steps
// share one deadline (the check's timeout) that closes the socket. The
// connection is never reused, so a probe cannot be answered by a stale one.
asio::awaitable<bool> probe(asio::io_context& ctx, asio::ip::tcp::endpoint ep,
                            std::string request, std::chrono::milliseconds timeout) {
  net::UpstreamConnection conn(ctx);
  net::Deadline deadline(ctx.get_executor());
  deadline.arm(timeout, [c = &conn] { c->close(); });
  auto [ec] = co_await conn.socket().async_connect(ep, net::kTuple);
  if (ec || deadline.expired()) {
    co_return false;
  }
  if (!co_await conn.write(request)) {
    co_return false;
  }
  auto st = co_await conn.next();
  while (st.event == net::Http1Parser::Event::Head && conn.parser().response().status < 200) {
    st = co_await conn.next();  // skip an interim response
    if (st.event == net::Http1Parser::Event::Done) {
      st = co_await conn.next();
    }
  }
  const bool ok = st.event == net::Http1Parser::Event::Head && !deadline.expired() &&
                  conn.parser().response().status >= 200 && conn.parser().response().status < 400;
  deadline.disarm();
  conn.close();
  co_return ok;
}

asio::awaitable<void> checkLoop(asio::io_context& ctx, std::shared_ptr<HealthChecker::Generation> gen,
                                std::shared_ptr<EndpointState> ep, model::HealthCheck hc) {
  const std::string request = "GET " + hc.path + " HTTP/1.1\r\nHost: " + ep->address() +
                              "\r\nUser-Agent: routedeck-health-check\r\nConnection: close\r\n\r\n";
  // The check's own timeout bounds connect and answer together.
  const auto timeout = std::chrono::milliseconds(hc.timeout.millis);
  int goodInRow = 0;
  int badInRow = 0;
  bool first = true;
  while (!gen->stopped.load()) {
    const bool good = co_await probe(ctx, ep->endpoint(), request, timeout);
    if (gen->stopped.load()) {
      co_return;
    }
    goodInRow = good ? goodInRow + 1 : 0;
    badInRow = good ? 0 : badInRow + 1;
    if (first) {
      // The first probe decides alone: an endpoint that is down when the
      // config arrives should not take traffic for threshold × interval.
      ep->setHealthy(good);
      first = false;
    } else if (ep->healthy() && badInRow >= hc.unhealthyThreshold) {
      ep->setHealthy(false);
    } else if (!ep->healthy() && goodInRow >= hc.healthyThreshold) {
      ep->setHealthy(true);
    }
    asio::steady_timer wait(ctx, std::chrono::milliseconds(hc.interval.millis));
    co_await wait.async_wait(net::kTuple);
  }
}

}  // namespace

void HealthChecker::restart(const Runtime& rt) {
  stop();
  auto gen = std::make_shared<Generation>();
  m_current = gen;
  std::set<EndpointState*> checked;
  const model::Config& cfg = rt.table().config();
  for (const auto& set : cfg.serviceEndpoints) {
    if (!set.healthCheck) {
      continue;
    }
    for (const auto& e : set.endpoints) {
      std::shared_ptr<EndpointState> ep = rt.endpointShared(e.address);
      if (!ep || !checked.insert(ep.get()).second) {
        continue;  // one check per address, the first service's
      }
      asio::co_spawn(m_ctx, checkLoop(m_ctx, gen, ep, *set.healthCheck),
                     asio::detached);
    }
  }
  for (const auto& ep : rt.endpoints()) {
    if (!checked.count(ep.get())) {
      ep->setHealthy(true);
    }
  }
}

void HealthChecker::stop() {
  if (m_current) {
    m_current->stopped.store(true);
    m_current.reset();
  }
}

}  // namespace routedeck::core::proxy
