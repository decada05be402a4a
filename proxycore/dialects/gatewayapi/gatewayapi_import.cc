#include <string>

#include "proxycore/dialects/gatewayapi/gatewayapi.h"

namespace routedeck::core::dialects::gatewayapi {

namespace {

using model::PathMatchType;
using model::StringMatchType;
using yaml::Node;

std::string idx(const std::string& path, size_t i) { return path + "[" + std::to_string(i) + "]"; }

model::HeaderModifier readHeaderModifier(const Reader& r, const Node* n) {
  model::HeaderModifier m;
  for (const char* key : {"set", "add"}) {
    if (const Node* list = r.seq(n, key)) {
      for (const auto& item : list->items()) {
        model::HeaderValue hv{r.str(&item, "name").value_or(""), r.str(&item, "value").value_or("")};
        (std::string(key) == "set" ? m.set : m.add).push_back(hv);
      }
    }
  }
  m.remove = r.strings(n, "remove");
  return m;
}

model::StringMatch readValueMatch(const Reader& r, const Node& n) {
  model::StringMatch m;
  std::string type = r.str(&n, "type").value_or("Exact");
  m.type = type == "RegularExpression" ? StringMatchType::RegularExpression : StringMatchType::Exact;
  m.value = r.str(&n, "value").value_or("");
  return m;
}

std::optional<model::PathModifier> readPathModifier(const Reader& r, const Node* n);
model::Redirect readRedirect(const Reader& r, const Node* n);
model::Rewrite readRewrite(const Reader& r, const Node* n);

model::BackendRef readBackendRef(const Reader& r, const Node& n, int index) {
  model::BackendRef b;
  b.group = r.str(&n, "group").value_or("");
  b.kind = r.str(&n, "kind").value_or("");
  b.name = r.str(&n, "name").value_or("");
  b.ns = r.str(&n, "namespace").value_or("");
  b.port = r.integer(&n, "port");
  b.weight = r.integer(&n, "weight");
  b.origin = r.origin(n, index);
  if (const Node* filters = r.seq(&n, "filters")) {
    for (const auto& f : filters->items()) {
      std::string type = r.str(&f, "type").value_or("");
      if (type == "RequestHeaderModifier") {
        b.requestHeaders = readHeaderModifier(r, r.map(&f, "requestHeaderModifier"));
      } else if (type == "ResponseHeaderModifier") {
        b.responseHeaders = readHeaderModifier(r, r.map(&f, "responseHeaderModifier"));
      } else if (type == "RequestRedirect") {
        b.redirect = std::make_shared<const model::Redirect>(readRedirect(r, r.map(&f, "requestRedirect")));
      } else if (type == "URLRewrite") {
        b.rewrite = std::make_shared<const model::Rewrite>(readRewrite(r, r.map(&f, "urlRewrite")));
      }
    }
  }
  return b;
}

std::optional<model::PathModifier> readPathModifier(const Reader& r, const Node* n) {
  if (!n) {
    return std::nullopt;
  }
  std::string type = r.str(n, "type").value_or("");
  if (type == "ReplaceFullPath") {
    return model::PathModifier{model::PathModifierType::ReplaceFullPath,
                               r.str(n, "replaceFullPath").value_or("")};
  }
  if (type == "ReplacePrefixMatch") {
    return model::PathModifier{model::PathModifierType::ReplacePrefixMatch,
                               r.str(n, "replacePrefixMatch").value_or("")};
  }
  return std::nullopt;
}

model::Redirect readRedirect(const Reader& r, const Node* n) {
  model::Redirect red;
  red.scheme = r.str(n, "scheme");
  red.hostname = r.str(n, "hostname");
  red.path = readPathModifier(r, r.map(n, "path"));
  red.port = r.integer(n, "port");
  red.statusCode = r.integer(n, "statusCode");
  return red;
}

model::Rewrite readRewrite(const Reader& r, const Node* n) {
  model::Rewrite rw;
  rw.hostname = r.str(n, "hostname");
  rw.path = readPathModifier(r, r.map(n, "path"));
  return rw;
}

void readFilter(const Reader& r, const Node& f, model::RouteRule& rule, const std::string& path) {
  std::string type = r.str(&f, "type").value_or("");
  if (type == "RequestHeaderModifier") {
    rule.requestHeaders = readHeaderModifier(r, r.map(&f, "requestHeaderModifier"));
  } else if (type == "ResponseHeaderModifier") {
    rule.responseHeaders = readHeaderModifier(r, r.map(&f, "responseHeaderModifier"));
  } else if (type == "RequestRedirect") {
    rule.redirect = readRedirect(r, r.map(&f, "requestRedirect"));
  } else if (type == "URLRewrite") {
    rule.rewrite = readRewrite(r, r.map(&f, "urlRewrite"));
  } else if (type == "RequestMirror") {
    const Node* n = r.map(&f, "requestMirror");
    model::Mirror m;
    if (const Node* b = r.map(n, "backendRef")) {
      m.backend = readBackendRef(r, *b, -1);
    }
    if (auto p = r.integer(n, "percent")) {
      m.percent = *p;
    }
    if (const Node* fr = r.map(n, "fraction")) {
      m.fractionNumerator = r.integer(fr, "numerator");
      m.fractionDenominator = r.integer(fr, "denominator");
    }
    rule.mirrors.push_back(m);
  } else if (type == "CORS") {
    const Node* n = r.map(&f, "cors");
    model::CorsPolicy c;
    for (const auto& o : r.strings(n, "allowOrigins")) {
      c.allowOrigins.push_back({StringMatchType::Exact, o});
    }
    c.allowMethods = r.strings(n, "allowMethods");
    c.allowHeaders = r.strings(n, "allowHeaders");
    c.exposeHeaders = r.strings(n, "exposeHeaders");
    if (auto age = r.integer(n, "maxAge")) {
      c.maxAge = model::Duration{*age * 1000LL, {}};
    }
    c.allowCredentials = r.boolean(n, "allowCredentials");
    rule.cors = c;
  }
  // ExtensionRef and unknown filters are not modelled; export keeps them.
}

model::RouteMatch readHttpMatch(const Reader& r, const Node& n, int index) {
  model::RouteMatch m;
  m.origin = r.origin(n, index);
  if (const Node* p = r.map(&n, "path")) {
    std::string type = r.str(p, "type").value_or("PathPrefix");
    model::PathMatch pm;
    pm.type = type == "Exact"               ? PathMatchType::Exact
              : type == "RegularExpression" ? PathMatchType::RegularExpression
                                            : PathMatchType::PathPrefix;
    pm.value = r.str(p, "value").value_or("/");
    m.path = pm;
  }
  if (const Node* hs = r.seq(&n, "headers")) {
    for (const auto& h : hs->items()) {
      m.headers.push_back({r.str(&h, "name").value_or(""), readValueMatch(r, h), false});
    }
  }
  if (const Node* qs = r.seq(&n, "queryParams")) {
    for (const auto& q : qs->items()) {
      m.queryParams.push_back({r.str(&q, "name").value_or(""), readValueMatch(r, q)});
    }
  }
  m.method = r.str(&n, "method");
  return m;
}

model::RouteMatch readGrpcMatch(const Reader& r, const Node& n, int index) {
  model::RouteMatch m;
  m.origin = r.origin(n, index);
  if (const Node* meth = r.map(&n, "method")) {
    model::GrpcMethodMatch g;
    g.type = r.str(meth, "type").value_or("Exact") == "RegularExpression"
                 ? StringMatchType::RegularExpression
                 : StringMatchType::Exact;
    g.service = r.str(meth, "service").value_or("");
    g.method = r.str(meth, "method").value_or("");
    m.grpc = g;
  }
  if (const Node* hs = r.seq(&n, "headers")) {
    for (const auto& h : hs->items()) {
      m.headers.push_back({r.str(&h, "name").value_or(""), readValueMatch(r, h), false});
    }
  }
  return m;
}

model::RouteRule readRule(const Reader& r, const Node& n, int index, bool grpc,
                          const std::string& path) {
  model::RouteRule rule;
  rule.origin = r.origin(n, index);
  rule.name = r.str(&n, "name");
  if (const Node* ms = r.seq(&n, "matches")) {
    for (size_t i = 0; i < ms->size(); ++i) {
      const Node& m = ms->items()[i];
      rule.matches.push_back(grpc ? readGrpcMatch(r, m, static_cast<int>(i))
                                  : readHttpMatch(r, m, static_cast<int>(i)));
    }
  }
  if (const Node* fs = r.seq(&n, "filters")) {
    for (size_t i = 0; i < fs->size(); ++i) {
      readFilter(r, fs->items()[i], rule, idx(path + ".filters", i));
    }
  }
  if (const Node* bs = r.seq(&n, "backendRefs")) {
    for (size_t i = 0; i < bs->size(); ++i) {
      rule.backends.push_back(readBackendRef(r, bs->items()[i], static_cast<int>(i)));
    }
  }
  if (const Node* t = r.map(&n, "timeouts")) {
    rule.timeouts.request = r.duration(t, "request", path + ".timeouts.request");
    rule.timeouts.backendRequest = r.duration(t, "backendRequest", path + ".timeouts.backendRequest");
  }
  if (const Node* rt = r.map(&n, "retry")) {
    model::RetryPolicy retry;
    retry.attempts = r.integer(rt, "attempts");
    if (const Node* codes = r.seq(rt, "codes")) {
      for (const auto& c : codes->items()) {
        if (auto v = c.asInt()) {
          retry.statusCodes.push_back(static_cast<int>(*v));
        }
      }
    }
    retry.backoff = r.duration(rt, "backoff", path + ".retry.backoff");
    rule.retry = retry;
  }
  return rule;
}

model::Route readRoute(const Reader& r, model::ObjectMeta meta, bool grpc) {
  model::Route route;
  route.dialect = model::Dialect::GatewayApi;
  route.kind = grpc ? model::RouteKind::GRPCRoute : model::RouteKind::HTTPRoute;
  route.meta = std::move(meta);
  const Node* spec = r.map(&r.document().root, "spec");
  route.hostnames = r.strings(spec, "hostnames");
  if (const Node* ps = r.seq(spec, "parentRefs")) {
    for (const auto& p : ps->items()) {
      model::ParentRef ref;
      ref.group = r.str(&p, "group").value_or("");
      ref.kind = r.str(&p, "kind").value_or("");
      ref.name = r.str(&p, "name").value_or("");
      ref.ns = r.str(&p, "namespace").value_or("");
      ref.sectionName = r.str(&p, "sectionName");
      ref.port = r.integer(&p, "port");
      route.parents.push_back(ref);
    }
  }
  if (const Node* rules = r.seq(spec, "rules")) {
    for (size_t i = 0; i < rules->size(); ++i) {
      route.rules.push_back(
          readRule(r, rules->items()[i], static_cast<int>(i), grpc, idx("spec.rules", i)));
    }
  }
  return route;
}

model::Gateway readGateway(const Reader& r, model::ObjectMeta meta) {
  model::Gateway g;
  g.dialect = model::Dialect::GatewayApi;
  g.meta = std::move(meta);
  const Node* spec = r.map(&r.document().root, "spec");
  g.gatewayClassName = r.str(spec, "gatewayClassName").value_or("");
  if (const Node* parent = r.map(spec, "parentRef")) {
    g.parentGatewayName = r.str(parent, "name");
    g.parentGatewayNamespace = r.str(parent, "namespace");
  }
  g.allowedListenersFrom = r.str(r.map(r.map(spec, "allowedListeners"), "namespaces"), "from");
  if (const Node* ls = r.seq(spec, "listeners")) {
    for (size_t i = 0; i < ls->size(); ++i) {
      const Node& l = ls->items()[i];
      model::Listener lis;
      lis.origin = r.origin(l, static_cast<int>(i));
      lis.name = r.str(&l, "name").value_or("");
      lis.port = r.integer(&l, "port").value_or(0);
      lis.protocol = r.str(&l, "protocol").value_or("");
      if (auto h = r.str(&l, "hostname")) {
        lis.hostnames.push_back(*h);
      }
      if (const Node* tls = r.map(&l, "tls")) {
        model::TlsSettings t;
        t.mode = r.str(tls, "mode").value_or("");
        if (const Node* certs = r.seq(tls, "certificateRefs")) {
          for (const auto& c : certs->items()) {
            t.certificateRefs.push_back({r.str(&c, "group").value_or(""),
                                         r.str(&c, "kind").value_or(""),
                                         r.str(&c, "name").value_or(""),
                                         r.str(&c, "namespace").value_or("")});
          }
        }
        lis.tls = t;
      }
      if (const Node* ar = r.map(&l, "allowedRoutes")) {
        model::AllowedRoutes a;
        const Node* nss = r.map(ar, "namespaces");
        a.from = r.str(nss, "from").value_or("Same");
        a.selector.matchLabels = r.labels(r.map(nss, "selector"), "matchLabels");
        if (const Node* kinds = r.seq(ar, "kinds")) {
          for (const auto& k : kinds->items()) {
            a.kinds.push_back(r.str(&k, "kind").value_or(""));
          }
        }
        lis.allowedRoutes = a;
      }
      g.listeners.push_back(lis);
    }
  }
  return g;
}

model::ReferenceGrant readReferenceGrant(const Reader& r, model::ObjectMeta meta) {
  model::ReferenceGrant g;
  g.meta = std::move(meta);
  const Node* spec = r.map(&r.document().root, "spec");
  if (const Node* from = r.seq(spec, "from")) {
    for (const auto& f : from->items()) {
      g.from.push_back({r.str(&f, "group").value_or(""), r.str(&f, "kind").value_or(""),
                        r.str(&f, "namespace").value_or("")});
    }
  }
  if (const Node* to = r.seq(spec, "to")) {
    for (const auto& t : to->items()) {
      g.to.push_back({r.str(&t, "group").value_or(""), r.str(&t, "kind").value_or(""),
                      r.str(&t, "name")});
    }
  }
  return g;
}

}  // namespace

void importDocument(const Reader& r, model::Config& out) {
  model::ObjectMeta meta = readMeta(r);
  if (meta.kind == "HTTPRoute" || meta.kind == "GRPCRoute") {
    const bool grpc = meta.kind == "GRPCRoute";
    out.routes.push_back(readRoute(r, std::move(meta), grpc));
  } else if (meta.kind == "Gateway" || meta.kind == "ListenerSet" || meta.kind == "XListenerSet") {
    out.gateways.push_back(readGateway(r, std::move(meta)));
  } else if (meta.kind == "ReferenceGrant") {
    out.referenceGrants.push_back(readReferenceGrant(r, std::move(meta)));
  } else {
    out.others.push_back({std::move(meta)});
  }
}

}  // namespace routedeck::core::dialects::gatewayapi
