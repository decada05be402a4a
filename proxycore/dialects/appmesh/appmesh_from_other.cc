// Gateway API / Istio → App Mesh. The translation builds an App Mesh model
// and writes it with exportOwn, so the output is exactly what the App Mesh
// importer reads back. Scope: gateway-bound routes. Each Gateway becomes a
// VirtualGateway; each rule × match × hostname a GatewayRoute whose priority
// reproduces the source order (Gateway API precedence, Istio list order); a
// rule with one backend targets a VirtualService → VirtualNode per Service, a
// weighted or timed rule a VirtualService → VirtualRouter of its own.
// In-mesh routes (GAMMA parentRefs, Istio "mesh") are reported as lost.

#include "proxycore/dialects/appmesh/appmesh_from_other.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "proxycore/common/strings.h"
#include "proxycore/dialects/appmesh/appmesh.h"
#include "proxycore/dialects/appmesh/appmesh_compose.h"
#include "proxycore/dialects/appmesh/appmesh_internal.h"

namespace routedeck::core::dialects::appmesh {

namespace {

using namespace detail;
using model::PathMatchType;
using yaml::Node;

constexpr int kMaxPriority = 1000;

struct ServiceRef {
  std::string name;
  std::string ns;
  int port = 0;
};

struct Entry {
  model::Route route;
  // Sort key: Gateway API precedence (negated, so smaller sorts first) or Istio order.
  std::tuple<int, int, long, int, int, int, std::string, size_t, size_t> key;
};

std::string objectName(const model::Route& r) {
  return std::string(model::routeKindName(r.kind)) + " " + r.meta.id();
}

class Builder {
 public:
  Builder(const model::Config& in, FidelityReport& report) : m_in(in), m_report(report) {}

  void gateway(const model::Gateway& g);
  void route(const model::Route& r, size_t order);
  void finish(std::vector<Node>& out);

 private:
  std::optional<ServiceRef> serviceOf(const model::Route& r, const model::BackendRef& b,
                                      const std::string& feature);
  void ensureNode(const ServiceRef& s, const std::string& protocol);
  std::optional<model::BackendRef> targetFor(const model::Route& r, size_t index,
                                             const std::string& protocol);
  std::optional<int> listenerPort(const model::Route& r);
  // A VirtualRouter (and its VirtualService) for a weighted or timed rule; returns its name.
  std::string addRouter(const model::Route& r, size_t index, const std::string& protocol,
                        const std::vector<std::pair<ServiceRef, int>>& services);

