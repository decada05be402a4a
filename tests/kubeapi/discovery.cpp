#include "tests/kubeapi/discovery.h"

#include "tests/kubeapi/query.h"
#include "tests/kubeapi/resource_catalog.h"

namespace routedeck::tests::kubeapi {

namespace {

const Json kVerbs = Json::array(
    {"delete", "deletecollection", "get", "list", "patch", "create", "update", "watch"});
const Json kStatusVerbs = Json::array({"get", "patch", "update"});

// The first aggregated discovery version the client accepts, in its order;
// empty when it wants the legacy documents.
std::string aggregatedVersion(const std::string& accept) {
  for (const auto& part : mediaRanges(accept)) {
    if (part.find("g=apidiscovery.k8s.io") != std::string::npos &&
        part.find("as=APIGroupDiscoveryList") != std::string::npos) {
      if (part.find("v=v2beta1") != std::string::npos) {
        return "v2beta1";
      }
      if (part.find("v=v2") != std::string::npos) {
        return "v2";
      }
    }
  }
  return {};
}

Json groupVersion(const std::string& group, const std::string& version) {
  return {{"groupVersion", group.empty() ? version : group + "/" + version}, {"version", version}};
}

Json aggregatedResource(const ResourceType& t, const std::string& version) {
  Json r = Json::object();
  r["resource"] = t.plural;
  r["responseKind"] = {{"group", t.group}, {"version", version}, {"kind", t.kind}};
  r["scope"] = t.namespaced ? "Namespaced" : "Cluster";
  r["singularResource"] = t.singular;
  r["verbs"] = kVerbs;
  if (!t.shortNames.empty()) {
    r["shortNames"] = t.shortNames;
  }
  if (!t.categories.empty()) {
    r["categories"] = t.categories;
  }
  if (t.statusSubresource) {
    r["subresources"] = Json::array(
        {{{"subresource", "status"},
          {"responseKind", {{"group", t.group}, {"version", version}, {"kind", t.kind}}},
          {"verbs", kStatusVerbs}}});
  }
  return r;
}

Json aggregatedGroup(const std::string& group) {
  const auto& catalog = ResourceCatalog::instance();
  Json versions = Json::array();
  for (const auto& v : catalog.versions(group)) {
    Json resources = Json::array();
    for (const auto& t : catalog.types()) {
      if (t.group == group && t.serves(v)) {
        resources.push_back(aggregatedResource(t, v));
      }
    }
    versions.push_back(
        {{"version", v}, {"resources", std::move(resources)}, {"freshness", "Current"}});
  }
  Json metadata = Json::object();
  metadata["name"] = group;
  metadata["creationTimestamp"] = nullptr;
  return {{"metadata", std::move(metadata)}, {"versions", std::move(versions)}};
}

}  // namespace

Json versionInfo() {
  return {{"major", "1"},
          {"minor", "30"},
          {"gitVersion", "v1.30.0-routedeck-test"},
          {"gitCommit", "0000000000000000000000000000000000000000"},
          {"gitTreeState", "clean"},
          {"buildDate", "2024-04-17T00:00:00Z"},
          {"goVersion", "go1.22.2"},
          {"compiler", "gc"},
          {"platform", "linux/amd64"}};
}

Answer apiRoot(bool core, const std::string& accept) {
  const auto& catalog = ResourceCatalog::instance();
  if (const std::string v = aggregatedVersion(accept); !v.empty()) {
    Json items = Json::array();
    if (core) {
      items.push_back(aggregatedGroup(""));
    } else {
      for (const auto& g : catalog.groups()) {
        items.push_back(aggregatedGroup(g));
      }
    }
    Answer a(200, Json{{"kind", "APIGroupDiscoveryList"},
                       {"apiVersion", "apidiscovery.k8s.io/" + v},
                       {"metadata", Json::object()},
                       {"items", std::move(items)}});
    a.contentType = "application/json;g=apidiscovery.k8s.io;v=" + v + ";as=APIGroupDiscoveryList";
    return a;
  }
  const Json addresses =
      Json::array({{{"clientCIDR", "0.0.0.0/0"}, {"serverAddress", "127.0.0.1:443"}}});
  if (core) {
    return Answer(200, Json{{"kind", "APIVersions"},
                            {"versions", Json::array({"v1"})},
                            {"serverAddressByClientCIDRs", addresses}});
  }
  Json groups = Json::array();
  for (const auto& g : catalog.groups()) {
    Json versions = Json::array();
    for (const auto& v : catalog.versions(g)) {
      versions.push_back(groupVersion(g, v));
    }
    groups.push_back({{"name", g}, {"versions", versions}, {"preferredVersion", versions.front()}});
  }
  return Answer(
      200, Json{{"kind", "APIGroupList"}, {"apiVersion", "v1"}, {"groups", std::move(groups)}});
}

std::optional<Answer> resourceList(const std::string& group, const std::string& version) {
  Json resources = Json::array();
  for (const auto& t : ResourceCatalog::instance().types()) {
    if (t.group != group || !t.serves(version)) {
      continue;
    }
    Json r = Json::object();
    r["name"] = t.plural;
    r["singularName"] = t.singular;
    r["namespaced"] = t.namespaced;
    r["kind"] = t.kind;
    r["verbs"] = kVerbs;
    if (!t.shortNames.empty()) {
      r["shortNames"] = t.shortNames;
    }
    if (!t.categories.empty()) {
      r["categories"] = t.categories;
    }
    r["storageVersionHash"] = base64Encode(t.groupResource()).substr(0, 11);
    resources.push_back(std::move(r));
    if (t.statusSubresource) {
      resources.push_back({{"name", t.plural + "/status"},
                           {"singularName", ""},
                           {"namespaced", t.namespaced},
                           {"kind", t.kind},
                           {"verbs", kStatusVerbs}});
    }
  }
  if (resources.empty()) {
    return std::nullopt;
  }
  return Answer(200, Json{{"kind", "APIResourceList"},
                          {"apiVersion", "v1"},
                          {"groupVersion", group.empty() ? version : group + "/" + version},
                          {"resources", std::move(resources)}});
}

}  // namespace routedeck::tests::kubeapi
