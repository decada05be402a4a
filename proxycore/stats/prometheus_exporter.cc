#include "proxycore/stats/prometheus_exporter.h"

#include <arpa/inet.h>
#include <prometheus/collectable.h>
#include <prometheus/exposer.h>
#include <prometheus/metric_family.h>

#include "proxycore/stats/metrics_collectable.h"

namespace routedeck::core::stats {

namespace {

class SnapshotCollectable : public prometheus::Collectable {
 public:
  explicit SnapshotCollectable(MetricsServer::Source source) : m_source(std::move(source)) {}
  std::vector<prometheus::MetricFamily> Collect() const override {
    auto snap = m_source();
    return snap ? toMetricFamilies(*snap) : std::vector<prometheus::MetricFamily>{};
  }

 private:
  MetricsServer::Source m_source;
};

bool isLoopback(const std::string& host, bool v6) {
  if (v6) {
    return host == "::1";
  }
  in_addr a{};
  inet_pton(AF_INET, host.c_str(), &a);
  return (ntohl(a.s_addr) >> 24) == 127;
}

}  // namespace

struct MetricsServer::Impl {
  std::shared_ptr<SnapshotCollectable> collectable;
  std::unique_ptr<prometheus::Exposer> exposer;
};

Result<bool> parseMetricsAddress(const std::string& address, bool allowRemote, std::string* host,
                                 int* port) {
  auto bad = [&](const std::string& why) {
    return makeError(ErrorCode::Invalid, "--metrics \"" + address + "\": " + why);
  };
  const size_t colon = address.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    return bad("expected HOST:PORT, e.g. 127.0.0.1:9464");
  }
  std::string h = address.substr(0, colon);
  const std::string p = address.substr(colon + 1);
  bool v6 = false;
  if (h.size() >= 2 && h.front() == '[' && h.back() == ']') {
    h = h.substr(1, h.size() - 2);
    v6 = true;
  }
  unsigned char buf[16];
  if (inet_pton(v6 ? AF_INET6 : AF_INET, h.c_str(), buf) != 1) {
    return bad("\"" + h + "\" is not an IPv4 address or a bracketed IPv6 address");
  }
  if (p.empty() || p.size() > 5 || p.find_first_not_of("0123456789") != std::string::npos ||
      std::stoi(p) > 65535) {
    return bad("port \"" + p + "\" is not a number from 0 to 65535");
  }
  if (!allowRemote && !isLoopback(h, v6)) {
    return bad("is not a loopback address; /metrics has no authentication, so binding " + h +
               " needs --metrics-allow-remote");
  }
  *host = v6 ? "[" + h + "]" : h;
  *port = std::stoi(p);
  return true;
}

Result<std::unique_ptr<MetricsServer>> MetricsServer::start(const std::string& address,
                                                            bool allowRemote, Source source) {
  std::string host;
  int port = 0;
  auto ok = parseMetricsAddress(address, allowRemote, &host, &port);
  if (!ok) {
    return ok.error();
  }
  auto impl = std::make_unique<Impl>();
  impl->collectable = std::make_shared<SnapshotCollectable>(std::move(source));
  try {
    impl->exposer = std::make_unique<prometheus::Exposer>(host + ":" + std::to_string(port), 1);
  } catch (const std::exception& e) {
    return makeError(ErrorCode::Io, "--metrics \"" + address + "\": cannot listen: " + e.what());
  }
  impl->exposer->RegisterCollectable(impl->collectable);
  const auto ports = impl->exposer->GetListeningPorts();
  const int bound = ports.empty() ? port : ports.front();
  return std::unique_ptr<MetricsServer>(new MetricsServer(std::move(impl), bound));
}

MetricsServer::MetricsServer(std::unique_ptr<Impl> impl, int port)
    : m_impl(std::move(impl)), m_port(port) {}

MetricsServer::~MetricsServer() = default;

}  // namespace routedeck::core::stats
