#include "proxycore/api/cluster_connection.h"

#include <atomic>
#include <mutex>

#include "proxycore/cluster/cluster_sources.h"
#include "proxycore/cluster/object_cache.h"
#include "proxycore/cluster/watched_resources.h"
#include "proxycore/dialects/dialect.h"
#include "proxycore/kube/change_set.h"
#include "proxycore/kube/discovery.h"
#include "proxycore/kube/json_node.h"
#include "proxycore/kube/kubeconfig.h"
#include "proxycore/kube/resource_client.h"
#include "proxycore/kube/resource_watch.h"
#include "proxycore/kube/rest_client.h"
#include "proxycore/kube/server_side_apply.h"

namespace routedeck::core::api {

namespace {

std::string dialectOf(const std::string& group) {
  if (group == "gateway.networking.k8s.io") return "Gateway API";
  if (group == "networking.istio.io") return "Istio";
  if (group == "appmesh.k8s.aws") return "App Mesh";
  return "Kubernetes";
}

std::string groupOf(const std::string& apiVersion) {
  const size_t slash = apiVersion.find('/');
  return slash == std::string::npos ? std::string() : apiVersion.substr(0, slash);
}

ClusterItem toItem(const cluster::ClusterObject& o) {
  ClusterItem i;
  i.apiVersion = o.apiVersion;
  i.group = groupOf(i.apiVersion);
  i.dialect = dialectOf(i.group);
  i.kind = o.kind;
  i.ns = o.ns;
  i.name = o.name;
  i.resourceVersion = o.resourceVersion;
  i.json = o.json;
  return i;
}

ClusterItem toItem(const yaml::Node& node) { return toItem(cluster::toClusterObject(node)); }

}  // namespace

Result<std::vector<KubeContext>> kubeContexts(const std::vector<std::string>& paths) {
  auto kc = kube::loadKubeconfig(paths.empty() ? kube::defaultKubeconfigPaths() : paths);
  if (!kc) return kc.error();
  std::vector<KubeContext> out;
  for (const auto& [name, c] : kc->contexts) {
    KubeContext k;
    k.name = name;
    k.cluster = c.cluster;
    k.user = c.user;
    k.ns = c.ns.empty() ? "default" : c.ns;
    auto cl = kc->clusters.find(c.cluster);
    if (cl != kc->clusters.end()) k.server = cl->second.server;
    k.current = name == kc->currentContext;
    out.push_back(std::move(k));
  }
  return out;
}

struct ClusterConnection::Impl {
  kube::ClientConfig config;
  std::unique_ptr<kube::RestClient> client;
  kube::Discovery discovery;
  std::vector<kube::ApiResource> resources;
  std::vector<std::unique_ptr<kube::ResourceWatch>> watches;
  cluster::ObjectCache cache;
  mutable std::mutex mutex;
  std::map<std::string, ClusterItem> base;  // as opened locally, under mutex
  std::vector<std::string> messages;        // under mutex
  std::atomic<uint64_t> revision{0};

  void onEvent(size_t index, const kube::WatchEvent& e) {
    const kube::ApiResource& r = resources[index];
    std::string error;
    if (cache.apply(index, r.group, r.kind, e, &error)) {
      ++revision;
    } else if (!error.empty()) {
      std::lock_guard lock(mutex);
      messages.push_back("watch " + r.qualifiedName() + ": " + error);
    }
  }

