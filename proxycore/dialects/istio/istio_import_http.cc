#include "proxycore/common/strings.h"
#include "proxycore/dialects/istio/istio_internal.h"

namespace routedeck::core::dialects::istio::detail {

namespace {

using model::PathMatchType;
using model::StringMatchType;
using yaml::Node;

std::optional<model::PathMatch> readUri(const Node* n) {
  auto sm = readStringMatch(n);
  if (!sm || sm->type == StringMatchType::Present) {
    // `uri: {}` matches every path, like no uri at all; export keeps it.
    return std::nullopt;
  }
  switch (sm->type) {
    case StringMatchType::Exact:
      return model::PathMatch{PathMatchType::Exact, sm->value};
    case StringMatchType::Prefix:
      return model::PathMatch{PathMatchType::StringPrefix, sm->value};
    default:
      return model::PathMatch{PathMatchType::RegularExpression, sm->value};
  }
}

template <typename T>
void readMatchMap(const Reader& r, const Node* parent, std::string_view key, bool invert,
                  std::vector<T>& out) {
  const Node* m = r.map(parent, key);
  if (!m) {
    return;
  }
  for (const auto& e : m->entries()) {
    if (auto sm = readStringMatch(&e.value)) {
      if constexpr (std::is_same_v<T, model::HeaderMatch>) {
        out.push_back({e.key, *sm, invert});
      } else {
        out.push_back({e.key, *sm});
      }
    }
  }
}

model::RouteMatch readMatch(const Reader& r, const Node& n, int index) {
  model::RouteMatch m;
  m.origin = r.origin(n, index);
  m.name = r.str(&n, "name");
  m.path = readUri(r.map(&n, "uri"));
  readMatchMap(r, &n, "headers", false, m.headers);
  readMatchMap(r, &n, "withoutHeaders", true, m.headers);
  readMatchMap(r, &n, "queryParams", false, m.queryParams);
  if (auto method = readStringMatch(r.map(&n, "method"))) {
    if (method->type == StringMatchType::Exact) {
      m.method = method->value;
    } else {
      m.headers.push_back({kMethodHeader, *method, false});
    }
  }
  m.authority = readStringMatch(r.map(&n, "authority"));
  m.scheme = readStringMatch(r.map(&n, "scheme"));
  m.port = r.integer(&n, "port");
  m.ignoreUriCase = r.boolean(&n, "ignoreUriCase").value_or(false);
  // sourceLabels, sourceNamespace, gateways, statPrefix: not modelled.
  return m;
}

std::vector<model::HeaderValue> readPairs(const Reader& r, const Node* ops, std::string_view key) {
  std::vector<model::HeaderValue> out;
  if (const Node* m = r.map(ops, key)) {
    for (const auto& e : m->entries()) {
      if (e.value.isScalar()) {
        out.push_back({e.key, e.value.text()});
      }
    }
  }
  return out;
}

model::HeaderModifier readHeaderOps(const Reader& r, const Node* headers, std::string_view which) {
  const Node* ops = r.map(headers, which);
  model::HeaderModifier m;
  m.set = readPairs(r, ops, "set");
  m.add = readPairs(r, ops, "add");
  m.remove = r.strings(ops, "remove");
  return m;
}

model::BackendRef readDestination(const Reader& r, const Node* dest) {
  model::BackendRef b;
  // Kept as written: a short name resolves in the VirtualService's namespace.
  b.name = r.str(dest, "host").value_or("");
  b.port = r.integer(r.map(dest, "port"), "number");
  b.subset = r.str(dest, "subset");
  return b;
}

model::BackendRef readRouteDestination(const Reader& r, const Node& n, int index) {
  model::BackendRef b = readDestination(r, r.map(&n, "destination"));
  b.origin = r.origin(n, index);
  b.weight = r.integer(&n, "weight");
  const Node* headers = r.map(&n, "headers");
  b.requestHeaders = readHeaderOps(r, headers, "request");
  b.responseHeaders = readHeaderOps(r, headers, "response");
  return b;
}

// percentage.value, or the deprecated integer field when that is all there is.
std::optional<double> readPercent(const Reader& r, const Node* parent, std::string_view key,
                                  std::string_view deprecatedKey) {
  if (const Node* p = r.map(parent, key)) {
    return r.number(p, "value");
  }
  if (!deprecatedKey.empty()) {
    if (auto v = r.integer(parent, deprecatedKey)) {
      return *v;
    }
  }
  return std::nullopt;
}

void readMirrors(const Reader& r, const Node& n, model::RouteRule& rule) {
  if (const Node* m = r.map(&n, "mirror")) {
    model::Mirror mirror;
    mirror.backend = readDestination(r, m);
    mirror.percent = readPercent(r, &n, "mirrorPercentage", "mirrorPercent");
    if (!mirror.percent) {
      mirror.percent = readPercent(r, &n, "", "mirror_percent");
    }
    rule.mirrors.push_back(mirror);
  }
  if (const Node* list = r.seq(&n, "mirrors")) {
    for (size_t i = 0; i < list->size(); ++i) {
      const Node& item = list->items()[i];
      model::Mirror mirror;
      mirror.backend = readDestination(r, r.map(&item, "destination"));
      mirror.backend.origin = r.origin(item, static_cast<int>(i));
      mirror.percent = readPercent(r, &item, "percentage", "");
      rule.mirrors.push_back(mirror);
    }
  }
}

void readRedirectRewrite(const Reader& r, const Node& n, model::RouteRule& rule) {
  if (const Node* red = r.map(&n, "redirect")) {
    model::Redirect d;
    if (auto uri = r.str(red, "uri")) {
      d.path = model::PathModifier{model::PathModifierType::ReplaceFullPath, *uri};
    } else if (auto prefix = r.str(red, "prefixRewrite")) {
      d.path = model::PathModifier{model::PathModifierType::ReplacePrefixMatch, *prefix};
    }
    d.hostname = r.str(red, "authority");
    d.port = r.integer(red, "port");
    d.scheme = r.str(red, "scheme");
    d.statusCode = r.integer(red, "redirectCode");
    rule.redirect = d;
  }
  if (const Node* rw = r.map(&n, "rewrite")) {
    model::Rewrite w;
    if (auto uri = r.str(rw, "uri")) {
      w.path = model::PathModifier{model::PathModifierType::ReplacePrefixMatch, *uri};
    }
    w.hostname = r.str(rw, "authority");
    if (const Node* re = r.map(rw, "uriRegexRewrite")) {
      w.regexPattern = r.str(re, "match");
      w.regexSubstitution = r.str(re, "rewrite");
    }
    rule.rewrite = w;
  }
  if (const Node* dr = r.map(&n, "directResponse")) {
    model::DirectResponse resp;
    resp.status = r.integer(dr, "status").value_or(200);
    resp.body = r.str(r.map(dr, "body"), "string");
    rule.directResponse = resp;
  }
}

std::optional<model::RetryPolicy> readRetries(const Reader& r, const Node& n,
                                              const std::string& path) {
  const Node* rt = r.map(&n, "retries");
  if (!rt) {
    return std::nullopt;
  }
  model::RetryPolicy p;
  p.attempts = r.integer(rt, "attempts");
  p.perTryTimeout = r.duration(rt, "perTryTimeout", path + ".retries.perTryTimeout");
  p.backoff = r.duration(rt, "backoff", path + ".retries.backoff");
  // Numeric entries are Envoy's retriable status codes.
  for (const auto& token : strings::split(r.str(rt, "retryOn").value_or(""), ',')) {
    const std::string t(strings::trim(token));
    if (t.empty()) {
      continue;
    }
    if (auto code = strings::parseInt(t)) {
      p.statusCodes.push_back(static_cast<int>(*code));
    } else {
      p.retryOn.push_back(t);
    }
  }
  return p;
}

std::optional<model::FaultInjection> readFault(const Reader& r, const Node& n,
                                               const std::string& path) {
  const Node* f = r.map(&n, "fault");
  if (!f) {
    return std::nullopt;
  }
  model::FaultInjection fault;
  if (const Node* d = r.map(f, "delay")) {
    model::FaultDelay delay;
    // exponentialDelay is not modelled (Istio rejects it); delay stays 0.
    delay.delay = r.duration(d, "fixedDelay", path + ".fault.delay.fixedDelay")
                      .value_or(model::Duration{});
    delay.percent = readPercent(r, d, "percentage", "percent");
    fault.delay = delay;
  }
  if (const Node* a = r.map(f, "abort")) {
    model::FaultAbort abort;
    abort.httpStatus = r.integer(a, "httpStatus");
    abort.grpcStatus = r.str(a, "grpcStatus");
    abort.percent = readPercent(r, a, "percentage", "");
    fault.abort = abort;
  }
  return fault;
}

std::optional<model::CorsPolicy> readCors(const Reader& r, const Node& n, const std::string& path) {
  const Node* c = r.map(&n, "corsPolicy");
  if (!c) {
    return std::nullopt;
  }
  model::CorsPolicy cors;
  if (const Node* origins = r.seq(c, "allowOrigins")) {
    for (const auto& o : origins->items()) {
      if (auto sm = readStringMatch(&o)) {
        cors.allowOrigins.push_back(*sm);
      }
    }
  } else {
    // Deprecated list of exact origins; export writes it back in this form.
    for (const auto& o : r.strings(c, "allowOrigin")) {
      cors.allowOrigins.push_back({StringMatchType::Exact, o});
    }
  }
  cors.allowMethods = r.strings(c, "allowMethods");
  cors.allowHeaders = r.strings(c, "allowHeaders");
  cors.exposeHeaders = r.strings(c, "exposeHeaders");
  cors.maxAge = r.duration(c, "maxAge", path + ".corsPolicy.maxAge");
  cors.allowCredentials = r.boolean(c, "allowCredentials");
  return cors;
}

}  // namespace

model::RouteRule readHttpRoute(const Reader& r, const Node& n, int index, const std::string& path) {
  model::RouteRule rule;
  rule.origin = r.origin(n, index);
  rule.name = r.str(&n, "name");
  if (const Node* ms = r.seq(&n, "match")) {
    for (size_t i = 0; i < ms->size(); ++i) {
      rule.matches.push_back(readMatch(r, ms->items()[i], static_cast<int>(i)));
    }
  }
  if (const Node* routes = r.seq(&n, "route")) {
    for (size_t i = 0; i < routes->size(); ++i) {
      rule.backends.push_back(readRouteDestination(r, routes->items()[i], static_cast<int>(i)));
    }
  }
  readRedirectRewrite(r, n, rule);
  const Node* headers = r.map(&n, "headers");
  rule.requestHeaders = readHeaderOps(r, headers, "request");
  rule.responseHeaders = readHeaderOps(r, headers, "response");
  readMirrors(r, n, rule);
  rule.timeouts.request = r.duration(&n, "timeout", path + ".timeout");
  rule.retry = readRetries(r, n, path);
  rule.fault = readFault(r, n, path);
  rule.cors = readCors(r, n, path);
  // delegate is not modelled; export keeps it.
  return rule;
}

}  // namespace routedeck::core::dialects::istio::detail
