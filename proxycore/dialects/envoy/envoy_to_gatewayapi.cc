// Envoy → Gateway API (and, through it, Istio and App Mesh): a Gateway per
// RouteConfiguration and an HTTPRoute per virtual host. Envoy's first-match
// order, cluster headers, direct responses, virtual clusters and require_tls
// have no Gateway API counterpart; the report says what was dropped or changed.
#include <algorithm>
#include <cctype>

#include "proxycore/dialects/envoy/envoy.h"
#include "proxycore/dialects/gatewayapi/gatewayapi.h"

namespace routedeck::core::dialects::envoy {

namespace {

using model::StringMatchType;

// Kubernetes object names: lower-case DNS labels.
std::string dnsName(const std::string& s) {
  std::string out;
  for (char c : s) {
    const char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out += std::isalnum(static_cast<unsigned char>(l)) || l == '.' ? l : '-';
  }
  while (!out.empty() && out.front() == '-') out.erase(out.begin());
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? "envoy" : out;
}

// RFC 1123 host names, as Gateway API requires them (no "_", no port).
bool validHostname(const std::string& h) {
  if (h.empty() || h.front() == '-' || h.back() == '-' || h.front() == '.' || h.back() == '.') {
    return false;
  }
  return std::all_of(h.begin(), h.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
  });
}

std::string ruleFeature(size_t i) { return "routes[" + std::to_string(i) + "]"; }

void convertMatch(model::RouteMatch& m, const std::string& object, const std::string& feature,
                  FidelityReport& report) {
  if (m.path && m.path->type == model::PathMatchType::StringPrefix) {
    if (m.path->value != "/" && m.path->value.back() != '/') {
      report.approximate(object, feature + ".match.prefix",
                         "Envoy prefix \"" + m.path->value +
                             "\" is a string prefix; Gateway API "
                             "PathPrefix matches whole path segments");
    }
    m.path->type = model::PathMatchType::PathPrefix;
  }
  if (m.ignoreUriCase) {
    report.lost(object, feature + ".match.case_sensitive", "Gateway API paths are case-sensitive");
    m.ignoreUriCase = false;
  }
  std::vector<model::HeaderMatch> headers;
  for (auto h : m.headers) {
    if (!h.name.empty() && h.name.front() == ':') {
      report.lost(object, feature + ".match.headers." + h.name, "pseudo-header match");
      continue;
    }
    if (h.invert) {
      report.lost(object, feature + ".match.headers." + h.name, "inverted header match");
      continue;
    }
    if (h.match.type == StringMatchType::Present) {
      h.match = {StringMatchType::RegularExpression, ".*"};
      report.approximate(object, feature + ".match.headers." + h.name,
                         "presence check written as regex .*");
    } else if (h.match.type == StringMatchType::Range) {
      report.lost(object, feature + ".match.headers." + h.name, "range match");
      continue;
    } else if (h.match.type != StringMatchType::Exact &&
               h.match.type != StringMatchType::RegularExpression) {
      report.lost(object, feature + ".match.headers." + h.name, "prefix/suffix header match");
      continue;
    }
    headers.push_back(std::move(h));
  }
  m.headers = std::move(headers);
}

model::Route convertVirtualHost(const model::Route& vh, const std::string& gateway,
                                FidelityReport& report) {
  const std::string object = "VirtualHost " + vh.meta.ns + "/" + vh.meta.name;
  model::Route r;
  r.dialect = model::Dialect::GatewayApi;
  r.kind = model::RouteKind::HTTPRoute;
  r.meta.apiVersion = "gateway.networking.k8s.io/v1";
  r.meta.kind = "HTTPRoute";
  r.meta.name = dnsName(vh.meta.ns + "-" + vh.meta.name);
  r.parents.push_back({"", "", gateway, "", std::nullopt, std::nullopt});
  bool any = false;
  for (const auto& d : vh.hostnames) {
    if (d == "*") {
      any = true;
    } else if (d.back() == '*' || (d.front() == '*' && d.rfind("*.", 0) != 0)) {
      report.lost(object, "domains", "domain \"" + d + "\" has no Gateway API hostname form");
    } else if (!validHostname(d.rfind("*.", 0) == 0 ? d.substr(2) : d)) {
      report.lost(object, "domains", "domain \"" + d + "\" is not a valid Gateway API hostname");
    } else {
      r.hostnames.push_back(d);
    }
  }
  if (any) {
    r.hostnames.clear();  // "*" serves every host
  }
  if (vh.rules.size() > 1) {
    report.approximate(object, "routes",
                       "Envoy takes the first matching route in file order; "
                       "Gateway API orders rules by match specificity");
  }
  if (vh.requireTls != model::TlsRequirement::None) {
    report.lost(object, "require_tls", "add an HTTPS listener and a redirect rule");
  }
  if (!vh.virtualClusters.empty()) {
    report.lost(object, "virtual_clusters", "no Gateway API equivalent (statistics only)");
  }
  for (size_t i = 0; i < vh.rules.size(); ++i) {
    model::RouteRule rule = vh.rules[i];
    const std::string f = ruleFeature(i);
    rule.name.reset();  // Envoy route names need not be valid section names
    // Envoy's prefix_rewrite on an exact path replaces the whole path.
    const bool exactPath = !rule.matches.empty() && rule.matches.front().path &&
                           rule.matches.front().path->type == model::PathMatchType::Exact;
    for (auto* pm : {rule.rewrite ? &rule.rewrite->path : nullptr,
                     rule.redirect ? &rule.redirect->path : nullptr}) {
      if (pm && *pm && exactPath) {
        (*pm)->type = model::PathModifierType::ReplaceFullPath;
      }
    }
    for (auto& m : rule.matches) {
      convertMatch(m, object, f, report);
    }
    for (auto& b : rule.backends) {
      b.kind.clear();
      b.name = dnsName(b.name);
      b.port = 80;
      b.requestHeaders = {};
      b.responseHeaders = {};
    }
    if (!rule.backends.empty()) {
      report.approximate(object, f + ".route", "Envoy clusters became Services on port 80");
    }
    if (rule.clusterHeader) {
      report.lost(object, f + ".route.cluster_header", "the backend cannot come from a header");
      rule.clusterHeader.reset();
    }
    if (rule.directResponse) {
      report.lost(object, f + ".direct_response", "Gateway API has no direct responses");
      rule.directResponse.reset();
    }
    if (rule.rewrite && rule.rewrite->regexPattern) {
      report.lost(object, f + ".route.regex_rewrite", "Gateway API rewrites no regex");
      rule.rewrite->regexPattern.reset();
      rule.rewrite->regexSubstitution.reset();
    }
    if (rule.rewrite && rule.rewrite->hostname && !validHostname(*rule.rewrite->hostname)) {
      report.lost(object, f + ".route.host_rewrite_literal",
                  "\"" + *rule.rewrite->hostname + "\" is not a valid Gateway API hostname");
      rule.rewrite->hostname.reset();
    }
    if (rule.redirect && rule.redirect->hostname && !validHostname(*rule.redirect->hostname)) {
      report.lost(object, f + ".redirect.host_redirect",
                  "\"" + *rule.redirect->hostname + "\" is not a valid Gateway API hostname");
      rule.redirect->hostname.reset();
    }
    if (rule.rewrite && !rule.rewrite->hostname && !rule.rewrite->path) {
      rule.rewrite.reset();  // nothing left to rewrite
    }
    if (rule.retry) {
      report.lost(object, f + ".route.retry_policy", "not written to Gateway API");
      rule.retry.reset();
    }
    if (rule.rateLimit) {
      report.lost(object, f + ".typed_per_filter_config.envoy.filters.http.local_ratelimit",
                  "Gateway API has no route rate limit");
      rule.rateLimit.reset();
    }
    if (rule.redirect && rule.redirect->statusCode && *rule.redirect->statusCode != 301 &&
        *rule.redirect->statusCode != 302) {
      report.approximate(object, f + ".redirect.response_code",
                         "Gateway API redirects with 301 or 302");
      rule.redirect->statusCode = 302;
    }
    r.rules.push_back(std::move(rule));
  }
  return r;
}

}  // namespace

