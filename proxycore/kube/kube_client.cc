#include "proxycore/kube/kube_client.h"

namespace routedeck::core::kube {

Result<std::unique_ptr<KubeClient>> KubeClient::connect(std::vector<std::string> paths, const std::string& context,
                                                        RestOptions options) {
  if (paths.empty()) paths = defaultKubeconfigPaths();
  auto config = loadKubeconfig(paths);
  if (!config) return config.error();
  auto resolved = resolveContext(*config, context);
  if (!resolved) return resolved.error();
  auto rest = RestClient::create(std::move(resolved.value()), std::move(options));
  if (!rest) return rest.error();
  return std::unique_ptr<KubeClient>(new KubeClient(std::move(rest.value())));
}

ApiResult<Discovery> KubeClient::discover(const DiscoveryOptions& options) {
  auto d = kube::discover(*m_rest, options);
  if (d) m_discovery = d.value();
  return d;
}

ApiResult<ResourceClient> KubeClient::resources(std::string_view apiVersion, std::string_view kind) {
  auto r = m_discovery.resolve(apiVersion, kind);
  if (!r) return r.error();
  return ResourceClient(*m_rest, std::move(r.value()));
}

std::unique_ptr<ResourceWatch> KubeClient::watch(const ApiResource& resource, WatchOptions options,
                                                 ResourceWatch::Callback callback) {
  return ResourceWatch::start(*m_rest, resource, std::move(options), std::move(callback));
}

ChangeSetReport KubeClient::apply(const std::vector<Change>& changes, const ChangeSetOptions& options) {
  return applyChangeSet(*m_rest, m_discovery, changes, options);
}

}  // namespace routedeck::core::kube
