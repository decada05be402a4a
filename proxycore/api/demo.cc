#include "proxycore/api/demo.h"

#include <asio/ip/tcp.hpp>
#include <mutex>
#include <random>

#include "proxycore/echo/echo_server.h"
#include "proxycore/net/server.h"
#include "proxycore/net/workers.h"

namespace routedeck::core::api {

namespace {

class DemoBackendsImpl final : public DemoBackends {
 public:
  explicit DemoBackendsImpl(std::vector<echo::EchoIdentity> ids)
      : m_service(std::move(ids)),
        m_server(m_pool, net::ServerLimits{}, [this](net::ServerExchange& ex) { return m_service.handle(ex); }) {}
  ~DemoBackendsImpl() override {
    m_server.stopAccepting();
    m_pool.stop();
    m_pool.join();
  }

  Result<int> listen() { return m_server.listen("127.0.0.1:0"); }
  void run() { m_pool.start(); }
  const std::map<std::string, int>& ports() const override { return m_ports; }

  std::map<std::string, int> m_ports;

 private:
  net::WorkerPool m_pool{1};
  echo::EchoService m_service;
  net::HttpServer m_server;
};

Result<int> freeLoopbackPort() {
  try {
    asio::io_context ctx;
    asio::ip::tcp::acceptor acceptor(ctx, asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    return static_cast<int>(acceptor.local_endpoint().port());
  } catch (const std::exception& e) {
    return makeError(ErrorCode::Io, std::string("no free loopback port: ") + e.what());
  }
}

}  // namespace

Result<std::unique_ptr<DemoBackends>> DemoBackends::start(const std::vector<DemoBackendSpec>& specs) {
  std::vector<echo::EchoIdentity> ids;
  std::random_device rd;
  for (const auto& s : specs) {
    echo::EchoIdentity id;
    const auto slash = s.service.find('/');
    id.ns = slash == std::string::npos ? "default" : s.service.substr(0, slash);
    id.service = slash == std::string::npos ? s.service : s.service.substr(slash + 1);
    id.pod = id.service + "-" + std::to_string(rd() % 100000);
    auto latency = echo::LatencyDistribution::parse(s.latency);
    if (!latency) {
      return latency.error();
    }
    id.latency = *latency;
    id.errorRate = s.errorRate;
    ids.push_back(std::move(id));
  }
  auto impl = std::make_unique<DemoBackendsImpl>(ids);
  // EchoService answers as the identity of the listener index, so listen in spec order.
  for (const auto& s : specs) {
    auto port = impl->listen();
    if (!port) {
      return port.error();
    }
    impl->m_ports[s.service] = *port;
  }
  impl->run();
  return std::unique_ptr<DemoBackends>(std::move(impl));
}

std::vector<DemoBackendSpec> defaultDemoBackends() {
  return {
      {"demo/shop-v1", "normal:12ms,3ms", 0.0},
      {"demo/shop-v2", "normal:45ms,15ms", 0.04},
      {"demo/ratings", "exp:8ms", 0.01},
  };
}

TrafficProfile defaultDemoTraffic() {
  TrafficProfile p;
  p.host = "shop.example.com";
  p.requests = {
      {"GET", "", "/api/items", {}, 60},
      {"GET", "", "/api/cart", {}, 15},
      {"GET", "", "/api/cart", {{"x-version", "v2"}}, 8},
      {"GET", "", "/ratings/42", {}, 15},
      {"GET", "", "/nothing-here", {}, 2},
  };
  return p;
}

Result<model::Config> withLocalPorts(model::Config config, const std::map<std::string, int>& ports) {
  for (auto& set : config.serviceEndpoints) {
    auto it = ports.find(set.service);
    if (it == ports.end()) {
      continue;
    }
    for (auto& ep : set.endpoints) {
      ep.address = "127.0.0.1:" + std::to_string(it->second);
    }
  }
  std::map<std::string, std::string> rebound;  // old bind → new, so shared binds stay shared
  for (auto& b : config.listenerBindings) {
    auto& fresh = rebound[b.bind];
    if (fresh.empty()) {
      auto port = freeLoopbackPort();
      if (!port) {
        return port.error();
      }
      fresh = "127.0.0.1:" + std::to_string(*port);
    }
    b.bind = fresh;
  }
  return config;
}

}  // namespace routedeck::core::api
