// Envoy RouteConfiguration (v3) → model: a synthetic Gateway per
// RouteConfiguration and a VirtualHost route per virtual host.
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>

#include "proxycore/common/strings.h"
#include "proxycore/dialects/envoy/envoy.h"
#include "proxycore/dialects/envoy/envoy_internal.h"

namespace routedeck::core::dialects::envoy {

namespace {

using detail::Fields;
using detail::idx;

constexpr const char* kApiVersion = "envoy.config.route.v3";
constexpr const char* kTypeUrl = "type.googleapis.com/envoy.config.route.v3.RouteConfiguration";

// Proto JSON accepts lowerCamelCase names as well as the proto's snake_case.
std::string snakeCase(const std::string& key) {
  if (key.empty() || key.front() == '@') {
    return key;
  }
  std::string out;
  for (char c : key) {
    if (std::isupper(static_cast<unsigned char>(c))) {
      out += '_';
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else {
      out += c;
    }
  }
  return out;
}

yaml::Node normalized(const yaml::Node& n) {
  if (n.isMap()) {
    yaml::Node out = yaml::Node::map(n.mark());
    for (const auto& e : n.entries()) {
      out.set(snakeCase(e.key), normalized(e.value), e.keyMark);
    }
    return out;
  }
  if (n.isSequence()) {
    yaml::Node out = yaml::Node::sequence(n.mark());
    for (const auto& item : n.items()) {
      out.push(normalized(item));
    }
    return out;
  }
  return n;
}

bool looksLikeRouteConfiguration(const yaml::Node& n) {
  if (!n.isMap()) {
    return false;
  }
  const yaml::Node* type = n.find("@type");
  if (type && type->isScalar()) {
    return strings::endsWith(type->text(), "envoy.config.route.v3.RouteConfiguration");
  }
  return n.has("virtual_hosts") || n.has("virtualHosts");
}

// Envoy domains: exact, "*.suffix" / "*suffix", "prefix.*" / "prefix*", or "*".
bool validDomain(const std::string& d) {
  if (d.empty()) {
    return false;
  }
  const size_t stars = std::count(d.begin(), d.end(), '*');
  return stars == 0 || (stars == 1 && (d.front() == '*' || d.back() == '*'));
}

class Importer {
 public:
  Importer(const Reader& r, model::Config& out) : m_f(r), m_r(r), m_out(out) {}

  void routeConfiguration(const yaml::Node& rc, const std::string& path, int index) {
    m_f.keys(
        rc, path,
        {"@type", "name", "virtual_hosts", "request_headers_to_add", "request_headers_to_remove",
         "response_headers_to_add", "response_headers_to_remove", "validate_clusters"},
        {"vhds", "internal_only_headers", "most_specific_header_mutations_wins",
         "max_direct_response_body_size_bytes", "cluster_specifier_plugins",
         "request_mirror_policies", "ignore_port_in_host_matching",
         "ignore_path_parameters_in_path_matching", "typed_per_filter_config", "metadata"});
    model::Gateway g;
    g.dialect = model::Dialect::Envoy;
    g.meta.apiVersion = kApiVersion;
    g.meta.kind = "RouteConfiguration";
    g.meta.name = m_f.string(rc, "name", path).value_or("");
    if (g.meta.name.empty()) {
      // Route tables in files are often nameless: the file names them.
      g.meta.name = std::filesystem::path(m_r.file()).stem().string();
      if (index > 0) {
        g.meta.name += "-" + std::to_string(index);
      }
    }
    g.meta.provenance.document = std::make_shared<const yaml::Node>(rc);
    g.meta.provenance.file = m_r.file();
    g.meta.provenance.documentIndex = m_r.document().index;
    g.meta.provenance.location = m_r.at(rc);
    model::Listener l;
    l.name = "http";
    l.protocol = "HTTP";  // port 0: a RouteConfiguration serves whatever listener uses it
    l.origin = m_r.origin(rc);
    g.listeners.push_back(l);
    // Headers of the whole table apply after the virtual host's and the route's.
    model::HeaderModifier request, response;
    detail::readHeaderMutations(m_f, rc, path, request, response);
    const yaml::Node* vhosts = m_f.list(rc, "virtual_hosts", path);
    std::set<std::string> names;
    std::map<std::string, std::string> domains;  // domain → first vhost
    for (size_t i = 0; vhosts && i < vhosts->size(); ++i) {
      const yaml::Node& vh = vhosts->items()[i];
      const std::string vp = idx(path.empty() ? "virtual_hosts" : path + ".virtual_hosts", i);
      if (!vh.isMap()) {
        m_f.error(vh, std::string("expected a VirtualHost object, got ") + vh.typeName(), vp);
        continue;
      }
      model::Route route = virtualHost(vh, vp, g.meta.name, static_cast<int>(i));
      if (!route.meta.name.empty() && !names.insert(route.meta.name).second) {
        m_f.error(*vh.find("name"), "duplicate virtual host name \"" + route.meta.name + "\"",
                  vp + ".name");
      }
      const yaml::Node* dl = vh.find("domains");
      for (size_t di = 0; di < route.hostnames.size(); ++di) {
        const std::string d = strings::toLower(route.hostnames[di]);
        const yaml::Node& at = dl->items()[di];
        if (!validDomain(d)) {
          m_f.error(at,
                    "invalid domain \"" + d +
                        "\": a wildcard \"*\" may only be the first or "
                        "last character",
                    idx(vp + ".domains", di));
        } else if (auto [it, fresh] = domains.emplace(d, route.meta.name); !fresh) {
          m_f.error(at,
                    "domain \"" + d + "\" is already used by virtual host \"" + it->second +
                        "\" (Envoy rejects duplicate domains)",
                    idx(vp + ".domains", di));
        }
      }
      for (auto& rule : route.rules) {
        appendMutations(rule.requestHeaders, request);
        appendMutations(rule.responseHeaders, response);
      }
      m_routes.push_back(std::move(route));
    }
    m_gateways.push_back(std::move(g));
  }

  void commit(int errorsBefore) {
    if (m_r.diagnostics().errorCount() > errorsBefore) {
      return;  // bad input: nothing of this document is imported
    }
    for (auto& g : m_gateways) {
      m_out.gateways.push_back(std::move(g));
    }
    for (auto& r : m_routes) {
      m_out.routes.push_back(std::move(r));
    }
  }

 private:
  Fields m_f;
  const Reader& m_r;
  model::Config& m_out;
  std::vector<model::Gateway> m_gateways;
  std::vector<model::Route> m_routes;

  static void appendMutations(model::HeaderModifier& to, const model::HeaderModifier& from) {
    to.set.insert(to.set.end(), from.set.begin(), from.set.end());
    to.add.insert(to.add.end(), from.add.begin(), from.add.end());
    to.remove.insert(to.remove.end(), from.remove.begin(), from.remove.end());
  }

  model::Route virtualHost(const yaml::Node& vh, const std::string& path, const std::string& config,
                           int index) {
    m_f.keys(vh, path,
             {"name", "domains", "routes", "require_tls", "virtual_clusters", "retry_policy",
              "request_headers_to_add", "request_headers_to_remove", "response_headers_to_add",
              "response_headers_to_remove"},
             {"matcher", "rate_limits", "cors", "typed_per_filter_config",
              "include_request_attempt_count", "include_attempt_count_in_response",
              "retry_policy_typed_config", "hedge_policy", "per_request_buffer_limit_bytes",
              "request_mirror_policies", "metadata"});
    model::Route route;
    route.dialect = model::Dialect::Envoy;
    route.kind = model::RouteKind::VirtualHost;
    route.meta.apiVersion = kApiVersion;
    route.meta.kind = "VirtualHost";
    // The RouteConfiguration scopes its virtual hosts' names, as a namespace does.
    route.meta.ns = config;
    route.meta.name = m_f.string(vh, "name", path).value_or("");
    if (route.meta.name.empty()) {
      m_f.error(vh, "virtual host needs a \"name\"", path + ".name");
    }
    route.meta.provenance.file = m_r.file();
    route.meta.provenance.location = m_r.at(vh);
    route.meta.provenance.documentIndex = m_r.document().index;
    route.parents.push_back({"", "RouteConfiguration", config, "", std::nullopt, std::nullopt});
    const yaml::Node* domains = m_f.list(vh, "domains", path);
    if (!domains || domains->size() == 0) {
      m_f.error(domains ? *domains : vh, "virtual host needs at least one domain",
                path + ".domains");
    }
    for (size_t i = 0; domains && i < domains->size(); ++i) {
      const yaml::Node& d = domains->items()[i];
      if (!d.isScalar()) {
        m_f.error(d, std::string("expected string, got ") + d.typeName(),
                  idx(path + ".domains", i));
        continue;
      }
      route.hostnames.push_back(d.text());
    }
    if (auto tls = m_f.string(vh, "require_tls", path)) {
      if (*tls == "ALL") {
        route.requireTls = model::TlsRequirement::All;
      } else if (*tls == "EXTERNAL_ONLY") {
        route.requireTls = model::TlsRequirement::ExternalOnly;
      } else if (*tls != "NONE") {
        m_f.error(*vh.find("require_tls"),
                  "require_tls must be NONE, EXTERNAL_ONLY or ALL, got \"" + *tls + "\"",
                  path + ".require_tls");
      }
    }
    std::optional<model::RetryPolicy> retry;
    if (const yaml::Node* rp = m_f.object(vh, "retry_policy", path)) {
      retry = detail::readRetryPolicy(m_f, *rp, path + ".retry_policy");
    }
    model::HeaderModifier request, response;
    detail::readHeaderMutations(m_f, vh, path, request, response);
    if (const yaml::Node* routes = m_f.list(vh, "routes", path)) {
      for (size_t i = 0; i < routes->size(); ++i) {
        model::RouteRule rule =
            routeEntry(routes->items()[i], idx(path + ".routes", i), static_cast<int>(i));
        if (!rule.retry && retry && (!rule.backends.empty() || rule.clusterHeader)) {
          rule.retry = retry;  // the virtual host's policy applies to routes without one
        }
        appendMutations(rule.requestHeaders, request);
        appendMutations(rule.responseHeaders, response);
        route.rules.push_back(std::move(rule));
      }
    }
    if (const yaml::Node* vcs = m_f.list(vh, "virtual_clusters", path)) {
      for (size_t i = 0; i < vcs->size(); ++i) {
        virtualCluster(vcs->items()[i], idx(path + ".virtual_clusters", i), route);
      }
    }
    (void)index;
    return route;
  }

  model::RouteRule routeEntry(const yaml::Node& n, const std::string& path, int index) {
    model::RouteRule rule;
    rule.origin = m_r.origin(n, index);
    if (!n.isMap()) {
      m_f.error(n, std::string("expected a Route object, got ") + n.typeName(), path);
      return rule;
    }
    m_f.keys(
        n, path,
        {"name", "match", "route", "redirect", "direct_response", "request_headers_to_add",
         "request_headers_to_remove", "response_headers_to_add", "response_headers_to_remove",
         "typed_per_filter_config"},
        {"filter_action", "non_forwarding_action", "metadata", "decorator", "tracing",
         "per_request_buffer_limit_bytes", "stat_prefix"});
    rule.name = m_f.string(n, "name", path);
    model::RouteMatch match;
    match.origin = m_r.origin(n.find("match") ? *n.find("match") : n, 0);
    if (const yaml::Node* m = m_f.object(n, "match", path)) {
      detail::readRouteMatch(m_f, *m, path + ".match", match);
    } else {
      m_f.error(n, "route needs a \"match\"", path + ".match");
    }
    rule.matches.push_back(std::move(match));
    int actions = 0;
    if (const yaml::Node* a = m_f.object(n, "route", path)) {
      ++actions;
      detail::readRouteAction(m_f, *a, path + ".route", rule);
    }
    if (const yaml::Node* a = m_f.object(n, "redirect", path)) {
      ++actions;
      detail::readRedirect(m_f, *a, path + ".redirect", rule);
    }
    if (const yaml::Node* a = m_f.object(n, "direct_response", path)) {
      ++actions;
      detail::readDirectResponse(m_f, *a, path + ".direct_response", rule);
    }
    if (actions != 1 && !n.has("filter_action") && !n.has("non_forwarding_action")) {
      m_f.error(n,
                actions == 0 ? "route needs one of route, redirect, direct_response"
                             : "route must set only one of route, redirect, direct_response",
                path);
    }
    detail::readHeaderMutations(m_f, n, path, rule.requestHeaders, rule.responseHeaders);
    if (const yaml::Node* t = m_f.object(n, "typed_per_filter_config", path)) {
      detail::readPerFilterConfig(m_f, *t, path + ".typed_per_filter_config", rule);
    }
    return rule;
  }

  void virtualCluster(const yaml::Node& n, const std::string& path, model::Route& route) {
    if (!n.isMap()) {
      m_f.error(n, std::string("expected a VirtualCluster object, got ") + n.typeName(), path);
      return;
    }
    m_f.keys(n, path, {"name", "headers"});
    model::VirtualCluster vc;
    vc.name = m_f.string(n, "name", path).value_or("");
    if (vc.name.empty()) {
      m_f.error(n, "virtual cluster needs a \"name\"", path + ".name");
    }
    vc.match.origin = m_r.origin(n);
    if (const yaml::Node* headers = m_f.list(n, "headers", path)) {
      vc.match.headers = detail::readHeaders(m_f, *headers, path + ".headers");
    }
    route.virtualClusters.push_back(std::move(vc));
  }
};

}  // namespace

bool isRouteConfiguration(const yaml::Node& root) {
  if (!root.isMap() || root.has("apiVersion") || root.has("kind")) {
    return false;
  }
  if (looksLikeRouteConfiguration(root)) {
    return true;
  }
  for (const char* wrapper : {"route_config", "routeConfig"}) {
    if (const yaml::Node* rc = root.find(wrapper); rc && looksLikeRouteConfiguration(*rc)) {
      return true;
    }
  }
  if (const yaml::Node* res = root.find("resources"); res && res->isSequence() && res->size() > 0) {
    return looksLikeRouteConfiguration(res->items().front());
  }
  return false;
}

void importDocument(const Reader& original, model::Config& out) {
  // Read a copy whose keys are all snake_case; marks stay those of the file.
  yaml::Document doc{original.file(), original.document().index,
                     normalized(original.document().root)};
  Reader r(doc, original.diagnostics());
  const int errorsBefore = r.diagnostics().errorCount();
  Importer importer(r, out);
  Fields f(r);
  const yaml::Node& root = doc.root;
  if (const yaml::Node* rc = root.find("route_config")) {
    f.keys(root, "", {"route_config"});
    importer.routeConfiguration(*rc, "route_config", 0);
  } else if (const yaml::Node* res = root.find("resources")) {
    f.keys(root, "", {"resources"}, {"version_info", "type_url", "nonce", "@type"});
    for (size_t i = 0; i < res->size(); ++i) {
      const yaml::Node& item = res->items()[i];
      if (!looksLikeRouteConfiguration(item)) {
        f.error(
            item,
            "expected a RouteConfiguration resource (\"@type\": \"" + std::string(kTypeUrl) + "\")",
            idx("resources", i));
        continue;
      }
      importer.routeConfiguration(item, idx("resources", i), static_cast<int>(i));
    }
  } else {
    importer.routeConfiguration(root, "", 0);
  }
  importer.commit(errorsBefore);
}

std::string exportRefusal() {
  return "Envoy RouteConfiguration is a read-only dialect: RouteDeck imports and routes it but "
         "cannot write it; convert to gateway-api, istio or appmesh instead";
}

}  // namespace routedeck::core::dialects::envoy
