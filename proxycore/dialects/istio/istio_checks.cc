// Cross-field rules from Istio's admission webhook (pkg/config/validation):
// what a CRD schema cannot say. Messages follow Istio's wording so users can
// search for them; shapes, enums and regex syntax are checked elsewhere.

#include <map>
#include <set>

#include "proxycore/dialects/istio/istio_internal.h"

namespace routedeck::core::dialects::istio::detail {

namespace {

using yaml::Node;

void checkPercentage(const Reader& r, const Node* parent, std::string_view key,
                     const std::string& path, const std::string& what) {
  const Node* p = r.map(parent, key);
  const Node* v = p ? p->find("value") : nullptr;
  if (!v || !v->isScalar()) {
    return;
  }
  if (auto value = v->asDouble(); value && (*value < 0 || *value > 100)) {
    r.error(*v, what + " must be between 0 and 100 (it has " + v->text() + ")",
            path + "." + std::string(key) + ".value");
  }
}

void checkConflicts(const Reader& r, const Node& http, const std::string& path) {
  const bool route = http.has("route");
  const bool redirect = http.has("redirect");
  const bool direct = http.has("directResponse");
  const bool delegate = http.has("delegate");
  if (delegate) {
    // A root rule hands the request to the delegate VirtualService.
    for (const char* key : {"route", "redirect"}) {
      if (const Node* n = http.find(key)) {
        r.error(*n, std::string("root HTTP route must not specify ") + key, path + "." + key);
      }
    }
    return;
  }
  struct Pair {
    bool when;
    const char* with;
    const char* message;
  };
  const Pair pairs[] = {
      {redirect, "route", "HTTP route cannot contain both route and redirect"},
      {redirect, "fault", "HTTP route cannot contain both fault and redirect"},
      {redirect, "rewrite", "HTTP route rule cannot contain both rewrite and redirect"},
      {redirect, "directResponse", "HTTP route rule cannot contain both direct_response and redirect"},
      {direct && !redirect, "route", "HTTP route cannot contain both route and direct_response"},
      {direct && !redirect, "fault", "HTTP route cannot contain both fault and direct_response"},
      {direct && !redirect, "rewrite",
       "HTTP route rule cannot contain both rewrite and direct_response"},
      {http.has("mirror"), "mirrors", "HTTP route cannot contain both mirror and mirrors"},
  };
  for (const auto& p : pairs) {
    if (const Node* n = p.when ? http.find(p.with) : nullptr) {
      r.error(*n, p.message, path + "." + p.with);
    }
  }
  if (!route && !redirect && !direct) {
    r.error(http, "HTTP route, redirect or direct_response is required", path);
  }
}

void checkDestinations(const Reader& r, const Node& http, const std::string& path) {
  const Node* routes = r.seq(&http, "route");
  if (!routes || routes->size() < 2) {
    return;
  }
  // Several destinations and no weight at all: every weight defaults to 0,
  // which Istio rejects. Explicit weights are checked with the other
  // dialects' (semantic_checks.cc), so they are not reported twice.
  for (const auto& d : routes->items()) {
    if (d.has("weight")) {
      return;
    }
  }
  r.error(*routes, "total destination weight = 0", path + ".route");
}

void checkRedirectRewrite(const Reader& r, const Node& http, const std::string& path) {
  if (const Node* red = r.map(&http, "redirect")) {
    const std::string p = path + ".redirect";
    if (!red->has("uri") && !red->has("authority") && !red->has("port") && !red->has("scheme") &&
        !red->has("derivePort") && !red->has("prefixRewrite")) {
      r.error(*red, "redirect must specify URI, authority, scheme, or port", p);
    }
    if (const Node* code = red->find("redirectCode")) {
      if (auto v = code->asInt(); v && (*v < 300 || *v > 399)) {
        r.error(*code, std::to_string(*v) + " is not a valid redirect code, must be 3xx",
                p + ".redirectCode");
      }
    }
    // port vs derivePort is a schema oneOf; uri vs prefixRewrite is not, and
    // Envoy can apply only one path change.
    if (red->has("uri") && red->has("prefixRewrite")) {
      r.warning(*red->find("prefixRewrite"), "prefixRewrite is ignored when redirect uri is set",
                p + ".prefixRewrite");
    }
  }
  if (const Node* rw = r.map(&http, "rewrite")) {
    const std::string p = path + ".rewrite";
    if (rw->has("uri") && rw->has("uriRegexRewrite")) {
      r.error(*rw->find("uriRegexRewrite"), "rewrite may only contain one of URI or UriRegexRewrite",
              p + ".uriRegexRewrite");
    }
    if (!rw->has("uri") && !rw->has("uriRegexRewrite") && !rw->has("authority")) {
      r.error(*rw, "rewrite must specify at least one of URI, UriRegexRewrite, or authority", p);
    }
  }
  if (const Node* dr = r.map(&http, "directResponse")) {
    if (const Node* s = dr->find("status")) {
      if (auto v = s->asInt(); v && (*v < 200 || *v > 599)) {
        r.error(*s, "HTTP status " + std::to_string(*v) + " is not in range 200-599",
                path + ".directResponse.status");
      }
    }
  }
}

void checkPolicies(const Reader& r, const Node& http, const std::string& path) {
  if (const Node* f = r.map(&http, "fault")) {
    if (!f->has("delay") && !f->has("abort")) {
      r.error(*f, "HTTP fault injection must have an abort and/or a delay", path + ".fault");
    }
    checkPercentage(r, r.map(f, "delay"), "percentage", path + ".fault.delay", "fault percentage");
    checkPercentage(r, r.map(f, "abort"), "percentage", path + ".fault.abort", "fault percentage");
  }
  if (const Node* rt = r.map(&http, "retries")) {
    const Node* attempts = rt->find("attempts");
    const bool disabled = !attempts || attempts->asInt() == 0;
    if (disabled && (rt->has("perTryTimeout") || rt->has("retryOn"))) {
      r.error(*rt, "http retry policy configured when attempts are set to 0 (disabled)",
              path + ".retries");
    }
  }
  checkPercentage(r, &http, "mirrorPercentage", path, "mirror percentage");
  if (const Node* mirrors = r.seq(&http, "mirrors")) {
    for (size_t i = 0; i < mirrors->size(); ++i) {
      checkPercentage(r, &mirrors->items()[i], "percentage", indexed(path + ".mirrors", i),
                      "mirror percentage");
    }
  }
}

}  // namespace

void checkHttpRoute(const Reader& r, const Node& http, const std::string& path) {
  checkConflicts(r, http, path);
  checkDestinations(r, http, path);
  checkRedirectRewrite(r, http, path);
  checkPolicies(r, http, path);
}

void checkGatewaySpec(const Reader& r, const Node* spec) {
  const Node* servers = r.seq(spec, "servers");
  if (!servers) {
    return;
  }
  std::set<std::string> portNames;
  for (size_t i = 0; i < servers->size(); ++i) {
    const Node& s = servers->items()[i];
    const std::string path = indexed("spec.servers", i);
    const Node* port = r.map(&s, "port");
    const Node* name = port ? port->find("name") : nullptr;
    if (name && name->isScalar() && !portNames.insert(name->text()).second) {
      r.error(*name, "port names in servers must be unique: duplicate name " + name->text(),
              path + ".port.name");
    }
    const std::string protocol = toUpper(r.str(port, "protocol").value_or(""));
    const Node* tls = r.map(&s, "tls");
    if ((protocol == "HTTPS" || protocol == "TLS") && !tls) {
      r.error(s, "server must have TLS settings for HTTPS/TLS protocols", path + ".tls");
    }
    if (!tls) {
      continue;
    }
    const std::string mode = r.str(tls, "mode").value_or("");
    if ((mode == "SIMPLE" || mode == "MUTUAL") && !tls->has("credentialName") &&
        !tls->has("credentialNames") && !tls->has("tlsCertificates") &&
        !(tls->has("serverCertificate") && tls->has("privateKey"))) {
      r.error(*tls,
              mode + " TLS requires a credentialName, or serverCertificate and privateKey",
              path + ".tls");
    }
    if (r.boolean(tls, "httpsRedirect").value_or(false) && protocol != "HTTP") {
      r.warning(*tls->find("httpsRedirect"), "tls.httpsRedirect should only be used with http servers",
                path + ".tls.httpsRedirect");
    }
  }
}

void checkDestinationRuleSpec(const Reader& r, const Node* spec) {
  const Node* subsets = r.seq(spec, "subsets");
  if (!subsets) {
    return;
  }
  std::set<std::string> names;
  for (size_t i = 0; i < subsets->size(); ++i) {
    const Node* name = subsets->items()[i].find("name");
    if (name && name->isScalar() && !names.insert(name->text()).second) {
      r.error(*name, "duplicate subset name " + name->text(),
              indexed("spec.subsets", i) + ".name");
    }
  }
}

}  // namespace routedeck::core::dialects::istio::detail
