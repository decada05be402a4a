#include "tests/bench/route_config_gen.h"

#include <sstream>

#include "proxycore/dialects/dialect.h"
#include "proxycore/yaml/yaml_io.h"

namespace routedeck::bench {

namespace {

constexpr int kServices = 100;

std::string hostname(int h) {
  // Every twentieth host is a wildcard so the suffix lookup is exercised too.
  return h % 20 == 19 ? "*.zone" + std::to_string(h) + ".example.com"
                      : "svc" + std::to_string(h) + ".example.com";
}

void writeServices(std::ostringstream& y) {
  for (int s = 0; s < kServices; ++s) {
    y << "---\napiVersion: v1\nkind: Service\nmetadata: {name: s" << s
      << ", namespace: bench}\nspec:\n  ports: [{port: 8080}]\n";
  }
}

// One HTTPRoute per route; the match kind cycles through exact, prefix with
// a header, prefix with a method, regex and a two-match rule.
void writeGatewayApi(std::ostringstream& y, const GenOptions& o) {
  y << "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: edge, "
       "namespace: bench}\nspec:\n  gatewayClassName: x\n  listeners:\n"
       "  - {name: http, port: 80, protocol: HTTP}\n";
  for (int i = 0; i < o.routes; ++i) {
    const int h = i / o.perHost, k = i % o.perHost;
    const std::string api = "/api/v" + std::to_string(k % 3) + "/svc" + std::to_string(k);
    y << "---\napiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r" << i
      << ", namespace: bench}\nspec:\n  parentRefs: [{name: edge}]\n  hostnames: [\"" << hostname(h)
      << "\"]\n  rules:\n  - matches:\n";
    switch (k % 5) {
      case 0:
        y << "    - path: {type: Exact, value: " << api << "/status}\n";
        break;
      case 1:
        y << "    - path: {type: PathPrefix, value: " << api << "}\n"
          << "      headers: [{name: x-tenant, value: t" << k % 7 << "}]\n";
        break;
      case 2:
        y << "    - path: {type: PathPrefix, value: " << api << "}\n      method: GET\n";
        break;
      case 3:
        y << "    - path: {type: RegularExpression, value: \"/re/" << k << "/[0-9]+\"}\n";
        break;
      default:
        y << "    - path: {type: PathPrefix, value: /static/" << k << "}\n"
          << "    - path: {type: Exact, value: /s/" << k << "}\n";
        break;
    }
    y << "    backendRefs:\n    - {name: s" << i % kServices << ", port: 8080, weight: 90}\n";
    if (i % 2 == 0) {
      y << "    - {name: s" << (i + 1) % kServices << ", port: 8080, weight: 10}\n";
    }
  }
}

// One VirtualService per host with perHost http entries in list order.
void writeIstio(std::ostringstream& y, const GenOptions& o) {
  y << "apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: edge, namespace: "
       "bench}\nspec:\n  selector: {istio: ingressgateway}\n  servers:\n"
       "  - port: {number: 80, name: http, protocol: HTTP}\n    hosts: [\"*\"]\n";
  for (int i = 0; i < o.routes; ++i) {
    const int h = i / o.perHost, k = i % o.perHost;
    if (k == 0) {
      y << "---\napiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: vs" << h
        << ", namespace: bench}\nspec:\n  hosts: [\"" << hostname(h)
        << "\"]\n  gateways: [edge]\n  http:\n";
    }
    const std::string api = "/api/v" + std::to_string(k % 3) + "/svc" + std::to_string(k);
    y << "  - match:\n";
    switch (k % 5) {
      case 0:
        y << "    - uri: {exact: " << api << "/status}\n";
        break;
      case 1:
        y << "    - uri: {prefix: " << api << "/}\n      headers: {x-tenant: {exact: t" << k % 7
          << "}}\n";
        break;
      case 2:
        y << "    - uri: {prefix: " << api << "/}\n      method: {exact: GET}\n";
        break;
      case 3:
        y << "    - uri: {regex: \"/re/" << k << "/[0-9]+\"}\n";
        break;
      default:
        // No second "/": a string prefix inside the first path segment.
        y << "    - uri: {prefix: /s" << k << "-}\n";
        break;
    }
    y << "    route:\n    - destination: {host: s" << i % kServices
      << ", port: {number: 8080}}\n      weight: " << (i % 2 == 0 ? 90 : 100) << "\n";
    if (i % 2 == 0) {
      y << "    - destination: {host: s" << (i + 1) % kServices
        << ", port: {number: 8080}}\n      weight: 10\n";
    }
  }
}

}  // namespace

std::string generateYaml(const GenOptions& opts) {
  std::ostringstream y;
  if (opts.flavor == Flavor::GatewayApi) {
    writeGatewayApi(y, opts);
  } else {
    writeIstio(y, opts);
  }
  writeServices(y);
  return y.str();
}

std::shared_ptr<const core::model::Config> generateConfig(const GenOptions& opts) {
  core::Diagnostics diags;
  auto docs = core::yaml::loadString(generateYaml(opts), "bench.yaml", diags);
  auto config = std::make_shared<core::model::Config>();
  for (const auto& d : docs) {
    core::dialects::importDocument(d, *config, diags);
  }
  return config;
}

core::router::Request requestFor(const core::router::RouteTable& table, size_t vhost,
                                 size_t candidate) {
  const auto& vh = table.listeners().front().vhosts.at(vhost);
  const auto& c = vh.candidates.at(candidate);
  core::router::Request r;
  r.port = 80;
  r.host = vh.hostname.starts_with("*.") ? "a" + vh.hostname.substr(1)
           : vh.hostname.empty() || vh.hostname == "*" ? "any.example.net"
                                                       : vh.hostname;
  r.path = "/";
  if (!c.matcher) {
    return r;
  }
  const auto& m = c.matcher->spec();
  if (m.path) {
    using core::model::PathMatchType;
    const std::string& v = m.path->value;
    switch (m.path->type) {
      case PathMatchType::Exact:
        r.path = v;
        break;
      case PathMatchType::PathPrefix:
        r.path = core::model::pathPrefixStem(v) + "/item";
        break;
      case PathMatchType::StringPrefix:
        r.path = v + "item";
        break;
      case PathMatchType::RegularExpression:
        r.path = v.substr(0, v.find('[')) + "42";
        break;
    }
  }
  for (const auto& h : m.headers) {
    r.headers.emplace_back(h.name, h.match.value);
  }
  if (m.method) {
    r.method = *m.method;
  }
  return r;
}

size_t vhostAt(const core::router::RouteTable& table, double fraction) {
  std::vector<size_t> named;
  const auto& vhosts = table.listeners().front().vhosts;
  for (size_t i = 0; i < vhosts.size(); ++i) {
    if (!vhosts[i].hostname.empty() && vhosts[i].hostname != "*") {
      named.push_back(i);
    }
  }
  return named.at(static_cast<size_t>(fraction * static_cast<double>(named.size() - 1) + 0.5));
}

}  // namespace routedeck::bench
