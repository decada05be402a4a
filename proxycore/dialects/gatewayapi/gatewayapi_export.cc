#include <string>

#include "proxycore/dialects/gatewayapi/gatewayapi.h"

namespace routedeck::core::dialects::gatewayapi {

namespace {

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

Node writePathModifier(const model::PathModifier& p, Node base) {
  const bool full = p.type == model::PathModifierType::ReplaceFullPath;
  base.set("type", Node::str(full ? "ReplaceFullPath" : "ReplacePrefixMatch"));
  base.erase(full ? "replacePrefixMatch" : "replaceFullPath");
  setOrErase(base, full ? "replaceFullPath" : "replacePrefixMatch", std::optional(p.value));
  return base;
}

Node writeBackendRef(const model::BackendRef& b, Node base);

// The modelled filters of a rule or of a backendRef.
struct FilterView {
  const model::HeaderModifier* requestHeaders = nullptr;
  const model::HeaderModifier* responseHeaders = nullptr;
  const model::Redirect* redirect = nullptr;
  const model::Rewrite* rewrite = nullptr;
  const std::vector<model::Mirror>* mirrors = nullptr;
  const model::CorsPolicy* cors = nullptr;
};

Node writeFilters(const FilterView& v, const Node& base);

Node writeBackendRef(const model::BackendRef& b, Node base) {
  setOrErase(base, "group", b.group.empty() && !base.has("group") ? std::nullopt : std::optional(b.group));
  setOrErase(base, "kind", b.kind.empty() ? std::nullopt : std::optional(b.kind));
  setOrErase(base, "name", std::optional(b.name));
  setOrErase(base, "namespace", b.ns.empty() ? std::nullopt : std::optional(b.ns));
  setOrErase(base, "port", b.port);
  setOrErase(base, "weight", b.weight);
  FilterView view;
  view.requestHeaders = b.requestHeaders.empty() ? nullptr : &b.requestHeaders;
  view.responseHeaders = b.responseHeaders.empty() ? nullptr : &b.responseHeaders;
  view.redirect = b.redirect.get();
  view.rewrite = b.rewrite.get();
  Node filters = writeFilters(view, base);
  if (filters.size() == 0) {
    if (const Node* old = base.find("filters"); !(old && old->isSequence() && old->size() == 0)) {
      base.erase("filters");
    }
  } else {
    base.set("filters", std::move(filters));
  }
  return base;
}

// One filter entry for a modelled filter type, patched onto its original.
Node filterEntry(const std::string& type, const std::string& key, Node body, Node base) {
  setOrErase(base, "type", std::optional(type));
  base.set(key, std::move(body));
  return base;
}

Node redirectBody(const model::Redirect& r, const Node* base) {
  Node n = base ? *base : Node::map();
  setOrErase(n, "scheme", r.scheme);
  setOrErase(n, "hostname", r.hostname);
  if (r.path) {
    const Node* bp = n.find("path");
    n.set("path", writePathModifier(*r.path, bp ? *bp : Node::map()));
  } else {
    n.erase("path");
  }
  setOrErase(n, "port", r.port);
  setOrErase(n, "statusCode", r.statusCode);
  return n;
}

Node rewriteBody(const model::Rewrite& r, const Node* base) {
  Node n = base ? *base : Node::map();
  setOrErase(n, "hostname", r.hostname);
  if (r.path) {
    const Node* bp = n.find("path");
    n.set("path", writePathModifier(*r.path, bp ? *bp : Node::map()));
  } else {
    n.erase("path");
  }
  return n;
}

Node mirrorBody(const model::Mirror& m, const Node* base) {
  Node n = base ? *base : Node::map();
  const Node* bb = n.find("backendRef");
  n.set("backendRef", writeBackendRef(m.backend, bb ? *bb : Node::map()));
  setOrErase(n, "percent",
             m.percent ? std::optional(static_cast<int>(*m.percent)) : std::optional<int>());
  if (m.fractionNumerator) {
    Node& f = child(n, "fraction");
    setOrErase(f, "numerator", m.fractionNumerator);
    setOrErase(f, "denominator", m.fractionDenominator);
  } else {
    n.erase("fraction");
  }
  return n;
}

Node corsBody(const model::CorsPolicy& c, const Node* base) {
  Node n = base ? *base : Node::map();
  std::vector<std::string> origins;
  for (const auto& o : c.allowOrigins) {
    origins.push_back(o.value);
  }
  setStrings(n, "allowOrigins", origins);
  setStrings(n, "allowMethods", c.allowMethods);
  setStrings(n, "allowHeaders", c.allowHeaders);
  setStrings(n, "exposeHeaders", c.exposeHeaders);
  setOrErase(n, "maxAge",
             c.maxAge ? std::optional(static_cast<int>(c.maxAge->millis / 1000)) : std::optional<int>());
  setOrErase(n, "allowCredentials", c.allowCredentials);
  return n;
}

// Rebuilds a filters list: original order for filter types still present,
// unmodelled filters (ExtensionRef, ...) untouched, new ones appended.
Node writeFilters(const FilterView& v, const Node& base) {
  Node seq = Node::sequence();
  bool reqDone = false, respDone = false, redirDone = false, rewriteDone = false, corsDone = false;
  size_t mirrorsDone = 0;
  const size_t mirrorCount = v.mirrors ? v.mirrors->size() : 0;
  auto bodyOf = [](const Node& f, const char* key) { return f.find(key); };
  if (const Node* old = base.find("filters"); old && old->isSequence()) {
    for (const auto& f : old->items()) {
      const Node* typeNode = f.find("type");
      std::string t = typeNode && typeNode->isScalar() ? typeNode->text() : "";
      if (t == "RequestHeaderModifier") {
        if (v.requestHeaders && !reqDone) {
          const Node* b = bodyOf(f, "requestHeaderModifier");
          seq.push(filterEntry(t, "requestHeaderModifier",
                               writeHeaderModifier(*v.requestHeaders, b ? *b : Node::map()), f));
          reqDone = true;
        }
      } else if (t == "ResponseHeaderModifier") {
        if (v.responseHeaders && !respDone) {
          const Node* b = bodyOf(f, "responseHeaderModifier");
          seq.push(filterEntry(t, "responseHeaderModifier",
                               writeHeaderModifier(*v.responseHeaders, b ? *b : Node::map()), f));
          respDone = true;
        }
      } else if (t == "RequestRedirect") {
        if (v.redirect && !redirDone) {
          seq.push(filterEntry(t, "requestRedirect", redirectBody(*v.redirect, bodyOf(f, "requestRedirect")), f));
          redirDone = true;
        }
      } else if (t == "URLRewrite") {
        if (v.rewrite && !rewriteDone) {
          seq.push(filterEntry(t, "urlRewrite", rewriteBody(*v.rewrite, bodyOf(f, "urlRewrite")), f));
          rewriteDone = true;
        }
      } else if (t == "RequestMirror") {
        if (mirrorsDone < mirrorCount) {
          seq.push(filterEntry(t, "requestMirror",
                               mirrorBody((*v.mirrors)[mirrorsDone], bodyOf(f, "requestMirror")), f));
          ++mirrorsDone;
        }
      } else if (t == "CORS") {
        if (v.cors && !corsDone) {
          seq.push(filterEntry(t, "cors", corsBody(*v.cors, bodyOf(f, "cors")), f));
          corsDone = true;
        }
      } else {
        seq.push(f);
      }
    }
  }
  Node empty = Node::map();
  if (v.requestHeaders && !reqDone) {
    seq.push(filterEntry("RequestHeaderModifier", "requestHeaderModifier",
                         writeHeaderModifier(*v.requestHeaders, empty), empty));
  }
  if (v.responseHeaders && !respDone) {
    seq.push(filterEntry("ResponseHeaderModifier", "responseHeaderModifier",
                         writeHeaderModifier(*v.responseHeaders, empty), empty));
  }
  if (v.redirect && !redirDone) {
    seq.push(filterEntry("RequestRedirect", "requestRedirect", redirectBody(*v.redirect, nullptr), empty));
  }
  if (v.rewrite && !rewriteDone) {
    seq.push(filterEntry("URLRewrite", "urlRewrite", rewriteBody(*v.rewrite, nullptr), empty));
  }
  for (; mirrorsDone < mirrorCount; ++mirrorsDone) {
    seq.push(filterEntry("RequestMirror", "requestMirror", mirrorBody((*v.mirrors)[mirrorsDone], nullptr), empty));
  }
  if (v.cors && !corsDone) {
    seq.push(filterEntry("CORS", "cors", corsBody(*v.cors, nullptr), empty));
  }
  return seq;
}

FilterView ruleFilters(const model::RouteRule& rule) {
  FilterView v;
  v.requestHeaders = rule.requestHeaders.empty() ? nullptr : &rule.requestHeaders;
  v.responseHeaders = rule.responseHeaders.empty() ? nullptr : &rule.responseHeaders;
  v.redirect = rule.redirect ? &*rule.redirect : nullptr;
  v.rewrite = rule.rewrite ? &*rule.rewrite : nullptr;
  v.mirrors = &rule.mirrors;
  v.cors = rule.cors ? &*rule.cors : nullptr;
  return v;
}

Node writeRule(const model::RouteRule& rule, Node base, bool grpc) {
  setOrErase(base, "name", rule.name);
  Node matches = Node::sequence();
  for (const auto& m : rule.matches) {
    Node mb = baseItem(&base, "matches", m.origin.index);
    matches.push(grpc ? writeGrpcMatch(m, mb) : writeHttpMatch(m, mb));
  }
  setSequence(base, "matches", std::move(matches));
  setSequence(base, "filters", writeFilters(ruleFilters(rule), base));
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
