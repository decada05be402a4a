#include "tests/kubeapi/openapi.h"

#include "tests/kubeapi/resource_catalog.h"

namespace routedeck::tests::kubeapi {

namespace {

std::string gvPath(const std::string& group, const std::string& version) {
  return group.empty() ? "api/" + version : "apis/" + group + "/" + version;
}

std::string hashOf(const std::string& text) { return base64Encode(text).substr(0, 16); }

Json queryParameter(const std::string& name, const std::string& type,
                    const std::string& description) {
  return {{"name", name},
          {"in", "query"},
          {"description", description},
          {"schema", {{"type", type}}},
          {"uniqueItems", true}};
}

Json writeParameters(bool patch) {
  Json p = Json::array(
      {queryParameter("dryRun", "string", "When present, modifications are not persisted."),
       queryParameter("fieldManager", "string", "The name of the actor making the change."),
       queryParameter("fieldValidation", "string",
                      "How to handle unknown or duplicate fields: Ignore, Warn or Strict.")});
  if (patch) {
    p.push_back(queryParameter("force", "boolean",
                               "Force apply requests to take over conflicting fields."));
  }
  return p;
}

Json gvk(const ResourceType& t, const std::string& version) {
  return {{"group", t.group}, {"version", version}, {"kind", t.kind}};
}

std::string schemaName(const ResourceType& t, const std::string& version) {
  return "io.routedeck.test." + (t.group.empty() ? std::string("core") : t.group) + "." + version +
         "." + t.kind;
}

Json operation(const std::string& id, const std::string& action, const ResourceType& t,
               const std::string& version) {
  const Json ref = {{"$ref", "#/components/schemas/" + schemaName(t, version)}};
  Json op = {
      {"operationId", id},
      {"responses",
       {{"200", {{"description", "OK"}, {"content", {{"application/json", {{"schema", ref}}}}}}}}},
      {"x-kubernetes-action", action},
      {"x-kubernetes-group-version-kind", gvk(t, version)}};
  if (action == "patch") {
    // Exactly these three: with strategic merge listed, kubectl 1.33 tries
    // to build a strategic patch from the schema and fails.
    op["requestBody"] = {{"content",
                          {{"application/json-patch+json", {{"schema", {{"type", "object"}}}}},
                           {"application/merge-patch+json", {{"schema", {{"type", "object"}}}}},
                           {"application/apply-patch+yaml", {{"schema", {{"type", "object"}}}}}}},
                         {"required", true}};
    op["parameters"] = writeParameters(true);
  } else if (action == "put" || action == "post") {
    op["requestBody"] = {{"content", {{"application/json", {{"schema", ref}}}}},
                         {"required", true}};
    op["parameters"] = writeParameters(false);
  }
  return op;
}

void addPaths(Json& paths, const ResourceType& t, const std::string& version) {
  std::string base = "/" + gvPath(t.group, version) + "/";
  if (t.namespaced) {
    base += "namespaces/{namespace}/";
  }
  const std::string collection = base + t.plural;
  const std::string item = collection + "/{name}";
  const std::string id = t.kind + version;
  paths[collection] = {{"get", operation("list" + id, "list", t, version)},
                       {"post", operation("create" + id, "post", t, version)}};
  paths[item] = {{"get", operation("read" + id, "get", t, version)},
                 {"put", operation("replace" + id, "put", t, version)},
                 {"patch", operation("patch" + id, "patch", t, version)},
                 {"delete", operation("delete" + id, "delete", t, version)},
                 {"parameters", writeParameters(true)}};
  if (t.statusSubresource) {
    paths[item + "/status"] = {{"get", operation("read" + id + "Status", "get", t, version)},
                               {"put", operation("replace" + id + "Status", "put", t, version)},
                               {"patch", operation("patch" + id + "Status", "patch", t, version)},
                               {"parameters", writeParameters(true)}};
  }
}

}  // namespace

Answer openApiV3Root() {
  Json paths = Json::object();
  const auto& catalog = ResourceCatalog::instance();
  std::vector<std::pair<std::string, std::string>> gvs{{"", "v1"}};
  for (const auto& g : catalog.groups()) {
    for (const auto& v : catalog.versions(g)) {
      gvs.emplace_back(g, v);
    }
  }
  for (const auto& [g, v] : gvs) {
    const std::string p = gvPath(g, v);
    paths[p] = {{"serverRelativeURL", "/openapi/v3/" + p + "?hash=" + hashOf(p)}};
  }
  return Answer(200, Json{{"paths", std::move(paths)}});
}

std::optional<Answer> openApiV3GroupVersion(const std::string& path) {
  Json paths = Json::object();
  Json schemas = Json::object();
  for (const auto& t : ResourceCatalog::instance().types()) {
    for (const auto& v : t.versions) {
      if (gvPath(t.group, v) != path) {
        continue;
      }
      addPaths(paths, t, v);
      schemas[schemaName(t, v)] = {{"type", "object"},
                                   {"x-kubernetes-preserve-unknown-fields", true},
                                   {"x-kubernetes-group-version-kind", Json::array({gvk(t, v)})}};
    }
  }
  if (paths.empty()) {
    return std::nullopt;
  }
  return Answer(200,
                Json{{"openapi", "3.0.0"},
                     {"info", {{"title", "Kubernetes"}, {"version", "v1.30.0-routedeck-test"}}},
                     {"paths", std::move(paths)},
                     {"components", {{"schemas", std::move(schemas)}}}});
}

}  // namespace routedeck::tests::kubeapi
