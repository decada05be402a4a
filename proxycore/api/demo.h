#pragma once

#include <map>
#include <memory>
#include <string>

#include "proxycore/api/traffic_profile.h"
#include "proxycore/common/result.h"
#include "proxycore/model/config.h"

namespace routedeck::core::api {

// One in-process echo backend of the demo.
struct DemoBackendSpec {
  std::string service;  // ns/name as the workspace's `services` entry names it
  std::string latency;  // echo LatencyDistribution syntax, e.g. "normal:40ms,10ms"
  double errorRate = 0;
};

// The demo's echo backends, each on a free loopback port, running on their
// own event-loop thread until destroyed.
class DemoBackends {
 public:
  static Result<std::unique_ptr<DemoBackends>> start(const std::vector<DemoBackendSpec>& specs);
  virtual ~DemoBackends() = default;
  // service (ns/name) → bound port.
  virtual const std::map<std::string, int>& ports() const = 0;
};

// The demo backends: v1 fast and healthy, v2 slower and flakier, ratings.
std::vector<DemoBackendSpec> defaultDemoBackends();
// The demo's request mix (shop.example.com: canary, pinned, ratings, 404s).
TrafficProfile defaultDemoTraffic();

// Returns `config` with every endpoint of a service in `ports` pointing at
// 127.0.0.1:<port>, and every listener binding on loopback at a free port
// (probed now). Fails when no port can be found.
Result<model::Config> withLocalPorts(model::Config config, const std::map<std::string, int>& ports);

}  // namespace routedeck::core::api
