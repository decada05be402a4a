#include "proxycore/kube/discovery.h"

#include <algorithm>

#include "proxycore/kube/json_node.h"
#include "proxycore/kube/rest_client.h"

namespace routedeck::core::kube {

using yaml::Node;

namespace {

constexpr const char* kAggregatedAccept =
    "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
    "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";

bool isAggregated(const std::string& contentType) {
  return contentType.find("as=APIGroupDiscoveryList") != std::string::npos &&
         contentType.find("g=apidiscovery.k8s.io") != std::string::npos;
}

std::vector<std::string> strings(const Node* list) {
  std::vector<std::string> out;
  if (list && list->isSequence()) {
    for (const auto& v : list->items()) out.push_back(v.text());
  }
  return out;
}

// Adds a resource seen at `version`; versions arrive preferred first, so the first one wins.
void addResource(std::vector<ApiResource>& out, ApiResource r) {
  for (auto& have : out) {
    if (have.group == r.group && have.kind == r.kind) {
      if (std::find(have.versions.begin(), have.versions.end(), r.version) == have.versions.end()) {
        have.versions.push_back(r.version);
      }
      return;
    }
  }
  r.versions = {r.version};
  out.push_back(std::move(r));
}

void readAggregated(const Node& list, Discovery& d) {
  const Node* items = findPath(list, {"items"});
  if (!items || !items->isSequence()) return;
  for (const auto& group : items->items()) {
    const std::string name = textAt(group, {"metadata", "name"});
    const Node* versions = findPath(group, {"versions"});
    if (!versions || !versions->isSequence()) continue;
    for (const auto& v : versions->items()) {
      const Node* resources = findPath(v, {"resources"});
      if (!resources || !resources->isSequence()) continue;
      for (const auto& r : resources->items()) {
        ApiResource a;
        a.group = name;
        a.version = textAt(v, {"version"});
        a.plural = textAt(r, {"resource"});
        a.kind = textAt(r, {"responseKind", "kind"});
        a.singular = textAt(r, {"singularResource"});
        a.namespaced = textAt(r, {"scope"}) != "Cluster";
        a.verbs = strings(findPath(r, {"verbs"}));
        if (!a.plural.empty() && !a.kind.empty()) addResource(d.resources, std::move(a));
      }
    }
  }
}

ApiResult<Node> getJson(RestClient& c, const std::string& path, const char* accept, std::string* contentType) {
  RestRequest req;
  req.path = path;
  req.accept = accept;
  auto resp = c.request(req);
  if (!resp) return resp.error();
  if (contentType) *contentType = resp->contentType;
  auto parsed = parseJson(resp->body);
  if (!parsed) {
    return makeApiError(ApiErrorKind::BadResponse, "the answer is not JSON", "GET", c.url(path));
  }
  return parsed.value();
}

// GET /api/v1 or /apis/g/v: an APIResourceList.
void readResourceList(RestClient& c, const std::string& group, const std::string& version, Discovery& d) {
  const std::string path = group.empty() ? "/api/" + version : "/apis/" + group + "/" + version;
  auto list = getJson(c, path, "application/json", nullptr);
  if (!list) {
    d.warnings.push_back(list.error().describe());
    return;
  }
  const Node* resources = findPath(*list, {"resources"});
  if (!resources || !resources->isSequence()) return;
  for (const auto& r : resources->items()) {
    ApiResource a;
    a.group = group;
    a.version = version;
    a.plural = textAt(r, {"name"});
    if (a.plural.find('/') != std::string::npos) continue;  // subresources (status, scale)
    a.kind = textAt(r, {"kind"});
    a.singular = textAt(r, {"singularName"});
    const Node* ns = findPath(r, {"namespaced"});
    a.namespaced = !ns || ns->asBool().value_or(true);
    a.verbs = strings(findPath(r, {"verbs"}));
    addResource(d.resources, std::move(a));
  }
}

ApiResult<Discovery> legacy(RestClient& c, const DiscoveryOptions& o, Discovery d) {
  auto api = getJson(c, "/api", "application/json", nullptr);
  if (!api) return api.error();
  for (const auto& v : strings(findPath(*api, {"versions"}))) readResourceList(c, "", v, d);
  auto apis = getJson(c, "/apis", "application/json", nullptr);
  if (!apis) return apis.error();
  const Node* groups = findPath(*apis, {"groups"});
  if (!groups || !groups->isSequence()) return d;
  for (const auto& g : groups->items()) {
    const std::string name = textAt(g, {"name"});
    if (!o.legacyGroups.empty() &&
        std::find(o.legacyGroups.begin(), o.legacyGroups.end(), name) == o.legacyGroups.end()) {
      continue;
    }
    std::vector<std::string> versions;
    const std::string preferred = textAt(g, {"preferredVersion", "version"});
    if (!preferred.empty()) versions.push_back(preferred);
    if (const Node* vs = findPath(g, {"versions"}); vs && vs->isSequence()) {
      for (const auto& v : vs->items()) {
        const std::string version = textAt(v, {"version"});
        if (std::find(versions.begin(), versions.end(), version) == versions.end()) versions.push_back(version);
      }
    }
    for (const auto& v : versions) readResourceList(c, name, v, d);
  }
  return d;
}

}  // namespace

const std::vector<GroupKind> kRouteDeckKinds = {
    {"gateway.networking.k8s.io", "Gateway"},       {"gateway.networking.k8s.io", "HTTPRoute"},
    {"gateway.networking.k8s.io", "GRPCRoute"},     {"gateway.networking.k8s.io", "ReferenceGrant"},
    {"", "Service"},                                {"discovery.k8s.io", "EndpointSlice"},
    {"networking.istio.io", "Gateway"},             {"networking.istio.io", "VirtualService"},
    {"networking.istio.io", "DestinationRule"},     {"appmesh.k8s.aws", "VirtualGateway"},
    {"appmesh.k8s.aws", "GatewayRoute"},            {"appmesh.k8s.aws", "VirtualRouter"},
    {"appmesh.k8s.aws", "VirtualService"},          {"appmesh.k8s.aws", "VirtualNode"},
};

std::vector<ApiResource> Discovery::routeDeckResources() const {
  std::vector<ApiResource> out;
  for (const auto& gk : kRouteDeckKinds) {
    if (const ApiResource* r = find(gk.group, gk.kind)) out.push_back(*r);
  }
  return out;
}

bool ApiResource::hasVerb(std::string_view verb) const {
  return std::find(verbs.begin(), verbs.end(), verb) != verbs.end();
}

const char* dialectGroup(Dialect d) {
  switch (d) {
    case Dialect::GatewayApi: return "gateway.networking.k8s.io";
    case Dialect::Istio: return "networking.istio.io";
    case Dialect::AppMesh: return "appmesh.k8s.aws";
  }
  return "";
}

const ApiResource* Discovery::find(std::string_view group, std::string_view kind) const {
  for (const auto& r : resources) {
    if (r.group == group && r.kind == kind) return &r;
  }
  return nullptr;
}

ApiResult<ApiResource> Discovery::resolve(std::string_view apiVersion, std::string_view kind) const {
  const auto slash = apiVersion.find('/');
  const std::string group(slash == std::string_view::npos ? std::string_view() : apiVersion.substr(0, slash));
  const std::string version(slash == std::string_view::npos ? apiVersion : apiVersion.substr(slash + 1));
  const ApiResource* r = find(group, kind);
  if (!r) {
    return makeApiError(ApiErrorKind::NotFound, "the server does not serve kind " + std::string(kind) + " in " +
                                                    (group.empty() ? "the core group" : "group " + group));
  }
  if (std::find(r->versions.begin(), r->versions.end(), version) == r->versions.end()) {
    std::string served;
    for (const auto& v : r->versions) served += (served.empty() ? "" : ", ") + v;
    return makeApiError(ApiErrorKind::NotFound, "the server does not serve " + std::string(kind) + " at " +
                                                    std::string(apiVersion) + " (it serves " + served + ")");
  }
  ApiResource out = *r;
  out.version = version;
  return out;
}

bool Discovery::serves(Dialect d) const {
  const std::string group = dialectGroup(d);
  return std::any_of(resources.begin(), resources.end(), [&](const ApiResource& r) { return r.group == group; });
}

ApiResult<Discovery> discover(RestClient& client, const DiscoveryOptions& options) {
  Discovery d;
  if (options.preferAggregated) {
    std::string ctApis, ctApi;
    auto apis = getJson(client, "/apis", kAggregatedAccept, &ctApis);
    if (!apis) return apis.error();
    // A server (or proxy) that ignores the Accept answers a legacy APIGroupList with
    // plain application/json; only the echoed media type proves the aggregated form.
    if (isAggregated(ctApis)) {
      auto api = getJson(client, "/api", kAggregatedAccept, &ctApi);
      if (!api) return api.error();
      if (isAggregated(ctApi)) {
        d.aggregated = true;
        readAggregated(*api, d);
        readAggregated(*apis, d);
        return d;
      }
    }
  }
  return legacy(client, options, std::move(d));
}

}  // namespace routedeck::core::kube
