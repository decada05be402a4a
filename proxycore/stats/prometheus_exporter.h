#pragma once

// `routedeckd serve --metrics ADDRESS`: /metrics in the Prometheus text
// format, served by prometheus-cpp's Exposer from the latest snapshot.
// Loopback only unless the caller allows remote binds explicitly (an admin
// endpoint has no authentication of its own).

#include <functional>
#include <memory>
#include <string>

#include "proxycore/common/result.h"
#include "proxycore/stats/snapshot.h"

namespace routedeck::core::stats {

class MetricsServer {
 public:
  using Source = std::function<SnapshotConstSharedPtr()>;
  // address: "HOST:PORT" with an IPv4 literal or "[IPv6]" (port 0 = any free one).
  static Result<std::unique_ptr<MetricsServer>> start(const std::string& address, bool allowRemote,
                                                      Source source);
  ~MetricsServer();  // takes about 2 s (the Exposer's civetweb threads)

  int port() const { return m_port; }

 private:
  struct Impl;
  explicit MetricsServer(std::unique_ptr<Impl> impl, int port);
  std::unique_ptr<Impl> m_impl;
  int m_port;
};

// Parses and checks a --metrics address; on success fills host and port.
Result<bool> parseMetricsAddress(const std::string& address, bool allowRemote, std::string* host,
                                 int* port);

}  // namespace routedeck::core::stats