  const model::Config& m_in;
  FidelityReport& m_report;
  model::Config m_out;
  std::vector<Entry> m_entries;
  std::map<std::string, size_t> m_nodes;  // ns/name → virtualNodes index
  std::map<std::string, std::pair<int, std::string>> m_routerListeners;  // ns/name → port, protocol
};

void Builder::gateway(const model::Gateway& g) {
  const std::string object = "Gateway " + g.meta.id();
  model::Gateway vg;
  vg.dialect = model::Dialect::AppMesh;
  vg.meta.name = g.meta.name;
  vg.meta.ns = g.meta.ns;
  vg.meta.labels = g.meta.labels;
  vg.namespaceSelector = model::LabelSelector{{{"gateway", g.meta.name}}};
  m_report.approximate(object, "attachment",
                       "routes attach through namespaceSelector gateway=" + g.meta.name +
                           ": label the namespaces of its routes");
  vg.selector = g.dialect == model::Dialect::Istio && !g.selector.empty()
                    ? g.selector
                    : model::Labels{{"app", g.meta.name}};
  if (g.dialect != model::Dialect::Istio) {
    m_report.approximate(object, "podSelector",
                         "the gateway pods are selected by app=" + g.meta.name);
  }
  for (const auto& l : g.listeners) {
    const std::string feature = "listener " + l.name;
    std::string protocol = l.protocol;
    const bool https = protocol == "HTTPS";
    if (https) {
      protocol = "HTTP";
    }
    if (protocol != "HTTP" && protocol != "HTTP2" && protocol != "GRPC") {
      m_report.lost(object, feature, l.protocol + " listeners have no VirtualGateway equivalent");
      continue;
    }
    if (std::any_of(vg.listeners.begin(), vg.listeners.end(),
                    [&](const auto& o) { return o.port == l.port; })) {
      m_report.approximate(
          object, feature,
          "shares port " + std::to_string(l.port) + " with an earlier listener; merged into it");
      continue;
    }
    model::Listener out;
    out.port = l.port;
    out.protocol = protocol;
    if (https || (l.tls && l.tls->mode != "PASSTHROUGH")) {
      model::TlsSettings tls;
      tls.mode = "STRICT";
      const bool files = l.tls && l.tls->serverCertificate && l.tls->privateKey && !l.tls->credentialName;
      if (files) {
        tls.serverCertificate = l.tls->serverCertificate;
        tls.privateKey = l.tls->privateKey;
      } else if (l.tls && l.tls->credentialName) {
        tls.credentialName = l.tls->credentialName;
      } else if (l.tls && !l.tls->certificateRefs.empty()) {
        tls.credentialName = l.tls->certificateRefs.front().name;
      }
      if (l.tls && l.tls->mode == "MUTUAL") {
        // Istio MUTUAL: the client CA becomes validation.trust.
        if (l.tls->caCertificates) {
          tls.caCertificates = l.tls->caCertificates;
        } else if (l.tls->credentialName) {
          tls.clientCaSecretName = *l.tls->credentialName + "-cacert";
        }
        m_report.approximate(object, feature + " tls.mode",
                             "MUTUAL becomes STRICT with validation.trust " +
                                 tls.caCertificates.value_or("SDS secret " +
                                                             tls.clientCaSecretName.value_or("?")));
      }
      out.tls = tls;
      if (files) {
        m_report.approximate(object, feature + " tls",
                             "terminates TLS with certificate.file " + *tls.serverCertificate +
                                 "; the files must exist at these paths in the VirtualGateway's Envoy");
      } else {
        m_report.approximate(
            object, feature + " tls",
            "terminates TLS with SDS secret " + tls.credentialName.value_or("?") +
                "; App Mesh reads it from its SDS provider, not a Kubernetes Secret");
      }
    }
    vg.listeners.push_back(out);
  }
  m_out.gateways.push_back(std::move(vg));
}

std::optional<ServiceRef> Builder::serviceOf(const model::Route& r, const model::BackendRef& b,
                                             const std::string& feature) {
  ServiceRef s;
  s.ns = r.meta.effectiveNamespace();
  if (r.dialect == model::Dialect::Istio) {
    s.name = b.name;
    if (!splitServiceHost(b.name, s.name, s.ns)) {
      m_report.lost(objectName(r), feature,
                    "destination " + b.name +
                        " is not a cluster Service; App Mesh needs a "
                        "VirtualNode for it (not generated)");
      return std::nullopt;
    }
  } else {
    if (!b.isService()) {
      m_report.lost(objectName(r), feature, "backend kind " + b.kind + " is not a Service");
      return std::nullopt;
    }
    s.name = b.name;
    if (!b.ns.empty()) {
      s.ns = b.ns;
    }
  }
  if (b.port) {
    s.port = *b.port;
  } else if (const model::Service* svc = m_in.findService(s.ns, s.name);
             svc && !svc->ports.empty()) {
    s.port = svc->ports.front().port;
  } else {
    s.port = 80;
    m_report.approximate(objectName(r), feature, "no port known for " + s.name + "; used 80");
  }
  return s;
}

void Builder::ensureNode(const ServiceRef& s, const std::string& protocol) {
  const std::string key = s.ns + "/" + s.name;
  auto it = m_nodes.find(key);
  if (it == m_nodes.end()) {
    model::VirtualNode n;
    n.meta.name = s.name;
    n.meta.ns = s.ns;
    n.dnsHostname = s.name + "." + s.ns + ".svc.cluster.local";
    if (const model::Service* svc = m_in.findService(s.ns, s.name); svc && !svc->selector.empty()) {
      n.podSelector = svc->selector;
    } else {
      n.podSelector = {{"app", s.name}};
      m_report.approximate("VirtualNode " + key, "podSelector",
                           "Service " + key + " is not loaded; pods selected by app=" + s.name);
    }
    it = m_nodes.emplace(key, m_out.virtualNodes.size()).first;
    m_out.virtualNodes.push_back(std::move(n));
    model::MeshService vs;
    vs.meta.name = s.name;
    vs.meta.ns = s.ns;
    vs.awsName = s.name + "." + s.ns + ".svc.cluster.local";
    vs.providerKind = "VirtualNode";
    vs.providerName = s.name;
    m_out.meshServices.push_back(std::move(vs));
  }
  auto& listeners = m_out.virtualNodes[it->second].listeners;
  if (std::none_of(listeners.begin(), listeners.end(),
                   [&](const auto& l) { return l.port == s.port; })) {
    listeners.push_back({s.port, protocol, {}});
  }
}

std::optional<model::BackendRef> Builder::targetFor(const model::Route& r, size_t index,
                                                    const std::string& protocol) {
  const model::RouteRule& rule = r.rules[index];
  const std::string feature = "rule " + std::to_string(index);
  std::vector<std::pair<ServiceRef, int>> services;
  for (const auto& b : rule.backends) {
    if (auto s = serviceOf(r, b, feature)) {
      services.push_back({*s, b.weight.value_or(1)});
      ensureNode(*s, protocol);
    }
  }
  if (services.empty()) {
    m_report.lost(objectName(r), feature, "no Service backend; the rule is not translated");
    return std::nullopt;
  }
  const std::string ns = r.meta.effectiveNamespace();
  model::BackendRef target;
  target.kind = "VirtualService";
  if (services.size() == 1 && rule.timeouts.empty() && !rule.retry) {
    target.name = services[0].first.name;
    target.ns = services[0].first.ns == ns ? "" : services[0].first.ns;
    const auto& node = m_out.virtualNodes[m_nodes.at(services[0].first.ns + "/" + target.name)];
    if (node.listeners.size() > 1) {
      target.port = services[0].first.port;
    }
    return target;
  }
  // Weights, timeouts and retries live on VirtualRouter routes.
  target.name = addRouter(r, index, protocol, services);
  return target;
}

std::string Builder::addRouter(const model::Route& r, size_t index, const std::string& protocol,
                               const std::vector<std::pair<ServiceRef, int>>& services) {
  const model::RouteRule& rule = r.rules[index];
  const std::string feature = "rule " + std::to_string(index);
  const std::string ns = r.meta.effectiveNamespace();
  model::Route vr;
  vr.dialect = model::Dialect::AppMesh;
  vr.kind = model::RouteKind::VirtualRouter;
  vr.meta.name = r.meta.name + "-" + std::to_string(index);
  vr.meta.ns = r.meta.ns;
  model::RouteRule rr;
  rr.name = "route";
  rr.protocol = protocol;
  model::RouteMatch all;
  if (protocol != "grpc") {
    all.path = model::PathMatch{PathMatchType::StringPrefix, "/"};
  }
  rr.matches.push_back(std::move(all));
  for (const auto& [s, weight] : services) {
    model::BackendRef t;
    t.kind = "VirtualNode";
    t.name = s.name;
    t.ns = s.ns == ns ? "" : s.ns;
    t.weight = weight;
    t.port = s.port;
    rr.backends.push_back(std::move(t));
  }
  rr.timeouts.request = rule.timeouts.request;
  rr.retry = meshRetryPolicy(rule, objectName(r), feature, m_report);
  if (rule.timeouts.backendRequest && !rule.retry) {
    m_report.lost(objectName(r), feature + " timeouts.backendRequest",
                  "App Mesh has a per-try timeout only inside a retryPolicy");
  }
  vr.rules.push_back(std::move(rr));
  m_routerListeners[vr.meta.effectiveNamespace() + "/" + vr.meta.name] = {services[0].first.port,
                                                                          protocol};
  model::MeshService vs;
  vs.meta.name = vr.meta.name;
  vs.meta.ns = vr.meta.ns;
  vs.providerKind = "VirtualRouter";
  vs.providerName = vr.meta.name;
  m_out.meshServices.push_back(std::move(vs));
  const std::string name = vr.meta.name;
  m_out.routes.push_back(std::move(vr));
  return name;
}

std::optional<int> Builder::listenerPort(const model::Route& r) {
  for (const auto& p : r.parents) {
    if (p.port) {
      return p.port;
    }
    const model::Gateway* g =
        m_in.findGateway(p.ns.empty() ? r.meta.effectiveNamespace() : p.ns, p.name);
    if (g && p.sectionName && g->listeners.size() > 1) {
      for (const auto& l : g->listeners) {
        if (l.name == *p.sectionName) {
          return l.port;
        }
      }
    }
  }
  return std::nullopt;
}

using PathClass = std::tuple<int, int, int, int, int>;

// Gateway API precedence of a source match, higher first.
PathClass precedence(const model::RouteMatch& m) {
  int cls = 2;
  int len = 1;
  if (m.path) {
    cls = m.path->type == PathMatchType::Exact               ? 3
          : m.path->type == PathMatchType::RegularExpression ? 1
                                                             : 2;
    len = cls == 2 ? static_cast<int>(m.path->value.size()) : 0;
  }
  return {cls, len, m.method ? 1 : 0, static_cast<int>(m.headers.size()),
          static_cast<int>(m.queryParams.size())};
}

model::Route newGatewayRoute(const model::Route& source, const std::string& name,
                             const std::string& protocol) {
  model::Route gr;
  gr.dialect = model::Dialect::AppMesh;
  gr.kind = model::RouteKind::GatewayRoute;
  gr.meta.name = name;
  gr.meta.ns = source.meta.ns;
  gr.meta.labels = source.meta.labels;
  gr.protocol = protocol;
  return gr;
}

// Whether a source route binds to gateways, reporting in-mesh bindings as lost.
bool bindsToGateway(const model::Route& r, const std::string& object, FidelityReport& report) {
  const bool istio = r.dialect == model::Dialect::Istio;
  bool toGateway = false;
  bool toMesh = istio && r.parents.empty();
  for (const auto& p : r.parents) {
    const bool mesh = istio ? p.name == "mesh" : (!p.kind.empty() && p.kind != "Gateway");
    (mesh ? toMesh : toGateway) = true;
  }
  if (toMesh) {
    report.lost(object, istio ? "gateways" : "parentRefs",
                "in-mesh routing is not translated (App Mesh needs a VirtualRouter behind the "
                "Service's VirtualService)");
  }
  return toGateway;
}

void Builder::route(const model::Route& r, size_t order) {
  const std::string object = objectName(r);
  const bool istio = r.dialect == model::Dialect::Istio;
  if (!bindsToGateway(r, object, m_report)) {
    return;
  }
  const bool grpc = r.kind == model::RouteKind::GRPCRoute;
  const std::string protocol = grpc ? "grpc" : "http";
  std::vector<std::string> hosts;
  for (const auto& h : r.hostnames) {
    if (hostnameMatch(h)) {
      hosts.push_back(h);
    }
  }
  if (hosts.empty()) {
    hosts.push_back("");
  }
  const std::optional<int> port = listenerPort(r);
  const std::string tie = r.meta.creationTimestamp + " " + r.meta.id();
  int generated = 0;
  for (size_t i = 0; i < r.rules.size(); ++i) {
    const model::RouteRule& rule = r.rules[i];
    const std::string feature = "rule " + std::to_string(i);
    reportUnsupportedActions(rule, object, feature, m_report);
    auto target = targetFor(r, i, protocol);
    if (!target) {
      continue;
    }
    const bool keepPrefix = rule.rewrite && rule.rewrite->path &&
                            rule.rewrite->path->type == model::PathModifierType::ReplacePrefixMatch;
    const std::vector<model::RouteMatch> matches =
        rule.matches.empty() ? std::vector<model::RouteMatch>{model::RouteMatch{}} : rule.matches;
    for (size_t j = 0; j < matches.size(); ++j) {
      for (size_t k = 0; k < hosts.size(); ++k) {
        auto m = gatewayRouteMatch(r, matches[j], keepPrefix, object, feature, m_report);
        if (!m) {
          continue;
        }
        if (!hosts[k].empty() && !m->authority) {
          m->authority = hostnameMatch(hosts[k]);
        }
        if (port && !m->port) {
          m->port = port;
        }
        const std::string name = r.meta.name + "-" + std::to_string(i) +
                                 (matches.size() > 1 ? "-" + std::to_string(j) : "") +
                                 (hosts.size() > 1 ? "-h" + std::to_string(k) : "");
        model::Route gr = newGatewayRoute(r, name, protocol);
        model::RouteRule out;
        out.matches.push_back(*m);
        out.backends.push_back(*target);
        out.rewrite = gatewayRouteRewrite(rule, *m, grpc, object, feature, m_report);
        gr.rules.push_back(std::move(out));
        const auto [cls, len, method, headers, query] = precedence(matches[j]);
        Entry e{std::move(gr), {}};
        e.key = istio ? std::make_tuple(1, 0, static_cast<long>(order), 0, 0, 0, std::string(), i,
                                        j * hosts.size() + k)
                      : std::make_tuple(0, -cls, -static_cast<long>(len), -method, -headers, -query,
                                        tie, i, j * hosts.size() + k);
        m_entries.push_back(std::move(e));
        ++generated;
      }
    }
  }
  m_report.exact(object, "kind", object + " → " + std::to_string(generated) + " GatewayRoutes");
}

void Builder::finish(std::vector<Node>& out) {
  std::stable_sort(m_entries.begin(), m_entries.end(),
                   [](const Entry& a, const Entry& b) { return a.key < b.key; });
  if (m_entries.size() > static_cast<size_t>(kMaxPriority) + 1) {
    m_report.approximate("GatewayRoutes", "spec.priority",
                         "more routes than App Mesh priorities (0-1000); the last share 1000");
  }
  for (size_t i = 0; i < m_entries.size(); ++i) {
    m_entries[i].route.priority = static_cast<int>(std::min<size_t>(i, kMaxPriority));
    m_out.routes.push_back(std::move(m_entries[i].route));
  }
  if (!m_entries.empty()) {
    m_report.exact("GatewayRoutes", "spec.priority",
                   "priorities follow Gateway API precedence and Istio http[] order");
  }
  std::vector<Node> docs;
  exportOwn(m_out, docs);
  // VirtualRouter listeners are not modelled (the importer keeps them in the
  // document); new routers get theirs here.
  for (auto& doc : docs) {
    const Node* kind = doc.find("kind");
    if (!kind || kind->text() != "VirtualRouter") {
      continue;
    }
    const Node* md = doc.find("metadata");
    const Node* ns = md->find("namespace");
    const std::string key =
        (ns ? ns->text() : std::string("default")) + "/" + md->find("name")->text();
    const auto& [port, protocol] = m_routerListeners.at(key);
    Node pm = Node::map();
    pm.set("port", Node::fromInt(port));
    pm.set("protocol", Node::str(protocol));
    Node listener = Node::map();
    listener.set("portMapping", std::move(pm));
    Node listeners = Node::sequence();
    listeners.push(std::move(listener));
    child(doc, "spec").set("listeners", std::move(listeners));
  }
  if (!docs.empty()) {
    m_report.approximate("Mesh", "spec",
                         "no Mesh is generated: create one and label the "
                         "namespaces it should select");
  }
  for (auto& d : docs) {
    out.push_back(std::move(d));
  }
}

}  // namespace

void fromOtherDialects(const model::Config& config, std::vector<yaml::Node>& out,
                       FidelityReport& report) {
  Builder b(config, report);
  for (const auto& g : config.gateways) {
    if (g.dialect == model::Dialect::GatewayApi || g.dialect == model::Dialect::Istio) {
      b.gateway(g);
    }
  }
  size_t order = 0;
  for (const auto& r : config.routes) {
    const bool gatewayApi =
        r.dialect == model::Dialect::GatewayApi &&
        (r.kind == model::RouteKind::HTTPRoute || r.kind == model::RouteKind::GRPCRoute);
    const bool istio =
        r.dialect == model::Dialect::Istio && r.kind == model::RouteKind::VirtualService;
    if (gatewayApi || istio) {
      b.route(r, order++);
    }
  }
  b.finish(out);
}

}  // namespace routedeck::core::dialects::appmesh
