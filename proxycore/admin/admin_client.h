#pragma once

// A gRPC-free client of the admin API, for the remote engine
// (api::createRemoteEngine): core value types in, core value types out.
// Thread-safe: every call may come from any thread. Unary calls wait at most
// 10 s; failures come back as Error (UNAUTHENTICATED, UNAVAILABLE and other
// statuses keep gRPC's message).

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "proxycore/common/diagnostics.h"
#include "proxycore/common/result.h"
#include "proxycore/model/policy.h"
#include "proxycore/stats/access_record.h"
#include "proxycore/stats/snapshot.h"
#include "proxycore/trace/trace.h"
#include "proxycore/workspace/workspace.h"

namespace routedeck::core::admin {

enum class ConfigDialect { Native, GatewayApi, Istio, AppMesh };

struct RemoteConfig {
  uint64_t version = 0;
  std::vector<workspace::Source> sources;  // routes.yaml + workspace.yaml
  std::vector<std::string> fidelity;
};

// A background stream; destroying it cancels the call and joins its thread.
class AdminWatch {
 public:
  virtual ~AdminWatch() = default;
};

class AdminClient {
 public:
  // address: "host:port"; token: sent as `authorization: Bearer` when not empty.
  AdminClient(const std::string& address, const std::string& token);
  ~AdminClient();

  // ApplyConfig; on refusal every finding is added to diags.
  Result<uint64_t> applyConfig(const std::vector<workspace::Source>& sources, Diagnostics& diags);
  Result<RemoteConfig> getConfig(ConfigDialect dialect = ConfigDialect::Native);
  // The decision JSON `routedeckd explain` prints.
  Result<std::string> explain(const std::string& requestLine,
                              const std::vector<std::string>& headers);
  Result<uint64_t> setWeights(const std::string& rule, const std::vector<int>& weights);
  Result<uint64_t> setFault(const std::string& rule, const model::FaultInjection& fault,
                            std::chrono::milliseconds revertAfter);
  Result<uint64_t> clearFaults(bool includeConfigured);
  Result<trace::Trace> getTrace(const std::string& traceIdHex);

  // Streams: `onItem` runs on the watch's own thread. A broken stream is
  // reopened after a short pause until the watch is destroyed.
  std::unique_ptr<AdminWatch> watchStats(std::function<void(stats::Snapshot)> onItem);
  std::unique_ptr<AdminWatch> watchAccessLog(size_t backlog,
                                             std::function<void(stats::AccessRecord)> onItem);
  std::unique_ptr<AdminWatch> watchTraces(const std::string& rule, size_t backlog,
                                          std::function<void(trace::Trace)> onItem);

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace routedeck::core::admin
