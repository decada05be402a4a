#include "proxycore/daemon/serve_kubernetes.h"

#include <chrono>
#include <optional>
#include <set>
#include <thread>

#include "proxycore/cluster/cluster_controller.h"
#include "proxycore/cluster/in_cluster.h"
#include "proxycore/common/strings.h"
#include "proxycore/control/live_control.h"
#include "proxycore/daemon/commands.h"
#include "proxycore/kube/kubeconfig.h"
#include "proxycore/kube/rest_client.h"
#include "proxycore/proxy/proxy_service.h"
#include "proxycore/router/route_table.h"
#include "proxycore/workspace/workspace.h"

namespace routedeck::core::cli {

struct KubernetesSource::State {
  std::unique_ptr<kube::RestClient> client;
  std::unique_ptr<cluster::ClusterController> controller;
  std::optional<cluster::ClusterSources> pending;
  std::chrono::milliseconds syncTimeout{30000};
};

std::vector<OptionSpec> kubernetesOptionSpecs() {
  return {
      {"kubernetes", 0, false, false, "",
       "serve the cluster's Gateways of --gateway-class and their routes (watched live) instead of files"},
      {"kubeconfig", 0, true, true, "FILE", "kubeconfig for --kubernetes (default: KUBECONFIG, ~/.kube/config, or "
                                            "the pod's service account)"},
      {"context", 0, true, false, "NAME", "kubeconfig context (default: current-context)"},
      {"gateway-class", 0, true, false, "NAME", "GatewayClass whose Gateways are served (routedeck)"},
      {"istio-selector", 0, true, true, "KEY=VALUE", "also serve Istio Gateways whose selector has this label"},
      {"watch-namespace", 0, true, false, "NS", "watch one namespace only (default: all)"},
      {"bind-address", 0, true, false, "HOST", "address the cluster's listeners bind (0.0.0.0)"},
      {"port-map", 0, true, true, "PORT=LOCAL", "bind listener PORT on LOCAL instead (e.g. 80=8080)"},
      {"sync-timeout", 0, true, false, "DUR", "how long to wait for the first complete list (30s)"},
  };
}

KubernetesSource::KubernetesSource(std::unique_ptr<State> state) : m_state(std::move(state)) {}
KubernetesSource::~KubernetesSource() = default;

std::unique_ptr<KubernetesSource> KubernetesSource::start(const ParsedArgs& args, std::ostream& err, int* exitCode) {
  *exitCode = kExitUsage;
  cluster::ControllerOptions options;
  if (auto v = args.get("gateway-class")) options.scope.gatewayClass = *v;
  if (auto v = args.get("bind-address")) options.scope.bindAddress = *v;
  if (auto v = args.get("watch-namespace")) options.watchNamespace = *v;
  for (const auto& kv : args.all("istio-selector")) {
    const size_t eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) {
      err << "routedeckd serve: --istio-selector \"" << kv << "\" is not KEY=VALUE\n";
      return nullptr;
    }
    options.scope.istioSelector[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  for (const auto& pm : args.all("port-map")) {
    const size_t eq = pm.find('=');
    auto from = eq == std::string::npos ? std::nullopt : strings::parseInt(pm.substr(0, eq));
    auto to = eq == std::string::npos ? std::nullopt : strings::parseInt(pm.substr(eq + 1));
    if (!from || !to || *from < 1 || *from > 65535 || *to < 1 || *to > 65535) {
      err << "routedeckd serve: --port-map \"" << pm << "\" is not PORT=LOCAL with ports in 1..65535\n";
      return nullptr;
    }
    options.scope.portMap[static_cast<int>(*from)] = static_cast<int>(*to);
  }
  auto state = std::make_unique<State>();
  if (auto v = args.get("sync-timeout")) {
    auto d = model::Duration::parse(*v);
    if (!d || d->millis <= 0) {
      err << "routedeckd serve: --sync-timeout \"" << *v << "\" is not a duration (e.g. 30s)\n";
      return nullptr;
    }
    state->syncTimeout = std::chrono::milliseconds(d->millis);
  }
  *exitCode = kExitInvalid;
  Result<kube::ClientConfig> config = makeError(ErrorCode::Usage, "");
  const std::vector<std::string> files = args.all("kubeconfig");
  if (files.empty() && !args.has("context") && cluster::runningInCluster()) {
    config = cluster::inClusterConfig();
  } else {
    auto kc = kube::loadKubeconfig(files.empty() ? kube::defaultKubeconfigPaths() : files);
    if (!kc) {
      err << "routedeckd serve: " << kc.error().message << "\n";
      return nullptr;
    }
    config = kube::resolveContext(*kc, args.get("context").value_or(""));
  }
  if (!config) {
    err << "routedeckd serve: " << config.error().message << "\n";
    return nullptr;
  }
  // Said on every start: the wrong cluster is the classic mistake.
  err << "routedeckd: cluster " << config->cluster.server << " (context " << config->contextName << "), "
      << "GatewayClass " << options.scope.gatewayClass << "\n";
  auto client = kube::RestClient::create(*config);
  if (!client) {
    err << "routedeckd serve: " << client.error().message << "\n";
    return nullptr;
  }
  state->client = std::move(*client);
  auto controller = cluster::ClusterController::start(*state->client, options);
  if (!controller) {
    err << "routedeckd serve: " << controller.error().message << "\n";
    return nullptr;
  }
  state->controller = std::move(*controller);
  *exitCode = kExitOk;
  return std::unique_ptr<KubernetesSource>(new KubernetesSource(std::move(state)));
}

bool KubernetesSource::applyInitial(proxy::ProxyService& svc, control::LiveControl& control, std::ostream& err) {
  const auto deadline = std::chrono::steady_clock::now() + m_state->syncTimeout;
  while (!m_state->controller->synced() && std::chrono::steady_clock::now() < deadline) {
    for (const auto& m : m_state->controller->takeMessages()) err << "routedeckd: " << m << "\n";
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (!m_state->controller->synced()) {
    for (const auto& m : m_state->controller->takeMessages()) err << "routedeckd: " << m << "\n";
    err << "routedeckd serve: the cluster's objects were not listed within the sync timeout\n";
    return false;
  }
  // The first change is the initial list; wait out its settle time.
  for (int i = 0; i < 100 && !m_state->pending; ++i) {
    m_state->pending = m_state->controller->takeChanges();
    if (!m_state->pending) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  // Nothing to serve yet (an empty cluster): start with an empty config.
  if (!m_state->pending) m_state->pending = cluster::ClusterSources{};
  return apply(svc, control, err, true);
}

bool KubernetesSource::poll(proxy::ProxyService& svc, control::LiveControl& control, std::ostream& err) {
  for (const auto& m : m_state->controller->takeMessages()) err << "routedeckd: " << m << "\n";
  m_state->pending = m_state->controller->takeChanges();
  return m_state->pending && apply(svc, control, err, false);
}

bool KubernetesSource::apply(proxy::ProxyService& svc, control::LiveControl& control, std::ostream& err,
                             bool initial) {
  cluster::ClusterSources sources = std::move(*m_state->pending);
  m_state->pending.reset();
  Diagnostics diags;
  auto config = std::make_shared<model::Config>(workspace::loadSources(sources.sources, diags));
  if (diags.hasErrors()) {
    // One bad object must not hold every other route hostage: leave out the
    // objects with errors (never the generated workspace) and load again.
    std::set<std::string> bad;
    for (const auto& d : diags.items()) {
      if (d.severity == Severity::Error) {
        err << "routedeckd: " << d.format() << "\n";
        if (d.location.file != "cluster workspace") bad.insert(d.location.file);
      }
    }
    std::vector<workspace::Source> kept;
    for (auto& s : sources.sources) {
      if (!bad.count(s.name)) kept.push_back(std::move(s));
    }
    for (const auto& b : bad) err << "routedeckd: left out " << b << " (see the errors above)\n";
    diags = Diagnostics();
    config = std::make_shared<model::Config>(workspace::loadSources(kept, diags));
    if (diags.hasErrors()) {
      for (const auto& d : diags.items()) err << "routedeckd: " << d.format() << "\n";
      err << "routedeckd: the cluster's configuration was not applied"
          << (initial ? "" : " (still serving version " + std::to_string(svc.version()) + ")") << "\n";
      return false;
    }
  }
  auto applied = control.apply(config, diags);
  if (!applied) {
    err << "routedeckd: " << applied.error().message << "\n";
    return false;
  }
  err << "routedeckd: applied cluster configuration version " << *applied << " (" << config->routes.size()
      << " route(s), " << sources.gateways.size() << " gateway(s))\n";
  Diagnostics compileDiags;
  auto table = router::RouteTable::compile(config, compileDiags);
  const int written = m_state->controller->writeStatuses(*table, sources.gateways);
  if (written > 0) err << "routedeckd: wrote the status of " << written << " route(s)\n";
  for (const auto& m : m_state->controller->takeMessages()) err << "routedeckd: " << m << "\n";
  return true;
}

}  // namespace routedeck::core::cli
