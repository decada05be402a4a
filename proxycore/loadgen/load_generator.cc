#include "proxycore/loadgen/load_generator.h"

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/redirect_error.hpp>
#include <asio/steady_timer.hpp>
#include <asio/use_awaitable.hpp>
#include <random>
#include <thread>

#include "proxycore/stats/histogram_layout.h"
#include "proxycore/net/server.h"
#include "proxycore/net/upstream.h"
#include "proxycore/net/workers.h"

namespace routedeck::core::loadgen {

namespace {

void addToBuckets(std::vector<uint64_t>& buckets, std::chrono::microseconds latency) {
  const int i = stats::layout::bucketIndex(static_cast<uint64_t>(std::max<int64_t>(0, latency.count())));
  if (buckets.size() <= static_cast<size_t>(i)) {
    buckets.resize(static_cast<size_t>(i) + 1, 0);
  }
  ++buckets[static_cast<size_t>(i)];
}

// The echo backend names itself in its JSON body: {"namespace":"demo",...,"service":"shop-v1"}.
std::string jsonField(const std::string& body, const std::string& field) {
  const std::string key = "\"" + field + "\":\"";
  auto at = body.find(key);
  if (at == std::string::npos) {
    return {};
  }
  at += key.size();
  auto end = body.find('"', at);
  return end == std::string::npos ? std::string() : body.substr(at, end - at);
}

std::string buildRequest(const Profile& p, const RequestProfileEntry& e) {
  std::string out = e.method + " " + e.path + " HTTP/1.1\r\nHost: " + (e.host.empty() ? p.host : e.host) + "\r\n";
  for (const auto& [name, value] : e.headers) {
    out += name + ": " + value + "\r\n";
  }
  out += "User-Agent: routedeck-loadgen\r\n\r\n";
  return out;
}

}  // namespace

struct LoadGenerator::Impl {
  net::WorkerPool pool{1};
  asio::ip::tcp::endpoint target;
  mutable std::mutex mutex;
  std::vector<EntryObservation> entries;
  std::vector<std::string> requests;
  std::discrete_distribution<size_t> pick;
  std::mt19937_64 rng{std::random_device{}()};
  std::atomic<uint64_t> generation{0};

  void record(size_t entry, int status, std::chrono::microseconds latency, const std::string& backend) {
    std::lock_guard lock(mutex);
    auto& e = entries[entry];
    const double seconds = static_cast<double>(latency.count()) / 1e6;
    if (status == 0) {
      ++e.transportErrors;
      return;
    }
    if (status >= 500) ++e.responses5xx;
    else if (status >= 400) ++e.responses4xx;
    else if (status >= 300) ++e.responses3xx;
    else ++e.responses2xx;
    e.latencySumSeconds += seconds;
    addToBuckets(e.latencyBuckets, latency);
    if (!backend.empty()) {
      auto& b = e.backends[backend];
      ++b.responses;
      b.responses5xx += status >= 500 ? 1 : 0;
      b.latencySumSeconds += seconds;
      addToBuckets(b.latencyBuckets, latency);
    }
  }

  // One request on `conn` (opened when needed); returns status (0 = transport error).
  asio::awaitable<int> exchange(net::UpstreamPool& pool, std::unique_ptr<net::UpstreamConnection>& conn,
                                const std::string& request, std::string& body) {
    if (!conn) {
      auto acq = co_await pool.acquire(target, std::chrono::milliseconds(2000), true);
      if (acq.error || !acq.conn) {
        co_return 0;
      }
      conn = std::move(acq.conn);
    }
    if (!co_await conn->write(request)) {
      conn.reset();
      co_return 0;
    }
    int status = 0;
    for (;;) {
      auto st = co_await conn->next();
      if (st.event == net::Http1Parser::Event::Head) {
        status = conn->parser().response().status;
      } else if (st.event == net::Http1Parser::Event::Body) {
        body.append(st.body);
      } else if (st.event == net::Http1Parser::Event::Done) {
        break;
      } else if (st.event == net::Http1Parser::Event::Error) {
        conn.reset();
        co_return 0;
      }
    }
    if (!conn->reusable()) {
      conn.reset();
    }
    co_return status;
  }

  asio::awaitable<void> connectionLoop(uint64_t gen, double perConnRps) {
    auto& ctx = pool.context(0);
    net::UpstreamPool upstreams(ctx);
    std::unique_ptr<net::UpstreamConnection> conn;
    asio::steady_timer timer(ctx);
    const auto interval = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
        std::chrono::duration<double>(1.0 / perConnRps));
    auto next = std::chrono::steady_clock::now();
    while (generation.load() == gen) {
      size_t entry = 0;
      {
        std::lock_guard lock(mutex);
        entry = pick(rng);
        ++entries[entry].sent;
      }
      std::string body;
      const auto t0 = std::chrono::steady_clock::now();
      const int status = co_await exchange(upstreams, conn, requests[entry], body);
      const auto took = std::chrono::duration_cast<std::chrono::microseconds>(
          std::chrono::steady_clock::now() - t0);
      std::string backend;
      if (auto svc = jsonField(body, "service"); !svc.empty()) {
        backend = jsonField(body, "namespace") + "/" + svc;
      }
      record(entry, status, took, backend);
      next += interval;
      const auto now = std::chrono::steady_clock::now();
      if (next < now - std::chrono::seconds(1)) {
        next = now;  // open loop, but never try to catch up more than a second
      }
      timer.expires_at(next);
      std::error_code ec;
      co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
    if (conn) {
      conn->close();
    }
  }
};

LoadGenerator::LoadGenerator(std::string address, Profile profile, int connections)
    : m_address(std::move(address)),
      m_profile(std::move(profile)),
      m_connections(std::max(1, connections)),
      m_impl(std::make_unique<Impl>()) {
  if (auto ep = net::parseEndpoint(m_address)) {
    m_impl->target = *ep;
  }
  std::vector<double> weights;
  for (const auto& e : m_profile.entries) {
    weights.push_back(std::max(0, e.weight));
    m_impl->requests.push_back(buildRequest(m_profile, e));
  }
  m_impl->entries.resize(m_profile.entries.size());
  m_impl->pick = std::discrete_distribution<size_t>(weights.begin(), weights.end());
  m_impl->pool.start();
}

LoadGenerator::~LoadGenerator() {
  stop();
  m_impl->pool.stop();
  m_impl->pool.join();
}

void LoadGenerator::start(double requestsPerSecond) {
  if (m_profile.entries.empty() || requestsPerSecond <= 0) {
    stop();
    return;
  }
  const uint64_t gen = ++m_impl->generation;
  m_rate = requestsPerSecond;
  m_running = true;
  const double perConn = requestsPerSecond / m_connections;
  for (int i = 0; i < m_connections; ++i) {
    asio::co_spawn(m_impl->pool.context(0), m_impl->connectionLoop(gen, perConn), asio::detached);
  }
}

void LoadGenerator::stop() {
  ++m_impl->generation;  // loops see a newer generation after their current request
  m_running = false;
  m_rate = 0;
}

Observations LoadGenerator::observations() const {
  std::lock_guard lock(m_impl->mutex);
  return Observations{std::chrono::steady_clock::now(), m_impl->entries};
}

}  // namespace routedeck::core::loadgen
