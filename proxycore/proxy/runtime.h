#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "proxycore/common/diagnostics.h"
#include "proxycore/proxy/endpoint_state.h"
#include "proxycore/proxy/file_stamp.h"
#include "proxycore/proxy/rate_limiter.h"
#include "proxycore/router/route_table.h"

namespace routedeck::core::tls {
class ServerTls;
}

namespace routedeck::core::proxy {

// Where a bound socket enters the route table.
struct ListenerEntry {
  std::string bind;      // host:port as configured
  std::string gateway;   // ns/name
  std::string listener;  // listener name
  int port = 0;          // the listener's declared port (routing and redirects use it)
  bool configured = false;
};

// Endpoint objects by address, reused across reloads so that outlier and
// health state survive a config change.
class EndpointRegistry {
 public:
  std::shared_ptr<EndpointState> get(const std::string& address, std::string* error);

 private:
  std::mutex m_mutex;
  std::unordered_map<std::string, std::shared_ptr<EndpointState>> m_endpoints;
};

// Everything a worker needs to serve requests with one config version:
// the compiled table plus resolved endpoints and per-rule state. Immutable
// once built (the token buckets are internally synchronised).
class Runtime {
 public:
  static std::shared_ptr<const Runtime> build(std::shared_ptr<const model::Config> config,
                                              const std::vector<std::string>& boundAddresses,
                                              EndpointRegistry& registry, uint64_t version,
                                              const OutlierSettings& outlier, Diagnostics& diags,
                                              const Runtime* previous = nullptr,
                                              double defaultSamplingPercent = 1.0);

  const router::RouteTable& table() const { return *m_table; }
  uint64_t version() const { return m_version; }
  const ListenerEntry* listener(int index) const;
  // TLS termination of the server's listener `index`; null for plaintext.
  std::shared_ptr<const tls::ServerTls> tls(int index) const {
    return index >= 0 && static_cast<size_t>(index) < m_tlsByIndex.size()
               ? m_tlsByIndex[static_cast<size_t>(index)]
               : nullptr;
  }
  // The certificate files listener `index`'s TLS was built from (empty when
  // it has none: plaintext, or certificates from Secrets in the YAML).
  const std::vector<FileStamp>& tlsFiles(int index) const {
    static const std::vector<FileStamp> kNone;
    return index >= 0 && static_cast<size_t>(index) < m_tlsFilesByIndex.size()
               ? m_tlsFilesByIndex[static_cast<size_t>(index)]
               : kNone;
  }
  // Listener bindings of the config, in workspace order.
  const std::vector<ListenerEntry>& bindings() const { return m_bindings; }
  // Resolved endpoints of a backend address list entry; null when unknown.
  EndpointState* endpoint(const std::string& address) const;
  std::shared_ptr<EndpointState> endpointShared(const std::string& address) const;
  TokenBucket* rateLimiter(const model::RouteRule* rule) const;
  const OutlierSettings& outlier() const { return m_outlier; }
  // Percent of the requests `rule` takes (null: no rule) that start a
  // sampled trace when their caller did not decide.
  double samplingPercent(const model::RouteRule* rule) const {
    if (!m_sampling.empty() && rule) {
      if (auto it = m_sampling.find(rule); it != m_sampling.end()) return it->second;
    }
    return m_defaultSampling;
  }
  // Every endpoint of the config (for active health checks).
  std::vector<std::shared_ptr<EndpointState>> endpoints() const;

 private:
  static void resolveSampling(Runtime& rt, const model::Config& cfg, double fallback);

  router::RouteTableConstSharedPtr m_table;
  uint64_t m_version = 0;
  std::vector<ListenerEntry> m_bindings;
  std::vector<ListenerEntry> m_byIndex;  // aligned with the server's listener ids
  std::vector<std::shared_ptr<const tls::ServerTls>> m_tlsByIndex;  // aligned likewise
  std::vector<std::vector<FileStamp>> m_tlsFilesByIndex;            // aligned likewise
  std::unordered_map<std::string, std::shared_ptr<EndpointState>> m_endpoints;
  std::map<const model::RouteRule*, std::shared_ptr<TokenBucket>> m_buckets;
  // The same buckets by rule identity and settings: a reload that leaves a
  // rule's limit unchanged keeps its bucket, so reloading cannot refill it.
  std::map<std::string, std::shared_ptr<TokenBucket>> m_bucketsByKey;
  OutlierSettings m_outlier;
  double m_defaultSampling = 1.0;
  std::unordered_map<const model::RouteRule*, double> m_sampling;  // rules with their own percent
};

using RuntimeConstSharedPtr = std::shared_ptr<const Runtime>;

}  // namespace routedeck::core::proxy
