#include "tests/kubeapi/routing.h"

#include <vector>

namespace routedeck::tests::kubeapi {

namespace {

std::vector<std::string> segments(const std::string& path) {
  std::vector<std::string> out;
  size_t start = 1;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) {
      end = path.size();
    }
    if (end > start) {
      out.push_back(path.substr(start, end - start));
    }
    start = end + 1;
  }
  return out;
}

// rest: what follows /api/v1 or /apis/<g>/<v>.
Route resourceRoute(const std::string& group, const std::string& version,
                    const std::vector<std::string>& rest) {
  Route route;
  const auto& catalog = ResourceCatalog::instance();
  ResourceRequest& r = route.resource;
  r.version = version;
  size_t i = 0;
  if (rest.size() >= 3 && rest[0] == "namespaces") {
    const ResourceType* t = catalog.find(group, version, rest[2]);
    if (t && t->namespaced) {
      r.type = t;
      r.ns = rest[1];
      i = 3;
    }
  }
  if (!r.type) {
    r.type = catalog.find(group, version, rest[0]);
    i = 1;
    if (!r.type) {
      return route;
    }
    if (r.type->namespaced && rest.size() > 1) {
      return route;  // a namespaced object is only reachable under its namespace
    }
  }
  if (i < rest.size()) {
    r.name = rest[i++];
  }
  if (i < rest.size()) {
    if (rest[i] != "status" || !r.type->statusSubresource) {
      return route;
    }
    r.status = true;
    ++i;
  }
  if (i != rest.size()) {
    return route;
  }
  route.kind = Route::Kind::Resource;
  return route;
}

}  // namespace

Route resolveRoute(const std::string& path) {
  Route route;
  const auto s = segments(path);
  if (path == "/version" || path == "/version/") {
    route.kind = Route::Kind::Version;
  } else if (path == "/healthz" || path == "/livez" || path == "/readyz") {
    route.kind = Route::Kind::Health;
  } else if (path == "/openapi/v2") {
    route.kind = Route::Kind::OpenApiV2;
  } else if (path == "/openapi/v3") {
    route.kind = Route::Kind::OpenApiV3Root;
  } else if (s.size() >= 3 && s[0] == "openapi" && s[1] == "v3") {
    route.kind = Route::Kind::OpenApiV3Doc;
    route.openApiPath = path.substr(std::string("/openapi/v3/").size());
  } else if (s.size() == 1 && s[0] == "api") {
    route.kind = Route::Kind::CoreRoot;
  } else if (s.size() == 1 && s[0] == "apis") {
    route.kind = Route::Kind::GroupsRoot;
  } else if (s.size() == 2 && s[0] == "apis") {
    route.kind = Route::Kind::Group;
    route.group = s[1];
  } else if ((s.size() == 2 && s[0] == "api") || (s.size() == 3 && s[0] == "apis")) {
    route.kind = Route::Kind::ResourceList;
    route.group = s[0] == "api" ? "" : s[1];
    route.version = s.back();
  } else if (s.size() > 2 && s[0] == "api") {
    route = resourceRoute("", s[1], {s.begin() + 2, s.end()});
  } else if (s.size() > 3 && s[0] == "apis") {
    route = resourceRoute(s[1], s[2], {s.begin() + 3, s.end()});
  }
  return route;
}

std::string verbOf(const std::string& method, const ResourceRequest& r, bool watch) {
  if (method == "GET") {
    return watch ? "watch" : r.name.empty() ? "list" : "get";
  }
  if (method == "POST") return "create";
  if (method == "PUT") return "update";
  if (method == "PATCH") return "patch";
  if (method == "DELETE") return r.name.empty() ? "deletecollection" : "delete";
  return "unknown";
}

}  // namespace routedeck::tests::kubeapi
