#include <string>

#include "proxycore/dialects/gatewayapi/gatewayapi_export_internal.h"

namespace routedeck::core::dialects::gatewayapi {

namespace {

using namespace detail;
using model::PathMatchType;
using model::StringMatchType;
using yaml::Node;

constexpr const char* kApiVersion = "gateway.networking.k8s.io/v1";

// Writes value unless it equals the API default and the document did not
// spell it out: Gateway API fills defaults server-side, and writing them
// would make an unedited document differ from its source.
void setDefaulted(Node& map, const std::string& key, const std::string& value,
                  const std::string& apiDefault) {
  if (value == apiDefault && !map.has(key)) {
    return;
  }
  setOrErase(map, key, std::optional(value));
}

const char* pathTypeName(PathMatchType t) {
  switch (t) {
    case PathMatchType::Exact:
      return "Exact";
    case PathMatchType::RegularExpression:
      return "RegularExpression";
    case PathMatchType::PathPrefix:
    case PathMatchType::StringPrefix:
      return "PathPrefix";
  }
  return "PathPrefix";
}

Node writeValueMatch(const std::string& name, const model::StringMatch& m, Node base) {
  setDefaulted(base, "type", m.type == StringMatchType::RegularExpression ? "RegularExpression" : "Exact",
               "Exact");
  setOrErase(base, "name", std::optional(name));
  setOrErase(base, "value", std::optional(m.value));
  return base;
}

Node writeHttpMatch(const model::RouteMatch& m, Node base) {
  if (m.path) {
    Node& p = child(base, "path");
    setDefaulted(p, "type", pathTypeName(m.path->type), "PathPrefix");
    setDefaulted(p, "value", m.path->value, "/");
  } else {
    base.erase("path");
  }
  auto writeList = [&](const std::string& key, const auto& list) {
    if (list.empty()) {
      base.erase(key);
      return;
    }
    Node seq = Node::sequence();
    for (size_t i = 0; i < list.size(); ++i) {
      seq.push(writeValueMatch(list[i].name, list[i].match, baseItem(&base, key, static_cast<int>(i))));
    }
    base.set(key, std::move(seq));
  };
  writeList("headers", m.headers);
  writeList("queryParams", m.queryParams);
  setOrErase(base, "method", m.method);
  return base;
}

Node writeGrpcMatch(const model::RouteMatch& m, Node base) {
  if (m.grpc) {
    Node& meth = child(base, "method");
    setDefaulted(meth, "type",
                 m.grpc->type == StringMatchType::RegularExpression ? "RegularExpression" : "Exact",
                 "Exact");
    setOrErase(meth, "service",
               m.grpc->service.empty() ? std::nullopt : std::optional(m.grpc->service));
    setOrErase(meth, "method", m.grpc->method.empty() ? std::nullopt : std::optional(m.grpc->method));
  } else {
    base.erase("method");
  }
  if (m.headers.empty()) {
    base.erase("headers");
  } else {
    Node seq = Node::sequence();
    for (size_t i = 0; i < m.headers.size(); ++i) {
      seq.push(writeValueMatch(m.headers[i].name, m.headers[i].match,
                               baseItem(&base, "headers", static_cast<int>(i))));
    }
    base.set("headers", std::move(seq));
  }
  return base;
}

Node writeRule(const model::RouteRule& rule, Node base, bool grpc) {
  setOrErase(base, "name", rule.name);
  Node matches = Node::sequence();
  for (const auto& m : rule.matches) {
    Node mb = baseItem(&base, "matches", m.origin.index);
    matches.push(grpc ? writeGrpcMatch(m, mb) : writeHttpMatch(m, mb));
  }
  setSequence(base, "matches", std::move(matches));
  setSequence(base, "filters", writeRuleFilters(rule, base));
  Node backends = Node::sequence();
  for (const auto& b : rule.backends) {
    backends.push(writeBackendRef(b, baseItem(&base, "backendRefs", b.origin.index)));
  }
  setSequence(base, "backendRefs", std::move(backends));
  if (!rule.timeouts.empty()) {
    Node& t = child(base, "timeouts");
    setOrErase(t, "request", rule.timeouts.request ? std::optional(rule.timeouts.request->str())
                                                   : std::optional<std::string>());
    setOrErase(t, "backendRequest", rule.timeouts.backendRequest
                                        ? std::optional(rule.timeouts.backendRequest->str())
                                        : std::optional<std::string>());
  } else {
    base.erase("timeouts");
  }
  if (rule.retry) {
    Node& r = child(base, "retry");
    setOrErase(r, "attempts", rule.retry->attempts);
    Node codes = Node::sequence();
    for (int c : rule.retry->statusCodes) {
      codes.push(Node::fromInt(c));
    }
    setSequence(r, "codes", std::move(codes));
    setOrErase(r, "backoff", rule.retry->backoff ? std::optional(rule.retry->backoff->str())
                                                 : std::optional<std::string>());
  } else {
    base.erase("retry");
  }
  return base;
}

Node writeRoute(const model::Route& route) {
  Node doc = startDocument(route.meta, kApiVersion, model::routeKindName(route.kind));
  Node& spec = child(doc, "spec");
  const Node original = spec;
  Node parents = Node::sequence();
  for (size_t i = 0; i < route.parents.size(); ++i) {
    const auto& p = route.parents[i];
    Node n = baseItem(&original, "parentRefs", static_cast<int>(i));
    setOrErase(n, "group", p.group.empty() && !n.has("group") ? std::nullopt : std::optional(p.group));
    setOrErase(n, "kind", p.kind.empty() ? std::nullopt : std::optional(p.kind));
    setOrErase(n, "name", std::optional(p.name));
    setOrErase(n, "namespace", p.ns.empty() ? std::nullopt : std::optional(p.ns));
    setOrErase(n, "sectionName", p.sectionName);
    setOrErase(n, "port", p.port);
    parents.push(n);
  }
  setSequence(spec, "parentRefs", std::move(parents));
  setStrings(spec, "hostnames", route.hostnames);
  Node rules = Node::sequence();
  const bool grpc = route.kind == model::RouteKind::GRPCRoute;
  for (const auto& r : route.rules) {
    rules.push(writeRule(r, baseItem(&original, "rules", r.origin.index), grpc));
  }
  setSequence(spec, "rules", std::move(rules));
  return doc;
}

Node writeListener(const model::Listener& l, Node base) {
  setOrErase(base, "name", std::optional(l.name));
  setOrErase(base, "hostname",
             l.hostnames.empty() ? std::nullopt : std::optional(l.hostnames.front()));
  setOrErase(base, "port", std::optional(l.port));
  setOrErase(base, "protocol", std::optional(l.protocol));
  if (l.tls) {
    Node& t = child(base, "tls");
    setDefaulted(t, "mode", l.tls->mode.empty() ? "Terminate" : l.tls->mode, "Terminate");
    Node certs = Node::sequence();
    for (size_t i = 0; i < l.tls->certificateRefs.size(); ++i) {
      const auto& c = l.tls->certificateRefs[i];
      Node n = baseItem(&t, "certificateRefs", static_cast<int>(i));
      setOrErase(n, "group", c.group.empty() && !n.has("group") ? std::nullopt : std::optional(c.group));
      setOrErase(n, "kind", c.kind.empty() ? std::nullopt : std::optional(c.kind));
      setOrErase(n, "name", std::optional(c.name));
      setOrErase(n, "namespace", c.ns.empty() ? std::nullopt : std::optional(c.ns));
      certs.push(n);
    }
    setSequence(t, "certificateRefs", std::move(certs));
  } else {
    base.erase("tls");
  }
  if (l.allowedRoutes) {
    Node& ar = child(base, "allowedRoutes");
    if (l.allowedRoutes->from != "Same" || ar.has("namespaces")) {
      Node& nss = child(ar, "namespaces");
      setDefaulted(nss, "from", l.allowedRoutes->from, "Same");
      if (!l.allowedRoutes->selector.matchLabels.empty()) {
        setLabels(child(nss, "selector"), "matchLabels", l.allowedRoutes->selector.matchLabels);
      }
    }
    Node kinds = Node::sequence();
    for (size_t i = 0; i < l.allowedRoutes->kinds.size(); ++i) {
      Node k = baseItem(&ar, "kinds", static_cast<int>(i));
      setOrErase(k, "kind", std::optional(l.allowedRoutes->kinds[i]));
      kinds.push(k);
    }
    setSequence(ar, "kinds", std::move(kinds));
  } else {
    base.erase("allowedRoutes");
  }
  return base;
}

Node writeGateway(const model::Gateway& g) {
  Node doc = startDocument(g.meta, kApiVersion, "Gateway");
  Node& spec = child(doc, "spec");
  const Node original = spec;
  if (g.isListenerSet() || g.meta.kind == "XListenerSet") {
    Node& parent = child(spec, "parentRef");
    setOrErase(parent, "name", g.parentGatewayName);
    setOrErase(parent, "namespace", g.parentGatewayNamespace);
  } else {
    setOrErase(spec, "gatewayClassName", std::optional(g.gatewayClassName));
  }
  if (g.allowedListenersFrom) {
    setOrErase(child(child(spec, "allowedListeners"), "namespaces"), "from", g.allowedListenersFrom);
  } else if (Node* al = spec.find("allowedListeners"); al && al->find("namespaces")) {
    al->find("namespaces")->erase("from");
  }
  Node listeners = Node::sequence();
  for (const auto& l : g.listeners) {
    listeners.push(writeListener(l, baseItem(&original, "listeners", l.origin.index)));
  }
  setSequence(spec, "listeners", std::move(listeners));
  return doc;
}

Node writeReferenceGrant(const model::ReferenceGrant& g) {
  Node doc = startDocument(g.meta, "gateway.networking.k8s.io/v1beta1", "ReferenceGrant");
  Node& spec = child(doc, "spec");
  const Node original = spec;
  Node from = Node::sequence();
  for (size_t i = 0; i < g.from.size(); ++i) {
    Node n = baseItem(&original, "from", static_cast<int>(i));
    setOrErase(n, "group", std::optional(g.from[i].group));
    setOrErase(n, "kind", std::optional(g.from[i].kind));
    setOrErase(n, "namespace", std::optional(g.from[i].ns));
    from.push(n);
  }
  setSequence(spec, "from", std::move(from));
  Node to = Node::sequence();
  for (size_t i = 0; i < g.to.size(); ++i) {
    Node n = baseItem(&original, "to", static_cast<int>(i));
    setOrErase(n, "group", std::optional(g.to[i].group));
    setOrErase(n, "kind", std::optional(g.to[i].kind));
    setOrErase(n, "name", g.to[i].name);
    to.push(n);
  }
  setSequence(spec, "to", std::move(to));
  return doc;
}

}  // namespace

Node writeHeaderModifier(const model::HeaderModifier& m, const Node& base) {
  Node n = base.isMap() ? base : Node::map();
  for (const char* key : {"set", "add"}) {
    const auto& list = std::string(key) == "set" ? m.set : m.add;
    Node seq = Node::sequence();
    for (size_t i = 0; i < list.size(); ++i) {
      Node item = baseItem(&n, key, static_cast<int>(i));
      setOrErase(item, "name", std::optional(list[i].name));
      setOrErase(item, "value", std::optional(list[i].value));
      seq.push(item);
    }
    setSequence(n, key, std::move(seq));
  }
  setStrings(n, "remove", m.remove);
  return n;
}

void exportOwn(const model::Config& config, std::vector<Node>& out) {
  for (const auto& g : config.gateways) {
    if (g.dialect == model::Dialect::GatewayApi) {
      out.push_back(writeGateway(g));
    }
  }
  for (const auto& r : config.routes) {
    if (r.dialect == model::Dialect::GatewayApi) {
      out.push_back(writeRoute(r));
    }
  }
  for (const auto& g : config.referenceGrants) {
    out.push_back(writeReferenceGrant(g));
  }
}

}  // namespace routedeck::core::dialects::gatewayapi
