// Istio Gateway → Gateway API Gateway. A server may list several hosts, a
// Gateway API listener has one hostname: one listener per (server, host).
// Istio's "ns/host" namespace part becomes the listener's allowedRoutes.

#include <set>

#include "proxycore/dialects/istio/istio_internal.h"

namespace routedeck::core::dialects::istio::detail {

namespace {

struct ServerCtx {
  const model::Gateway& g;
  const std::string& object;
  const std::string& feature;
  FidelityReport& report;
};

std::string uniqueName(const std::string& wanted, std::set<std::string>& used) {
  const std::string name = dnsLabel(wanted);
  std::string candidate = name;
  for (int n = 2; used.count(candidate); ++n) {
    candidate = name + "-" + std::to_string(n);
  }
  used.insert(candidate);
  return candidate;
}

// The Gateway API protocol for an Istio server, or empty when there is none.
std::string protocolFor(const ServerCtx& c, const model::Listener& s) {
  const std::string& p = s.protocol;
  if (p == "HTTP" || p == "HTTPS" || p == "TLS" || p == "TCP") {
    return p;
  }
  if (p == "HTTP2" || p == "GRPC" || p == "GRPC-WEB") {
    c.report.approximate(c.object, c.feature + ".port.protocol",
                         p + " becomes HTTP; HTTP/2 support on it is implementation-specific");
    return "HTTP";
  }
  c.report.lost(c.object, c.feature, "protocol " + p + " has no Gateway API listener");
  return {};
}

// Gateway API TLS for the server, adjusting protocol for passthrough.
std::optional<model::TlsSettings> tlsFor(const ServerCtx& c, const model::Listener& s,
                                         std::string& protocol) {
  if (!s.tls || s.tls->mode.empty()) {
    if (protocol == "HTTPS" || protocol == "TLS") {
      c.report.lost(c.object, c.feature + ".tls", "no TLS mode to translate");
    }
    return std::nullopt;
  }
  const std::string& mode = s.tls->mode;
  model::TlsSettings t;
  if (mode == "PASSTHROUGH") {
    t.mode = "Passthrough";
    protocol = "TLS";
    return t;
  }
  if (mode == "AUTO_PASSTHROUGH" || mode == "ISTIO_MUTUAL") {
    c.report.lost(c.object, c.feature + ".tls.mode", mode + " is Istio-internal");
    return std::nullopt;
  }
  t.mode = "Terminate";
  if (s.tls->credentialName) {
    model::CertificateRef ref;
    ref.name = *s.tls->credentialName;
    t.certificateRefs.push_back(ref);
    c.report.approximate(c.object, c.feature + ".tls.credentialName",
                         "the Secret must live in the Gateway's namespace (Istio read it from the "
                         "ingress workload's)");
  } else if (s.tls->serverCertificate) {
    c.report.lost(c.object, c.feature + ".tls.serverCertificate",
                  "file-mounted certificates: store them in a Secret and reference it");
  }
  if (mode == "MUTUAL" || mode == "OPTIONAL_MUTUAL") {
    c.report.lost(c.object, c.feature + ".tls.mode",
                  mode + " client certificate validation is not carried over");
  }
  return t;
}

model::AllowedRoutes allowedFor(const model::Gateway& g, const std::string& nsPart) {
  model::AllowedRoutes a;
  if (nsPart.empty() || nsPart == "*") {
    // Istio binds VirtualServices from any namespace unless told otherwise.
    a.from = "All";
  } else if (nsPart == "." || nsPart == g.meta.effectiveNamespace()) {
    a.from = "Same";
  } else {
    a.from = "Selector";
    a.selector.matchLabels = {{"kubernetes.io/metadata.name", nsPart}};
  }
  return a;
}

model::Route httpsRedirectRoute(const model::Gateway& g, const std::vector<std::string>& listeners,
                                const std::string& serverName) {
  model::Route r;
  r.dialect = model::Dialect::GatewayApi;
  r.kind = model::RouteKind::HTTPRoute;
  r.meta = translatedMeta(g.meta, kGatewayApiVersion, "HTTPRoute");
  r.meta.labels.clear();
  r.meta.annotations.clear();
  r.meta.name = dnsLabel(g.meta.name + "-" + serverName + "-https-redirect");
  for (const auto& l : listeners) {
    model::ParentRef p;
    p.name = g.meta.name;
    p.sectionName = l;
    r.parents.push_back(p);
  }
  model::RouteRule rule;
  model::Redirect redirect;
  redirect.scheme = "https";
  redirect.statusCode = 301;
  rule.redirect = redirect;
  r.rules.push_back(rule);
  return r;
}

}  // namespace

GatewayApiGateway gatewayToGatewayApi(const model::Gateway& g, FidelityReport& report) {
  const std::string object = objectName("Gateway", g.meta);
  GatewayApiGateway out;
  out.gateway.dialect = model::Dialect::GatewayApi;
  out.gateway.meta = translatedMeta(g.meta, kGatewayApiVersion, "Gateway");
  out.gateway.gatewayClassName = "istio";
  if (!g.selector.empty()) {
    report.approximate(object, "selector",
                       "Gateway API provisions a proxy for class istio; the workload selector "
                       "is not carried over");
  }
  std::set<std::string> used;
  for (size_t i = 0; i < g.listeners.size(); ++i) {
    const model::Listener& s = g.listeners[i];
    const std::string feature = indexed("servers", i);
    const ServerCtx c{g, object, feature, report};
    std::string protocol = protocolFor(c, s);
    if (protocol.empty()) {
      continue;
    }
    const std::optional<model::TlsSettings> tls = tlsFor(c, s, protocol);
    std::vector<std::string> names;
    for (size_t k = 0; k < s.hostnames.size(); ++k) {
      const std::string& h = s.hostnames[k];
      const size_t slash = h.find('/');
      const std::string nsPart = slash == std::string::npos ? "" : h.substr(0, slash);
      const std::string host = slash == std::string::npos ? h : h.substr(slash + 1);
      model::Listener l;
      l.name = uniqueName(s.hostnames.size() > 1 ? s.name + "-" + std::to_string(k) : s.name, used);
      l.port = s.port;
      l.protocol = protocol;
      if (host != "*") {
        l.hostnames = {host};
      }
      l.tls = tls;
      l.allowedRoutes = allowedFor(g, nsPart);
      names.push_back(l.name);
      out.gateway.listeners.push_back(l);
    }
    if (s.tls && s.tls->httpsRedirect && !names.empty()) {
      out.redirectRoutes.push_back(httpsRedirectRoute(g, names, s.name));
      report.approximate(object, feature + ".tls.httpsRedirect",
                         "becomes HTTPRoute " + out.redirectRoutes.back().meta.name +
                             " (301 to https); more specific routes on the same listener take "
                             "precedence over it");
    }
    report.exact(object, feature);
  }
  return out;
}

}  // namespace routedeck::core::dialects::istio::detail
