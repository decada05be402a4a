#include "proxycore/cluster/cluster_controller.h"

#include <ctime>

#include "proxycore/cluster/watched_resources.h"
#include "proxycore/kube/discovery.h"
#include "proxycore/kube/json_node.h"
#include "proxycore/kube/resource_client.h"
#include "proxycore/kube/resource_watch.h"
#include "proxycore/kube/rest_client.h"

namespace routedeck::core::cluster {

struct ClusterController::Watched {
  kube::ApiResource resource;
  std::unique_ptr<kube::ResourceWatch> watch;
};

namespace {

std::string groupOf(const std::string& apiVersion) {
  const size_t slash = apiVersion.find('/');
  return slash == std::string::npos ? std::string() : apiVersion.substr(0, slash);
}

std::string rfc3339Now() {
  char buf[32];
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// The sources as one string, to tell a real change from a status write.
std::string fingerprint(const ClusterSources& s) {
  std::string out;
  for (const auto& src : s.sources) out += src.name + "\n" + src.text + "\n";
  return out;
}

}  // namespace

ClusterController::ClusterController(kube::RestClient& client, ControllerOptions options)
    : m_client(client), m_options(std::move(options)) {}

ClusterController::~ClusterController() {
  for (auto& w : m_watched) {
    if (w->watch) w->watch->stop();
  }
}

Result<std::unique_ptr<ClusterController>> ClusterController::start(kube::RestClient& client,
                                                                     ControllerOptions options) {
  auto discovered = kube::discover(client);
  if (!discovered) return discovered.error().toError();
  std::unique_ptr<ClusterController> c(new ClusterController(client, std::move(options)));
  for (const auto& want : watchedResources()) {
    const kube::ApiResource* r = discovered->find(want.group, want.kind);
    if (!r) {
      if (want.optional) continue;
      return makeError(ErrorCode::NotFound, "the cluster at " + client.config().cluster.server + " does not serve " +
                                                (want.group.empty() ? want.kind : want.kind + "." + want.group) +
                                                (want.group == "gateway.networking.k8s.io"
                                                     ? " (install the Gateway API CRDs)"
                                                     : ""));
    }
    auto w = std::make_unique<Watched>();
    w->resource = *r;
    c->m_watched.push_back(std::move(w));
  }
  c->m_cache.setResourceCount(c->m_watched.size());
  for (size_t i = 0; i < c->m_watched.size(); ++i) {
    kube::WatchOptions wo;
    wo.ns = c->m_watched[i]->resource.namespaced ? c->m_options.watchNamespace : std::string();
    wo.initialBackoff = c->m_options.initialBackoff;
    wo.maxBackoff = c->m_options.maxBackoff;
    ClusterController* self = c.get();
    c->m_watched[i]->watch = kube::ResourceWatch::start(client, c->m_watched[i]->resource, wo,
                                                        [self, i](const kube::WatchEvent& e) { self->onEvent(i, e); });
  }
  return c;
}

void ClusterController::onEvent(size_t index, const kube::WatchEvent& e) {
  const kube::ApiResource& r = m_watched[index]->resource;
  std::string error;
  const bool changed = m_cache.apply(index, r.group, r.kind, e, &error);
  std::lock_guard lock(m_mutex);
  if (!changed) {
    if (!error.empty()) m_messages.push_back("watch " + r.qualifiedName() + ": " + error);
    return;
  }
  m_dirty = true;
  m_lastChange = std::chrono::steady_clock::now();
}

bool ClusterController::synced() const { return m_cache.synced(); }

std::optional<ClusterSources> ClusterController::takeChanges() {
  {
    std::lock_guard lock(m_mutex);
    if (!m_dirty || std::chrono::steady_clock::now() - m_lastChange < m_options.settle) return std::nullopt;
    if (!m_cache.synced()) return std::nullopt;  // a half-listed cluster is not the cluster
    m_dirty = false;
  }
  const std::vector<ClusterObject> objects = m_cache.objects();
  auto sources = buildSources(objects, m_options.scope);
  if (!sources) {
    std::lock_guard lock(m_mutex);
    m_messages.push_back(sources.error().message);
    return std::nullopt;
  }
  std::string print = fingerprint(*sources);
  if (print == m_lastSources) return std::nullopt;
  m_lastSources = std::move(print);
  return std::move(*sources);
}

int ClusterController::writeStatuses(const router::RouteTable& table, const std::vector<std::string>& servedGateways) {
  int written = 0;
  const std::string now = rfc3339Now();
  for (const auto& rs : computeRouteStatuses(table, servedGateways)) {
    const std::string group = groupOf(rs.apiVersion);
    const auto current = m_cache.find(group, rs.kind, rs.ns, rs.name);
    if (!current) continue;  // deleted meanwhile
    auto node = kube::parseJson(current->json);
    if (!node) continue;
    const yaml::Node* status = kube::findPath(*node, {"status"});
    const std::string currentStatus = status ? kube::toJsonText(*status) : std::string();
    const std::string generation = kube::textAt(*node, {"metadata", "generation"});
    const std::string merged = mergedStatusJson(currentStatus, rs, m_options.controllerName,
                                                generation.empty() ? 0 : std::stoll(generation), now);
    // Same verdict as the server holds (times kept by the merge): no write.
    if (!currentStatus.empty() && sameJson(merged, currentStatus)) continue;
    const kube::ApiResource* resource = nullptr;
    for (const auto& w : m_watched) {
      if (w->resource.group == group && w->resource.kind == rs.kind) resource = &w->resource;
    }
    if (!resource) continue;
    const std::string rv = kube::textAt(*node, {"metadata", "resourceVersion"});
    kube::RestRequest req;
    req.method = "PATCH";
    req.path = kube::objectPath(*resource, rs.ns, rs.name) + "/status?fieldManager=" +
               kube::urlEncode("routedeck");
    req.contentType = "application/merge-patch+json";
    req.body = "{\"metadata\":{\"resourceVersion\":\"" + rv + "\"},\"status\":" + merged + "}";
    auto done = m_client.request(req);
    if (!done) {
      std::lock_guard lock(m_mutex);
      if (done.error().kind != kube::ApiErrorKind::Conflict) {
        m_messages.push_back("status of " + rs.kind + " " + rs.ns + "/" + rs.name + ": " + done.error().describe());
      }
      continue;  // a conflict means a newer object is on its way through the watch
    }
    ++written;
  }
  return written;
}

std::vector<std::string> ClusterController::takeMessages() {
  std::lock_guard lock(m_mutex);
  return std::exchange(m_messages, {});
}

}  // namespace routedeck::core::cluster
