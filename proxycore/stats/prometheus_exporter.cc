#include "proxycore/stats/prometheus_exporter.h"

#include <prometheus/collectable.h>
#include <prometheus/exposer.h>
#include <prometheus/metric_family.h>

#include "proxycore/common/listen_address.h"
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

}  // namespace

struct MetricsServer::Impl {
  std::shared_ptr<SnapshotCollectable> collectable;
  std::unique_ptr<prometheus::Exposer> exposer;
};

Result<bool> parseMetricsAddress(const std::string& address, bool allowRemote, std::string* host,
                                 int* port) {
  auto parsed = parseListenAddress("--metrics", address, "127.0.0.1:9464");
  if (!parsed) {
    return parsed.error();
  }
  if (!allowRemote && !parsed->loopback) {
    return makeError(ErrorCode::Invalid, "--metrics \"" + address +
                                             "\": is not a loopback address; /metrics has no "
                                             "authentication, so binding " +
                                             parsed->literal + " needs --metrics-allow-remote");
  }
  *host = parsed->host;
  *port = parsed->port;
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
