// Gateway API rules → Istio http[] entries. Istio takes the first matching
// entry, so every (rule, match) pair becomes its own entry that the caller
// sorts by Gateway API precedence. PathPrefix is segment-wise in Gateway API
// and a plain string prefix in Istio: "/abc" becomes exact "/abc" OR prefix
// "/abc/", which accepts exactly the same paths.

#include "proxycore/common/strings.h"
#include "proxycore/dialects/istio/istio_internal.h"

namespace routedeck::core::dialects::istio::detail {

namespace {

using model::PathMatchType;
using model::PathModifierType;
using model::StringMatchType;

std::string ruleFeature(size_t i) { return "rules[" + std::to_string(i) + "]"; }

struct Context {
  const model::Route& route;
  const std::string& object;
  FidelityReport& report;
};

model::BackendRef toIstioBackend(const Context& c, const model::BackendRef& b,
                                 const std::string& feature) {
  model::BackendRef out;
  out.name = b.name;
  if (!b.ns.empty() && b.ns != c.route.meta.effectiveNamespace()) {
    out.name = b.name + "." + b.ns + ".svc.cluster.local";
  }
  if (!b.isService()) {
    c.report.lost(c.object, feature,
                  "backend kind " + b.kind + " has no Istio destination; written as host " +
                      out.name);
  }
  out.port = b.port;
  out.requestHeaders = b.requestHeaders;
  out.responseHeaders = b.responseHeaders;
  if (b.redirect || b.rewrite) {
    c.report.lost(c.object, feature + ".filters",
                  "Istio has no per-destination redirect or rewrite");
  }
  return out;
}

void translateBackends(const Context& c, const model::RouteRule& rule, size_t i,
                       model::RouteRule& out) {
  const std::string feature = ruleFeature(i) + ".backendRefs";
  std::vector<int> weights;
  for (size_t j = 0; j < rule.backends.size(); ++j) {
    out.backends.push_back(toIstioBackend(c, rule.backends[j], indexed(feature, j)));
    weights.push_back(rule.backends[j].weight.value_or(1));
  }
  bool exact = true;
  const std::vector<int> pct = toPercentages(weights, exact);
  long long total = 0;
  for (int w : weights) {
    total += std::max(w, 0);
  }
  if (!rule.backends.empty() && total == 0) {
    // Gateway API answers 500 when every backend has weight 0.
    out.backends.clear();
    out.directResponse = model::DirectResponse{500, std::nullopt};
    c.report.exact(c.object, feature, "all weights are 0: direct response 500");
    return;
  }
  if (out.backends.size() > 1) {
    std::vector<std::string> from, to;
    for (size_t j = 0; j < out.backends.size(); ++j) {
      out.backends[j].weight = pct[j];
      from.push_back(std::to_string(weights[j]));
      to.push_back(std::to_string(pct[j]));
    }
    if (!exact) {
      c.report.approximate(c.object, feature + ".weight",
                           "weights " + strings::join(from, ":") + " become percentages " +
                               strings::join(to, ":"));
    }
  }
}

model::StringMatch corsOrigin(const std::string& origin) {
  if (origin.find('*') == std::string::npos) {
    return {StringMatchType::Exact, origin};
  }
  // Gateway API wildcards stand for any characters in the host.
  std::string re;
  for (const auto& part : strings::split(origin, '*')) {
    re += quoteRegex(part) + ".*";
  }
  re.resize(re.size() - 2);
  return {StringMatchType::RegularExpression, re};
}

void translateFilters(const Context& c, const model::RouteRule& rule, size_t i,
                      model::RouteRule& out, bool& derivePort) {
  out.requestHeaders = rule.requestHeaders;
  out.responseHeaders = rule.responseHeaders;
  if (rule.redirect) {
    model::Redirect r = *rule.redirect;
    // Istio defaults to 301, Gateway API to 302.
    r.statusCode = r.statusCode.value_or(302);
    derivePort = r.scheme && !r.port;
    out.redirect = r;
  }
  if (rule.rewrite) {
    model::Rewrite w;
    w.hostname = rule.rewrite->hostname;
    w.path = rule.rewrite->path;
    if (w.path && w.path->type == PathModifierType::ReplaceFullPath) {
      w.regexPattern = "/.*";
      w.regexSubstitution = w.path->value;
      w.path.reset();
    }
    out.rewrite = w;
  }
  for (size_t j = 0; j < rule.mirrors.size(); ++j) {
    const auto& m = rule.mirrors[j];
    model::Mirror mirror;
    mirror.backend = toIstioBackend(c, m.backend, indexed(ruleFeature(i) + ".mirrors", j));
    if (m.percent || m.fractionNumerator) {
      mirror.percent = m.effectivePercent();
    }
    out.mirrors.push_back(mirror);
  }
  if (rule.cors) {
    model::CorsPolicy cors = *rule.cors;
    cors.allowOrigins.clear();
    for (const auto& o : rule.cors->allowOrigins) {
      cors.allowOrigins.push_back(corsOrigin(o.value));
    }
    out.cors = cors;
  }
}

void translatePolicies(const Context& c, const model::RouteRule& rule, size_t i,
                       model::RouteRule& out) {
  const std::string feature = ruleFeature(i);
  out.timeouts.request = rule.timeouts.request;
  if (rule.retry) {
    model::RetryPolicy r;
    r.attempts = rule.retry->attempts;
    r.backoff = rule.retry->backoff;
    r.statusCodes = rule.retry->statusCodes;
    // Gateway API retries connection failures as well as the listed codes.
    r.retryOn = {"connect-failure", "refused-stream", "reset"};
    out.retry = r;
  }
  if (rule.timeouts.backendRequest) {
    if (!out.retry) {
      // Istio's default policy retries twice; per-try timeouts need a policy.
      out.retry = model::RetryPolicy{};
      out.retry->attempts = 2;
      c.report.approximate(c.object, feature + ".timeouts.backendRequest",
                           "becomes retries.perTryTimeout with Istio's default 2 attempts");
    }
    out.retry->perTryTimeout = rule.timeouts.backendRequest;
  }
  if (rule.timeouts.idle) {
    c.report.lost(c.object, feature + ".timeouts.idle", "no per-route idle timeout in Istio");
  }
  if (rule.rateLimit) {
    c.report.lost(c.object, feature + ".rateLimit", "Istio rate limits need an EnvoyFilter");
  }
  if (rule.jwt) {
    c.report.lost(c.object, feature + ".jwt", "use an Istio RequestAuthentication");
  }
}

model::RouteRule translateBody(const Context& c, const model::RouteRule& rule, size_t i,
                               bool& derivePort) {
  model::RouteRule out;
  out.name = rule.name;
  translateBackends(c, rule, i, out);
  translateFilters(c, rule, i, out, derivePort);
  translatePolicies(c, rule, i, out);
  if (out.redirect) {
    // A redirect answers before any backend is used; Istio rejects both.
    out.backends.clear();
    out.directResponse.reset();
  }
  if (out.backends.empty() && !out.redirect && !out.directResponse) {
    // Nothing forwards and no filter answers: Gateway API returns 500.
    out.directResponse = model::DirectResponse{500, std::nullopt};
  }
  if (out.directResponse) {
    // Nothing is forwarded, and Istio rejects a rewrite next to a direct response.
    out.rewrite.reset();
  }
  return out;
}

// The conditions of m other than the path, in Istio terms.
model::RouteMatch conditions(const model::RouteMatch& m) {
  model::RouteMatch out;
  for (auto h : m.headers) {
    // Istio header keys are lower case; header names are case-insensitive.
    h.name = strings::toLower(h.name);
    out.headers.push_back(h);
  }
  out.queryParams = m.queryParams;
  out.method = m.method;
  return out;
}

std::optional<model::PathMatch> grpcPath(const model::GrpcMethodMatch& g) {
  const bool regex = g.type == StringMatchType::RegularExpression;
  if (!regex && !g.service.empty() && !g.method.empty()) {
    return model::PathMatch{PathMatchType::Exact, "/" + g.service + "/" + g.method};
  }
  if (!regex && !g.service.empty()) {
    return model::PathMatch{PathMatchType::StringPrefix, "/" + g.service + "/"};
  }
  auto part = [&](const std::string& s) {
    return s.empty() ? std::string("[^/]+") : regex ? s : quoteRegex(s);
  };
  if (g.service.empty() && g.method.empty()) {
    return std::nullopt;
  }
  return model::PathMatch{PathMatchType::RegularExpression,
                          "/" + part(g.service) + "/" + part(g.method)};
}

// The ReplacePrefixMatch of a rule's redirect or rewrite, if any.
model::PathModifier* prefixModifier(model::RouteRule& r) {
  if (r.redirect && r.redirect->path &&
      r.redirect->path->type == PathModifierType::ReplacePrefixMatch) {
    return &*r.redirect->path;
  }
  if (r.rewrite && r.rewrite->path && r.rewrite->path->type == PathModifierType::ReplacePrefixMatch) {
    return &*r.rewrite->path;
  }
  return nullptr;
}

void addEntries(const Context& c, const model::RouteRule& body, const model::RouteMatch& m,
                PrecedenceKey key, bool derivePort, std::vector<HttpEntry>& out) {
  model::RouteMatch base = conditions(m);
  std::optional<model::PathMatch> path = m.grpc ? grpcPath(*m.grpc) : m.path;
  model::RouteRule prefixBody = body;
  model::PathModifier* mod = prefixModifier(prefixBody);
  if (!path && !m.grpc && mod) {
    // A prefix replacement needs the matched prefix: the default "/".
    path = model::PathMatch{PathMatchType::PathPrefix, "/"};
  }
  const bool split = path && path->type == PathMatchType::PathPrefix;
  if (!split) {
    base.path = path;
    out.push_back({body, key, derivePort});
    // A match without conditions is Istio's catch-all: no match list at all.
    if (!(base == model::RouteMatch{})) {
      out.back().rule.matches.push_back(base);
    }
    return;
  }
  const std::string stem = model::pathPrefixStem(path->value);
  model::RouteMatch exact = base;
  model::RouteMatch prefix = base;
  exact.path = model::PathMatch{PathMatchType::Exact, stem};
  prefix.path = model::PathMatch{PathMatchType::StringPrefix, stem == "/" ? "/" : stem + "/"};
  if (mod) {
    // Istio replaces the literal matched prefix, so the prefix branch
    // ("/abc/") needs a replacement ending in "/" to keep the separator.
    if (!mod->value.ends_with("/")) {
      mod->value += "/";
    }
    out.push_back({body, key, derivePort});
    out.back().rule.matches.push_back(exact);
    out.push_back({prefixBody, key, derivePort});
    out.back().rule.matches.push_back(prefix);
    return;
  }
  if (stem == "/") {
    prefix.path->value = "/";
    out.push_back({body, key, derivePort});
    out.back().rule.matches.push_back(prefix);
    return;
  }
  out.push_back({body, key, derivePort});
  out.back().rule.matches = {exact, prefix};
}

}  // namespace

std::vector<HttpEntry> gatewayApiRulesToHttp(const model::Route& route, const std::string& object,
                                             FidelityReport& report) {
  const Context c{route, object, report};
  const bool grpc = route.kind == model::RouteKind::GRPCRoute;
  std::vector<HttpEntry> out;
  for (size_t i = 0; i < route.rules.size(); ++i) {
    const model::RouteRule& rule = route.rules[i];
    bool derivePort = false;
    const model::RouteRule body = translateBody(c, rule, i, derivePort);
    // No matches is Gateway API's single default match (PathPrefix "/").
    const std::vector<model::RouteMatch> matches =
        rule.matches.empty() ? std::vector<model::RouteMatch>{model::RouteMatch{}} : rule.matches;
    for (const auto& m : matches) {
      const PrecedenceKey key = grpc ? grpcPrecedence(m) : httpPrecedence(m);
      if (m.path && m.path->type == PathMatchType::RegularExpression) {
        report.approximate(object, ruleFeature(i) + ".matches.path",
                           "Gateway API leaves RegularExpression precedence to the "
                           "implementation; ordered after exact and prefix matches as Istio does");
      }
      addEntries(c, body, m, key, derivePort, out);
    }
    report.exact(object, ruleFeature(i));
  }
  return out;
}

}  // namespace routedeck::core::dialects::istio::detail
