// VirtualService http[] entries → HTTPRoute rules, one for one and in the
// same order. What Gateway API cannot say is reported per entry; the order
// analysis lives in istio_to_gatewayapi_order.cc.

#include <algorithm>
#include <cmath>
#include <set>

#include "proxycore/common/strings.h"
#include "proxycore/dialects/istio/istio_internal.h"

namespace routedeck::core::dialects::istio::detail {

namespace {

using model::PathMatchType;
using model::PathModifierType;
using model::StringMatchType;

struct Ctx {
  const model::Route& vs;
  const model::Config& config;
  const std::string& object;
  FidelityReport& report;
};

std::string describePrefix(const std::string& v) {
  if (v.ends_with("/")) {
    return "Gateway API PathPrefix \"" + v + "\" also matches \"" + v.substr(0, v.size() - 1) +
           "\"";
  }
  return "Gateway API PathPrefix \"" + v + "\" matches whole segments: \"" + v +
         "x\" no longer matches";
}

std::optional<model::PathMatch> translatePath(const Ctx& c, const model::RouteMatch& m,
                                              const std::string& f) {
  if (!m.path) {
    return std::nullopt;
  }
  model::PathMatch p = *m.path;
  if (m.ignoreUriCase) {
    c.report.lost(c.object, f + ".ignoreUriCase", "Gateway API path matching is case-sensitive");
  }
  if (p.type == PathMatchType::StringPrefix) {
    p.type = PathMatchType::PathPrefix;
    if (p.value != "/") {
      c.report.approximate(c.object, f + ".uri.prefix", describePrefix(p.value));
    }
  } else if (p.type == PathMatchType::RegularExpression) {
    c.report.approximate(c.object, f + ".uri.regex",
                         "RegularExpression is implementation-specific in Gateway API");
  }
  return p;
}

// Exact stays; other kinds become RegularExpression (implementation-specific).
std::optional<model::StringMatch> valueMatch(const Ctx& c, const model::StringMatch& m,
                                             const std::string& f) {
  model::StringMatch out{StringMatchType::RegularExpression, {}};
  switch (m.type) {
    case StringMatchType::Exact:
      return m;
    case StringMatchType::RegularExpression:
      out.value = m.value;
      break;
    case StringMatchType::Prefix:
      out.value = quoteRegex(m.value) + ".*";
      break;
    case StringMatchType::Present:
      out.value = ".*";
      break;
    default:
      c.report.lost(c.object, f, "no Gateway API form");
      return std::nullopt;
  }
  c.report.approximate(c.object, f, "written as RegularExpression \"" + out.value +
                                        "\", whose support is implementation-specific");
  return out;
}

model::RouteMatch translateMatch(const Ctx& c, const model::RouteMatch& m, const std::string& f) {
  static const std::set<std::string> kMethods = {"GET",     "HEAD",    "POST",  "PUT",  "DELETE",
                                                 "CONNECT", "OPTIONS", "TRACE", "PATCH"};
  model::RouteMatch out;
  out.path = translatePath(c, m, f);
  for (const auto& h : m.headers) {
    const std::string hf = f + (h.invert ? ".withoutHeaders." : ".headers.") + h.name;
    if (h.invert || h.name.starts_with(":")) {
      c.report.lost(c.object, hf,
                    h.invert ? "Gateway API cannot negate a match: the rule now also takes "
                               "requests this condition excluded"
                             : "pseudo-header matches have no Gateway API form");
      continue;
    }
    if (auto v = valueMatch(c, h.match, hf)) {
      out.headers.push_back({h.name, *v, false});
    }
  }
  for (const auto& q : m.queryParams) {
    if (auto v = valueMatch(c, q.match, f + ".queryParams." + q.name)) {
      out.queryParams.push_back({q.name, *v});
    }
  }
  if (m.method && kMethods.count(*m.method)) {
    out.method = m.method;
  } else if (m.method) {
    c.report.lost(c.object, f + ".method", "method " + *m.method + " is not a Gateway API method");
  }
  const std::pair<bool, const char*> dropped[] = {
      {m.authority.has_value(), ".authority"}, {m.scheme.has_value(), ".scheme"},
      {m.port.has_value(), ".port"}, {m.name.has_value(), ".name"}};
  for (const auto& [present, key] : dropped) {
    if (present) {
      c.report.lost(c.object, f + key, "no per-match equivalent in Gateway API");
    }
  }
  return out;
}

std::string subsetHint(const Ctx& c, const model::BackendRef& b) {
  std::string labels;
  for (const auto& dr : c.config.destinationRules) {
    if (dr.host != b.name && !dr.host.starts_with(b.name + ".")) {
      continue;
    }
    for (const auto& s : dr.subsets) {
      if (s.name == *b.subset && labels.empty()) {
        for (const auto& [k, v] : s.labels) {
          labels += (labels.empty() ? "" : ",") + k + "=" + v;
        }
      }
    }
  }
  const auto svc = serviceOf(b.name);
  const std::string base = svc ? svc->name : b.name.substr(0, b.name.find('.'));
  return "Gateway API has no subsets: create a Service \"" + dnsLabel(base + "-" + *b.subset) +
         "\"" + (labels.empty() ? "" : " selecting " + labels) + " and route to it";
}

model::BackendRef translateBackend(const Ctx& c, const model::BackendRef& b, const std::string& f) {
  model::BackendRef out;
  if (auto svc = serviceOf(b.name)) {
    out = *svc;
    if (out.ns == c.vs.meta.effectiveNamespace()) {
      out.ns.clear();
    }
  } else {
    // Istio's own Gateway API implementation accepts ServiceEntry hosts.
    out.group = "networking.istio.io";
    out.kind = "Hostname";
    out.name = b.name;
    c.report.approximate(c.object, f + ".destination.host",
                         b.name + " is not a Kubernetes Service: written as kind Hostname, "
                                  "which only Istio's implementation understands");
  }
  out.port = b.port;
  if (!out.port && out.isService()) {
    const std::string ns = out.ns.empty() ? c.vs.meta.effectiveNamespace() : out.ns;
    const model::Service* svc = c.config.findService(ns, out.name);
    if (svc && svc->ports.size() == 1) {
      out.port = svc->ports.front().port;
    } else {
      c.report.approximate(c.object, f + ".destination.port",
                           "Gateway API requires a port for Service backends; set it");
    }
  }
  if (b.subset) {
    c.report.lost(c.object, f + ".destination.subset", subsetHint(c, b));
  }
  out.weight = b.weight;
  out.requestHeaders = b.requestHeaders;
  out.responseHeaders = b.responseHeaders;
  return out;
}

bool allPaths(const model::RouteRule& r, PathMatchType t) {
  return !r.matches.empty() && std::all_of(r.matches.begin(), r.matches.end(), [&](const auto& m) {
    return m.path && m.path->type == t;
  });
}

void translateRedirect(const Ctx& c, const model::RouteRule& in, model::RouteRule& out,
                       const std::string& f) {
  model::Redirect r = *in.redirect;
  // Istio's default is 301; Gateway API's is 302.
  static const std::set<int> kCodes = {301, 302, 303, 307, 308};
  const int code = r.statusCode.value_or(301);
  r.statusCode = kCodes.count(code) ? code : 302;
  if (!kCodes.count(code)) {
    c.report.approximate(c.object, f + ".redirect.redirectCode",
                         std::to_string(code) + " is not a Gateway API redirect code; 302 used");
  }
  if (r.path && r.path->type == PathModifierType::ReplacePrefixMatch &&
      !allPaths(in, PathMatchType::StringPrefix)) {
    c.report.lost(c.object, f + ".redirect.prefixRewrite",
                  "Gateway API replaces a prefix only for PathPrefix matches");
    r.path.reset();
  }
  out.redirect = r;
}

bool isWholePathRegex(const std::string& re) {
  return re == "/.*" || re == "^/.*$" || re == ".*" || re == "^.*$" || re == "^/.*";
}

void translateRewrite(const Ctx& c, const model::RouteRule& in, model::RouteRule& out,
                      const std::string& f) {
  const model::Rewrite& w = *in.rewrite;
  model::Rewrite r;
  r.hostname = w.hostname;
  if (w.path) {
    r.path = w.path;
    if (allPaths(in, PathMatchType::Exact)) {
      // Istio replaces the whole matched path, which is the full path here.
      r.path->type = PathModifierType::ReplaceFullPath;
    } else if (!allPaths(in, PathMatchType::StringPrefix)) {
      c.report.approximate(c.object, f + ".rewrite.uri",
                           "Istio replaces the matched prefix; Gateway API's ReplacePrefixMatch "
                           "needs PathPrefix matches and treats \"/\" as a separator");
    }
  }
  if (w.regexPattern && isWholePathRegex(*w.regexPattern) && w.regexSubstitution) {
    r.path = model::PathModifier{PathModifierType::ReplaceFullPath, *w.regexSubstitution};
  } else if (w.regexPattern) {
    c.report.lost(c.object, f + ".rewrite.uriRegexRewrite",
                  "Gateway API rewrites only a prefix or the full path");
  }
  out.rewrite = r;
}

void translateRetry(const Ctx& c, const model::RetryPolicy& in, model::RouteRule& out,
                    const std::string& f) {
  model::RetryPolicy r;
  r.attempts = in.attempts;
  r.backoff = in.backoff;
  std::set<int> codes(in.statusCodes.begin(), in.statusCodes.end());
  std::vector<std::string> approximated;
  for (const auto& on : in.retryOn) {
    // Gateway API retries connection errors whenever a retry is configured.
    if (on == "connect-failure" || on == "refused-stream" || on == "reset" ||
        on == "retriable-status-codes") {
      continue;
    }
    if (on == "5xx" || on == "gateway-error") {
      for (int code : on == "5xx" ? std::vector<int>{500, 502, 503, 504}
                                  : std::vector<int>{502, 503, 504}) {
        codes.insert(code);
      }
    }
    approximated.push_back(on);
  }
  r.statusCodes.assign(codes.begin(), codes.end());
  if (!approximated.empty()) {
    c.report.approximate(c.object, f + ".retries.retryOn",
                         "conditions " + strings::join(approximated, ",") +
                             " become status codes (5xx: 500,502,503,504; gateway-error: "
                             "502,503,504) or are dropped");
  }
  if (in.perTryTimeout) {
    out.timeouts.backendRequest = in.perTryTimeout;
  }
  out.retry = r;
}

void translateMirrors(const Ctx& c, const model::RouteRule& in, model::RouteRule& out,
                      const std::string& f) {
  for (size_t i = 0; i < in.mirrors.size(); ++i) {
    model::Mirror m;
    m.backend = translateBackend(c, in.mirrors[i].backend, indexed(f + ".mirrors", i));
    m.backend.weight.reset();
    if (const auto& pct = in.mirrors[i].percent) {
      if (std::floor(*pct) == *pct) {
        m.percent = *pct;
      } else {
        // Gateway API percent is an integer; a fraction keeps 12.5 exact.
        m.fractionNumerator = static_cast<int>(std::llround(*pct * 1000));
        m.fractionDenominator = 100000;
      }
    }
    out.mirrors.push_back(m);
  }
}

void translateCors(const Ctx& c, const model::CorsPolicy& in, model::RouteRule& out,
                   const std::string& f) {
  model::CorsPolicy cors = in;
  cors.allowOrigins.clear();
  for (const auto& o : in.allowOrigins) {
    if (o.type == StringMatchType::Exact) {
      cors.allowOrigins.push_back(o);
    } else if (o.type == StringMatchType::Prefix) {
      cors.allowOrigins.push_back({StringMatchType::Exact, o.value + "*"});
      c.report.approximate(c.object, f + ".corsPolicy.allowOrigins",
                           "prefix " + o.value + " written as wildcard origin " + o.value + "*");
    } else {
      c.report.lost(c.object, f + ".corsPolicy.allowOrigins",
                    "regex origin " + o.value + " has no Gateway API form");
    }
  }
  if (in.maxAge && in.maxAge->millis % 1000 != 0) {
    c.report.approximate(c.object, f + ".corsPolicy.maxAge", "Gateway API counts whole seconds");
  }
  out.cors = cors;
}

model::RouteRule translateEntry(const Ctx& c, const model::RouteRule& in, size_t i,
                                const std::vector<size_t>& matches) {
  const std::string f = indexed("http", i);
  model::RouteRule out;
  if (in.name) {
    out.name = dnsLabel(*in.name);
  }
  // The reachable part of the entry: its path kinds decide how rewrites map.
  model::RouteRule src = in;
  src.matches.clear();
  for (size_t j : matches) {
    if (j < in.matches.size()) {
      src.matches.push_back(in.matches[j]);
      out.matches.push_back(translateMatch(c, in.matches[j], indexed(f + ".match", j)));
    }
  }
  for (size_t j = 0; j < in.backends.size(); ++j) {
    out.backends.push_back(translateBackend(c, in.backends[j], indexed(f + ".route", j)));
  }
  if (in.redirect) {
    translateRedirect(c, src, out, f);
  }
  if (in.rewrite) {
    translateRewrite(c, src, out, f);
  }
  if (in.directResponse) {
    c.report.lost(c.object, f + ".directResponse",
                  "Gateway API cannot answer directly; the rule has no backends and answers "
                  "500 instead of " + std::to_string(in.directResponse->status));
  }
  out.requestHeaders = in.requestHeaders;
  out.responseHeaders = in.responseHeaders;
  translateMirrors(c, in, out, f);
  out.timeouts.request = in.timeouts.request;
  if (in.retry) {
    translateRetry(c, *in.retry, out, f);
  }
  if (in.fault) {
    c.report.lost(c.object, f + ".fault", "Gateway API has no fault injection");
  }
  if (in.cors) {
    translateCors(c, *in.cors, out, f);
  }
  return out;
}

}  // namespace

std::optional<model::BackendRef> serviceOf(const std::string& host) {
  model::BackendRef b;
  if (host.find('.') == std::string::npos && !host.empty() && host != "*") {
    b.name = host;
    return b;
  }
  const std::string suffix = ".svc.cluster.local";
  if (host.ends_with(suffix)) {
    const std::vector<std::string> parts =
        strings::split(host.substr(0, host.size() - suffix.size()), '.');
    if (parts.size() == 2 && !parts[0].empty() && !parts[1].empty()) {
      b.name = parts[0];
      b.ns = parts[1];
      return b;
    }
  }
  return std::nullopt;
}

model::RouteRule translateHttpEntry(const model::Route& vs, const model::Config& config,
                                    const std::string& object, FidelityReport& report,
                                    size_t index, const std::vector<size_t>& matches) {
  const Ctx c{vs, config, object, report};
  return translateEntry(c, vs.rules.at(index), index, matches);
}

}  // namespace routedeck::core::dialects::istio::detail
