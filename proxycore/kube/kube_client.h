#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "proxycore/common/result.h"
#include "proxycore/kube/change_set.h"
#include "proxycore/kube/discovery.h"
#include "proxycore/kube/kubeconfig.h"
#include "proxycore/kube/resource_client.h"
#include "proxycore/kube/resource_watch.h"
#include "proxycore/kube/rest_client.h"
#include "proxycore/kube/server_side_apply.h"

namespace routedeck::core::kube {

// One cluster as one kubeconfig context sees it: the REST client plus what discovery
// found. Everything blocks; the GUI and routedeckd call it from worker threads.
class KubeClient {
 public:
  // Loads the kubeconfig files (defaultKubeconfigPaths() when empty) and resolves the
  // context (current-context when empty). No request is made yet.
  static Result<std::unique_ptr<KubeClient>> connect(std::vector<std::string> kubeconfigPaths = {},
                                                     const std::string& context = {}, RestOptions options = {});

  // Runs discovery (again); resources() and watch() need it once.
  ApiResult<Discovery> discover(const DiscoveryOptions& options = {});
  const Discovery& discovery() const { return m_discovery; }

  // The verbs for an object's apiVersion and kind, e.g. ("gateway.networking.k8s.io/v1", "HTTPRoute").
  ApiResult<ResourceClient> resources(std::string_view apiVersion, std::string_view kind);
  std::unique_ptr<ResourceWatch> watch(const ApiResource& resource, WatchOptions options, ResourceWatch::Callback callback);
  ChangeSetReport apply(const std::vector<Change>& changes, const ChangeSetOptions& options = {});

  RestClient& rest() { return *m_rest; }
  const ClientConfig& config() const { return m_rest->config(); }
  // The context's namespace ("default" when it names none).
  const std::string& defaultNamespace() const { return m_rest->config().ns; }

 private:
  explicit KubeClient(std::unique_ptr<RestClient> rest) : m_rest(std::move(rest)) {}
  std::unique_ptr<RestClient> m_rest;
  Discovery m_discovery;
};

}  // namespace routedeck::core::kube