// Envoy objects as Gateway API model objects (used for every target).
model::Config envoyAsGatewayApi(const model::Config& config, FidelityReport& report) {
  model::Config out;
  for (const auto& g : config.gateways) {
    if (g.dialect != model::Dialect::Envoy) {
      continue;
    }
    model::Gateway gw;
    gw.dialect = model::Dialect::GatewayApi;
    gw.meta.apiVersion = "gateway.networking.k8s.io/v1";
    gw.meta.kind = "Gateway";
    gw.meta.name = dnsName(g.meta.name);
    gw.gatewayClassName = "envoy";
    model::Listener l;
    l.name = "http";
    l.port = 80;
    l.protocol = "HTTP";
    gw.listeners.push_back(l);
    report.approximate("RouteConfiguration " + g.meta.name, "listener",
                       "served by a Gateway with one HTTP listener on port 80");
    for (const auto& r : config.routes) {
      if (r.dialect == model::Dialect::Envoy && !r.parents.empty() &&
          r.parents.front().name == g.meta.name) {
        out.routes.push_back(convertVirtualHost(r, gw.meta.name, report));
      }
    }
    out.gateways.push_back(std::move(gw));
  }
  return out;
}

void toGatewayApi(const model::Config& config, std::vector<yaml::Node>& out,
                  FidelityReport& report) {
  gatewayapi::exportOwn(envoyAsGatewayApi(config, report), out);
}

}  // namespace routedeck::core::dialects::envoy
