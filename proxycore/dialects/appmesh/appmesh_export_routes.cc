#include "proxycore/dialects/appmesh/appmesh_internal.h"

namespace routedeck::core::dialects::appmesh::detail {

namespace {

using yaml::Node;

// The "<type>Route" node to patch: the original one of that type, else the
// original of another type (its match is dropped: the fields differ), else a
// new map. Keys of the other types are removed.
template <size_t N>
Node takeRouteNode(Node& parent, const std::string& type, const char* const (&types)[N]) {
  Node rn = Node::map();
  if (const Node* same = parent.find(type + "Route"); same && same->isMap()) {
    rn = *same;
  } else {
    for (const char* t : types) {
      if (const Node* other = parent.find(std::string(t) + "Route"); other && other->isMap()) {
        rn = *other;
        rn.erase("match");
        break;
      }
    }
  }
  for (const char* t : types) {
    if (type != t) {
      parent.erase(std::string(t) + "Route");
    }
  }
  return rn;
}

void writeRuleMatch(Node& rn, const model::RouteRule& rule, const std::string& type) {
  if (rule.matches.empty()) {
    dropKey(rn, "match");
    return;
  }
  // App Mesh routes have one match; further ones cannot be written.
  patchMap(rn, "match", [&](Node& m) { writeMatch(m, rule.matches.front(), type); });
  if (!rn.has("match")) {
    // A match-everything match still has to be there to read back as one.
    rn.set("match", Node::map());
  }
}

void writeRewrite(Node& action, const std::optional<model::Rewrite>& rewrite) {
  if (!rewrite) {
    if (const Node* old = action.find("rewrite"); old && !old->isNull()) {
      action.erase("rewrite");
    }
    return;
  }
  using model::PathModifierType;
  auto enabled = [](std::optional<bool> b) -> std::optional<std::string> {
    if (!b) {
      return std::nullopt;
    }
    return std::string(*b ? "ENABLED" : "DISABLED");
  };
  const auto& path = rewrite->path;
  patchMap(action, "rewrite", [&](Node& rw) {
    patchMap(rw, "prefix", [&](Node& p) {
      setOrErase(p, "defaultPrefix", enabled(rewrite->appMeshDefaultPrefix));
      const bool value = path && path->type == PathModifierType::ReplacePrefixMatch;
      setOrErase(p, "value", value ? std::optional(path->value) : std::nullopt);
    });
    patchMap(rw, "path", [&](Node& p) {
      const bool exact = path && path->type == PathModifierType::ReplaceFullPath;
      setOrErase(p, "exact", exact ? std::optional(path->value) : std::nullopt);
    });
    patchMap(rw, "hostname", [&](Node& h) {
      setOrErase(h, "defaultTargetHostname", enabled(rewrite->appMeshDefaultHostname));
    });
  });
  if (!action.has("rewrite")) {
    action.set("rewrite", Node::map());
  }
}

void writeWeightedTargets(Node& rn, const std::vector<model::BackendRef>& backends) {
  patchMap(rn, "action", [&](Node& action) {
    if (backends.empty()) {
      dropKey(action, "weightedTargets");
      return;
    }
    Node seq = Node::sequence();
    for (const auto& b : backends) {
      Node t = baseItem(&action, "weightedTargets", b.origin.index);
      writeRef(t, "virtualNodeRef", "virtualNodeARN", b.kind == "VirtualNodeARN", b.name, b.ns);
      setOrErase(t, "weight", b.weight);
      setOrErase(t, "port", b.port);
      seq.push(std::move(t));
    }
    action.set("weightedTargets", std::move(seq));
  });
}

Node writeRouterRoute(const Node* spec, const model::RouteRule& rule) {
  Node item = baseItem(spec, "routes", rule.origin.index);
  setOrErase(item, "name", rule.name);
  setOrErase(item, "priority", rule.priority);
  const std::string type = routerRuleType(rule);
  Node rn = takeRouteNode(item, type, kRouterRouteTypes);
  writeRuleMatch(rn, rule, type);
  writeWeightedTargets(rn, rule.backends);
  patchMap(rn, "timeout", [&](Node& t) {
    writeDuration(t, "perRequest", type == "tcp" ? std::nullopt : rule.timeouts.request);
    writeDuration(t, "idle", rule.timeouts.idle);
  });
  if (type != "tcp") {
    writeRetryPolicy(rn, rule.retry);
  }
  item.set(type + "Route", std::move(rn));
  return item;
}

}  // namespace

Node writeGatewayRoute(const model::Route& route) {
  Node doc = startDocument(route.meta, kApiVersion, "GatewayRoute");
  patchMap(doc, "spec", [&](Node& spec) {
    setOrErase(spec, "priority", route.priority);
    const std::string type = route.protocol.empty() ? "http" : route.protocol;
    Node rn = takeRouteNode(spec, type, kGatewayRouteTypes);
    // A GatewayRoute holds one rule; an editor's further rules cannot be written.
    if (!route.rules.empty()) {
      const model::RouteRule& rule = route.rules.front();
      writeRuleMatch(rn, rule, type);
      patchMap(rn, "action", [&](Node& action) {
        patchMap(action, "target", [&](Node& target) {
          if (rule.backends.empty()) {
            dropKey(target, "virtualService");
            target.erase("port");
            return;
          }
          const model::BackendRef& b = rule.backends.front();
          patchMap(target, "virtualService", [&](Node& vs) {
            writeRef(vs, "virtualServiceRef", "virtualServiceARN", b.kind == "VirtualServiceARN",
                     b.name, b.ns);
          });
          setOrErase(target, "port", b.port);
        });
        writeRewrite(action, rule.rewrite);
      });
    }
    spec.set(type + "Route", std::move(rn));
  });
  return doc;
}

Node writeVirtualRouter(const model::Route& route) {
  Node doc = startDocument(route.meta, kApiVersion, "VirtualRouter");
  patchMap(doc, "spec", [&](Node& spec) {
    if (route.rules.empty()) {
      dropKey(spec, "routes");
      return;
    }
    Node seq = Node::sequence();
    for (const auto& rule : route.rules) {
      seq.push(writeRouterRoute(&spec, rule));
    }
    spec.set("routes", std::move(seq));
  });
  return doc;
}

}  // namespace routedeck::core::dialects::appmesh::detail