  std::map<std::string, ClusterItem> itemsByKey() const {
    std::map<std::string, ClusterItem> out;
    for (const auto& o : cache.objects()) {
      ClusterItem i = toItem(o);
      out[i.key()] = std::move(i);
    }
    return out;
  }
};

ClusterConnection::ClusterConnection(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

ClusterConnection::~ClusterConnection() {
  for (auto& w : m_impl->watches) w->stop();
}

Result<std::unique_ptr<ClusterConnection>> ClusterConnection::open(const std::string& context,
                                                                   const std::vector<std::string>& kubeconfigPaths) {
  auto kc = kube::loadKubeconfig(kubeconfigPaths.empty() ? kube::defaultKubeconfigPaths() : kubeconfigPaths);
  if (!kc) return kc.error();
  auto config = kube::resolveContext(*kc, context);
  if (!config) return config.error();
  auto impl = std::make_unique<Impl>();
  impl->config = *config;
  auto client = kube::RestClient::create(*config);
  if (!client) return client.error();
  impl->client = std::move(*client);
  auto discovered = kube::discover(*impl->client);
  if (!discovered) return discovered.error().toError();
  impl->discovery = *discovered;
  for (const auto& w : cluster::watchedResources()) {
    if (w.kind == "Secret" || w.kind == "Namespace") continue;  // not for browsing
    if (const kube::ApiResource* r = impl->discovery.find(w.group, w.kind)) impl->resources.push_back(*r);
  }
  impl->cache.setResourceCount(impl->resources.size());
  Impl* raw = impl.get();
  for (size_t i = 0; i < raw->resources.size(); ++i) {
    raw->watches.push_back(kube::ResourceWatch::start(*raw->client, raw->resources[i], kube::WatchOptions{},
                                                      [raw, i](const kube::WatchEvent& e) { raw->onEvent(i, e); }));
  }
  return std::unique_ptr<ClusterConnection>(new ClusterConnection(std::move(impl)));
}

const std::string& ClusterConnection::contextName() const { return m_impl->config.contextName; }
const std::string& ClusterConnection::server() const { return m_impl->config.cluster.server; }
const std::string& ClusterConnection::defaultNamespace() const { return m_impl->config.ns; }

std::vector<std::string> ClusterConnection::dialects() const {
  std::vector<std::string> out;
  const std::pair<kube::Dialect, const char*> all[] = {{kube::Dialect::GatewayApi, "Gateway API"},
                                                       {kube::Dialect::Istio, "Istio"},
                                                       {kube::Dialect::AppMesh, "App Mesh"}};
  for (const auto& [d, name] : all) {
    if (m_impl->discovery.serves(d)) out.push_back(name);
  }
  return out;
}

uint64_t ClusterConnection::revision() const { return m_impl->revision.load(); }

bool ClusterConnection::synced() const { return m_impl->cache.synced(); }

std::vector<ClusterItem> ClusterConnection::items() const {
  std::vector<ClusterItem> out;
  for (const auto& o : m_impl->cache.objects()) out.push_back(toItem(o));
  return out;
}

std::vector<std::string> ClusterConnection::takeMessages() {
  std::lock_guard lock(m_impl->mutex);
  return std::exchange(m_impl->messages, {});
}

std::vector<workspace::Source> ClusterConnection::localSources(const std::map<std::string, std::string>& localEndpoints,
                                                               int portOffset) {
  const std::vector<cluster::ClusterObject> objects = m_impl->cache.objects();
  {
    std::lock_guard lock(m_impl->mutex);
    m_impl->base.clear();
    for (const auto& o : objects) {
      ClusterItem i = toItem(o);
      m_impl->base[i.key()] = std::move(i);
    }
  }
  cluster::ClusterScope scope;
  scope.allGateways = true;
  scope.bindAddress = "127.0.0.1";
  scope.autoPortBase = portOffset;
  scope.localEndpoints = localEndpoints;
  auto built = cluster::buildSources(objects, scope);
  return built ? built->sources : std::vector<workspace::Source>{};
}

std::vector<ClusterItem> ClusterConnection::changedSinceOpened() const {
  const auto items = m_impl->itemsByKey();
  std::lock_guard lock(m_impl->mutex);
  std::vector<ClusterItem> out;
  for (const auto& [key, b] : m_impl->base) {
    auto it = items.find(key);
    if (it != items.end() && it->second.resourceVersion != b.resourceVersion) out.push_back(it->second);
  }
  return out;
}

std::string ClusterConnection::editedJson(const model::Config& config, const std::string& kind, const std::string& ns,
                                          const std::string& name) const {
  for (const auto& doc : dialects::exportNative(config)) {
    if (kube::textAt(doc, {"kind"}) == kind && kube::textAt(doc, {"metadata", "name"}) == name &&
        kube::textAt(doc, {"metadata", "namespace"}) == ns) {
      return kube::toJsonText(doc);
    }
  }
  return {};
}

ClusterApplyResult ClusterConnection::applyEdited(const model::Config& config, const std::string& kind,
                                                  const std::string& ns, const std::string& name, bool dryRun,
                                                  bool force) {
  ClusterApplyResult out;
  out.dryRun = dryRun;
  const std::string exported = editedJson(config, kind, ns, name);
  std::string originalJson, apiVersion, key;
  const auto items = m_impl->itemsByKey();
  {
    std::lock_guard lock(m_impl->mutex);
    // The base (as opened), not the cache: the cache may already hold
    // someone else's newer version, and planning against it would
    // overwrite their change without a word.
    using Items = const std::map<std::string, ClusterItem>;
    for (Items* from : std::initializer_list<Items*>{&m_impl->base, &items}) {
      for (const auto& [k, i] : *from) {
        if (originalJson.empty() && i.kind == kind && i.ns == ns && i.name == name) {
          originalJson = i.json;
          apiVersion = i.apiVersion;
          key = k;
        }
      }
    }
  }
  if (exported.empty() || originalJson.empty()) {
    out.message = kind + " " + ns + "/" + name + (exported.empty() ? " is not in the local configuration"
                                                                   : " is not in the cluster (deleted?)");
    return out;
  }
  auto original = kube::parseJson(originalJson);
  auto edits = kube::parseJson(exported);
  if (!original || !edits) {
    out.message = "cannot read " + kind + " " + ns + "/" + name;
    return out;
  }
  // The server's object with RouteDeck's spec: status, managedFields and
  // the rest of metadata stay as read, so only real edits differ.
  yaml::Node edited = *original;
  if (const yaml::Node* spec = kube::findPath(*edits, {"spec"})) {
    if (yaml::Node* target = edited.find("spec")) *target = *spec;
  }
  const kube::ApplyPlan plan = kube::planApply(*original, edited);
  out.changedFields = plan.changedFields;
  out.baseJson = originalJson;
  out.oursJson = kube::toJsonText(edited);
  if (!plan.hasChanges()) {
    out.ok = true;
    out.message = "no changes";
    out.appliedJson = originalJson;
    return out;
  }
  auto resource = m_impl->discovery.resolve(apiVersion, kind);
  if (!resource) {
    out.message = resource.error().describe();
    return out;
  }
  kube::ResourceClient resources(*m_impl->client, *resource);
  kube::ApplyOptions options;
  options.dryRun = dryRun;
  options.force = force;
  auto applied = kube::serverSideApply(resources, plan.configuration, options);
  if (!applied) {
    const kube::ApiError& e = applied.error();
    out.conflict = e.kind == kube::ApiErrorKind::Conflict;
    out.conflictingManagers = e.conflictingManagers();
    out.message = e.describe();
    if (!e.current.isNull()) {
      out.theirsJson = kube::toJsonText(e.current);
      out.stale = out.conflict && kube::textAt(e.current, {"metadata", "resourceVersion"}) !=
                                      kube::textAt(*original, {"metadata", "resourceVersion"});
    }
    return out;
  }
  out.ok = true;
  out.appliedJson = kube::toJsonText(*applied);
  if (!dryRun) {
    std::lock_guard lock(m_impl->mutex);
    m_impl->base[key] = toItem(*applied);
  }
  return out;
}

}  // namespace routedeck::core::api

namespace routedeck::core::api {

ClusterConnection::ChangeSetResult ClusterConnection::applyEditedSet(const model::Config& config,
                                                                     const std::vector<ObjectRef>& objects,
                                                                     bool dryRun, bool force) {
  ChangeSetResult out;
  // Each object's plan, conflicts and three-way texts as a single apply
  // would report them (a dry run each: nothing is written here).
  std::vector<kube::Change> changes;
  std::vector<std::string> keys;
  for (const auto& o : objects) {
    ClusterApplyResult r = applyEdited(config, o.kind, o.ns, o.name, /*dryRun=*/true, force);
    if (!r.ok) {
      out.objects.push_back(std::move(r));
      out.summary = "dry run refused " + o.kind + " " + o.ns + "/" + o.name + ": " + out.objects.back().message;
      for (size_t i = out.objects.size(); i < objects.size(); ++i) out.objects.push_back({});
      return out;  // nothing written
    }
    auto before = kube::parseJson(r.baseJson);
    auto after = kube::parseJson(r.oursJson);
    if (!before || !after) {
      out.summary = "cannot read " + o.kind + " " + o.ns + "/" + o.name;
      return out;
    }
    changes.push_back({*before, *after});
    keys.push_back(toItem(*before).key());
    out.objects.push_back(std::move(r));
  }
  if (dryRun) {
    out.ok = true;
    return out;
  }
  kube::ChangeSetOptions options;
  options.force = force;
  options.dryRunFirst = false;  // every object was dry-run above
  const kube::ChangeSetReport report = kube::applyChangeSet(*m_impl->client, m_impl->discovery, changes, options);
  out.ok = report.ok;
  if (!report.ok) {
    out.summary = report.summary();
    if (report.failedIndex >= 0 && static_cast<size_t>(report.failedIndex) < out.objects.size()) {
      ClusterApplyResult& failed = out.objects[static_cast<size_t>(report.failedIndex)];
      failed.ok = false;
      failed.conflict = report.error.kind == kube::ApiErrorKind::Conflict;
      failed.conflictingManagers = report.error.conflictingManagers();
      failed.message = report.error.describe();
      if (!report.error.current.isNull()) failed.theirsJson = kube::toJsonText(report.error.current);
    }
    // The rolled-back ones were written and then undone: not applied.
    for (auto& r : out.objects) {
      if (r.ok) {
        r.ok = false;
        r.message = "rolled back: " + out.summary;
      }
    }
    return out;
  }
  std::lock_guard lock(m_impl->mutex);
  for (size_t i = 0; i < report.applied.size() && i < keys.size(); ++i) {
    m_impl->base[keys[i]] = toItem(report.applied[i]);
    out.objects[i].appliedJson = kube::toJsonText(report.applied[i]);
    out.objects[i].dryRun = false;
  }
  return out;
}

}  // namespace routedeck::core::api
