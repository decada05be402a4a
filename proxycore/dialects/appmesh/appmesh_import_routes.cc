#include <map>

#include "proxycore/dialects/appmesh/appmesh_internal.h"

namespace routedeck::core::dialects::appmesh::detail {

namespace {

using yaml::Node;

// Which "<type>Route" keys a GatewayRoute spec or a VirtualRouter route sets.
template <size_t N>
std::vector<std::string> routeTypesPresent(const Reader& r, const Node* parent,
                                           const char* const (&types)[N]) {
  std::vector<std::string> found;
  for (const char* t : types) {
    if (parent && parent->find(std::string(t) + "Route")) {
      found.push_back(t);
    }
  }
  return found;
}

std::string listTypes(const std::vector<std::string>& types) {
  std::string out;
  for (size_t i = 0; i < types.size(); ++i) {
    out += (i == 0 ? "" : i + 1 == types.size() ? " and " : ", ") + types[i] + "Route";
  }
  return out;
}

// Exactly one route type; reports none or several and picks the first.
std::optional<std::string> pickRouteType(const Reader& r, const Node& at,
                                         const std::vector<std::string>& found,
                                         const std::string& expected, const std::string& path) {
  if (found.empty()) {
    r.error(at, "needs one of " + expected, path);
    return std::nullopt;
  }
  if (found.size() > 1) {
    r.error(at, "takes exactly one of " + expected + "; found " + listTypes(found), path);
  }
  return found.front();
}

std::optional<model::Rewrite> readRewrite(const Reader& r, const Node* action,
                                          const std::string& path) {
  const Node* n = r.map(action, "rewrite");
  if (!n) {
    return std::nullopt;
  }
  auto enabled = [](std::optional<std::string> v) -> std::optional<bool> {
    if (v == "ENABLED" || v == "DISABLED") {
      return *v == "ENABLED";
    }
    return std::nullopt;
  };
  model::Rewrite rw;
  if (const Node* prefix = r.map(n, "prefix")) {
    rw.appMeshDefaultPrefix = enabled(r.str(prefix, "defaultPrefix"));
    if (auto value = r.str(prefix, "value")) {
      rw.path = model::PathModifier{model::PathModifierType::ReplacePrefixMatch, *value};
    }
  }
  if (auto exact = r.str(r.map(n, "path"), "exact")) {
    if (rw.path) {
      r.error(*n->find("path"),
              "rewrite.prefix.value and rewrite.path.exact are mutually exclusive",
              path + ".rewrite.path");
    }
    rw.path = model::PathModifier{model::PathModifierType::ReplaceFullPath, *exact};
  }
  if (const Node* host = r.map(n, "hostname")) {
    rw.appMeshDefaultHostname = enabled(r.str(host, "defaultTargetHostname"));
  }
  return rw;
}

std::optional<model::BackendRef> readGatewayTarget(const Reader& r, const Node& routeNode,
                                                   const std::string& path) {
  const Node* target = r.map(r.map(&routeNode, "action"), "target");
  const Node* vs = r.map(target, "virtualService");
  model::BackendRef b;
  if (const Node* ref = r.map(vs, "virtualServiceRef")) {
    b.kind = "VirtualService";
    b.name = r.str(ref, "name").value_or("");
    b.ns = r.str(ref, "namespace").value_or("");
  } else if (auto arn = r.str(vs, "virtualServiceARN")) {
    b.kind = "VirtualServiceARN";
    b.name = *arn;
  } else {
    r.error(target ? *target : routeNode,
            "the target needs a virtualService with virtualServiceRef or virtualServiceARN",
            path + ".action.target.virtualService");
    return std::nullopt;
  }
  b.port = r.integer(target, "port");
  b.origin = r.origin(*target, 0);
  return b;
}

std::vector<model::BackendRef> readWeightedTargets(const Reader& r, const Node* action,
                                                   const std::string& path) {
  std::vector<model::BackendRef> out;
  const Node* targets = r.seq(action, "weightedTargets");
  if (!targets || targets->size() == 0) {
    r.error(action ? *action : r.document().root, "needs at least one weighted target",
            path + ".action.weightedTargets");
    return out;
  }
  for (size_t i = 0; i < targets->size(); ++i) {
    const Node& t = targets->items()[i];
    model::BackendRef b;
    if (const Node* ref = r.map(&t, "virtualNodeRef")) {
      b.kind = "VirtualNode";
      b.name = r.str(ref, "name").value_or("");
      b.ns = r.str(ref, "namespace").value_or("");
    } else if (auto arn = r.str(&t, "virtualNodeARN")) {
      b.kind = "VirtualNodeARN";
      b.name = *arn;
    } else {
      r.error(t, "a weighted target needs virtualNodeRef or virtualNodeARN",
              indexed(path + ".action.weightedTargets", i));
    }
    b.weight = r.integer(&t, "weight");
    b.port = r.integer(&t, "port");
    b.origin = r.origin(t, static_cast<int>(i));
    out.push_back(std::move(b));
  }
  return out;
}

model::RouteRule readRouterRoute(const Reader& r, const Node& item, size_t index,
                                 const std::string& path) {
  model::RouteRule rule;
  rule.origin = r.origin(item, static_cast<int>(index));
  rule.name = r.str(&item, "name");
  rule.priority = r.integer(&item, "priority");
  auto type = pickRouteType(r, item, routeTypesPresent(r, &item, kRouterRouteTypes),
                            "httpRoute, http2Route, grpcRoute or tcpRoute", path);
  if (!type) {
    return rule;
  }
  rule.protocol = *type;
  const std::string key = *type + "Route";
  const std::string routePath = path + "." + key;
  const Node* rn = r.map(&item, key);
  if (!rn) {
    return rule;
  }
  if (const Node* m = r.map(rn, "match")) {
    rule.matches.push_back(readMatch(r, *m, routePath + ".match", *type));
  }
  rule.backends = readWeightedTargets(r, r.map(rn, "action"), routePath);
  if (const Node* t = r.map(rn, "timeout")) {
    rule.timeouts.request = readDuration(r, t, "perRequest");
    rule.timeouts.idle = readDuration(r, t, "idle");
  }
  if (*type != "tcp") {
    rule.retry = readRetryPolicy(r, rn, routePath);
  }
  return rule;
}

}  // namespace

model::Route readGatewayRoute(const Reader& r, model::ObjectMeta meta) {
  model::Route route;
  route.dialect = model::Dialect::AppMesh;
  route.kind = model::RouteKind::GatewayRoute;
  route.meta = std::move(meta);
  const Node& root = r.document().root;
  const Node* spec = r.map(&root, "spec");
  route.priority = r.integer(spec, "priority");
  auto type = pickRouteType(r, spec ? *spec : root, routeTypesPresent(r, spec, kGatewayRouteTypes),
                            "httpRoute, http2Route or grpcRoute", "spec");
  if (!type) {
    return route;
  }
  route.protocol = *type;
  const std::string path = "spec." + *type + "Route";
  const Node* rn = r.map(spec, *type + "Route");
  if (!rn) {
    return route;
  }
  model::RouteRule rule;
  rule.origin = r.origin(*rn, 0);
  if (const Node* m = r.map(rn, "match")) {
    rule.matches.push_back(readMatch(r, *m, path + ".match", *type));
  }
  if (auto target = readGatewayTarget(r, *rn, path)) {
    rule.backends.push_back(std::move(*target));
  }
  rule.rewrite = readRewrite(r, r.map(rn, "action"), path + ".action");
  route.rules.push_back(std::move(rule));
  return route;
}

model::Route readVirtualRouter(const Reader& r, model::ObjectMeta meta) {
  model::Route route;
  route.dialect = model::Dialect::AppMesh;
  route.kind = model::RouteKind::VirtualRouter;
  route.meta = std::move(meta);
  const Node* spec = r.map(&r.document().root, "spec");
  const Node* routes = r.seq(spec, "routes");
  if (!routes) {
    return route;
  }
  std::map<std::string, size_t> seen;
  for (size_t i = 0; i < routes->size(); ++i) {
    const std::string path = indexed("spec.routes", i);
    model::RouteRule rule = readRouterRoute(r, routes->items()[i], i, path);
    if (rule.name) {
      auto [it, fresh] = seen.emplace(*rule.name, i);
      if (!fresh) {
        r.error(*routes->items()[i].find("name"),
                "duplicate route name \"" + *rule.name + "\" (also spec.routes[" +
                    std::to_string(it->second) + "])",
                path + ".name");
      }
    }
    route.rules.push_back(std::move(rule));
  }
  return route;
}

std::string routerRuleType(const model::RouteRule& rule) {
  if (!rule.protocol.empty()) {
    return rule.protocol;
  }
  const bool grpc = !rule.matches.empty() && rule.matches.front().grpc.has_value();
  return grpc ? "grpc" : "http";
}

}  // namespace routedeck::core::dialects::appmesh::detail
