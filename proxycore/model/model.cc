#include <cmath>
#include <cstdio>
#include <iterator>

#include "proxycore/common/strings.h"
#include "proxycore/model/config.h"

namespace routedeck::core::model {

const char* dialectName(Dialect d) {
  switch (d) {
    case Dialect::GatewayApi:
      return "gateway-api";
    case Dialect::Istio:
      return "istio";
    case Dialect::AppMesh:
      return "appmesh";
    case Dialect::Kubernetes:
      return "kubernetes";
    case Dialect::RouteDeck:
      return "routedeck";
    case Dialect::Envoy:
      return "envoy";
  }
  return "unknown";
}

const char* routeKindName(RouteKind k) {
  switch (k) {
    case RouteKind::HTTPRoute:
      return "HTTPRoute";
    case RouteKind::GRPCRoute:
      return "GRPCRoute";
    case RouteKind::VirtualService:
      return "VirtualService";
    case RouteKind::GatewayRoute:
      return "GatewayRoute";
    case RouteKind::VirtualRouter:
      return "VirtualRouter";
    case RouteKind::VirtualHost:
      return "VirtualHost";
  }
  return "Route";
}

std::optional<Duration> Duration::parse(const std::string& text) {
  // Go time.ParseDuration subset: a sequence of decimal numbers with units.
  static const struct {
    const char* unit;
    double ms;
  } kUnits[] = {{"ns", 1e-6}, {"us", 1e-3}, {"µs", 1e-3}, {"ms", 1.0},
                {"s", 1000.0}, {"m", 60000.0}, {"h", 3600000.0}};
  if (text.empty()) {
    return std::nullopt;
  }
  size_t i = 0;
  double total = 0;
  if (text == "0") {
    return Duration{0, text};
  }
  while (i < text.size()) {
    size_t start = i;
    while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.')) {
      ++i;
    }
    if (start == i) {
      return std::nullopt;
    }
    auto number = strings::parseDouble(text.substr(start, i - start));
    if (!number) {
      return std::nullopt;
    }
    size_t unitStart = i;
    while (i < text.size() && !std::isdigit(static_cast<unsigned char>(text[i])) && text[i] != '.') {
      ++i;
    }
    std::string unit = text.substr(unitStart, i - unitStart);
    bool found = false;
    for (const auto& u : kUnits) {
      if (unit == u.unit) {
        total += *number * u.ms;
        found = true;
        break;
      }
    }
    if (!found) {
      return std::nullopt;
    }
  }
  return Duration{static_cast<long long>(std::llround(total)), text};
}

Duration Duration::fromMillis(long long ms) { return Duration{ms, {}}; }

std::string Duration::str() const {
  if (!text.empty()) {
    if (auto again = parse(text); again && again->millis == millis) {
      return text;
    }
  }
  if (millis % 3600000 == 0 && millis != 0) {
    return std::to_string(millis / 3600000) + "h";
  }
  if (millis % 60000 == 0 && millis != 0) {
    return std::to_string(millis / 60000) + "m";
  }
  if (millis % 1000 == 0) {
    return std::to_string(millis / 1000) + "s";
  }
  return std::to_string(millis) + "ms";
}

std::string pathPrefixStem(const std::string& prefix) {
  std::string p = prefix;
  while (p.size() > 1 && p.back() == '/') {
    p.pop_back();
  }
  return p;
}

bool pathPrefixMatches(const std::string& prefix, const std::string& path) {
  const std::string p = pathPrefixStem(prefix);
  if (p == "/" || p.empty()) {
    return true;
  }
  return path == p || (path.size() > p.size() && path.compare(0, p.size(), p) == 0 &&
                       path[p.size()] == '/');
}

bool LabelSelector::matches(const Labels& labels) const {
  for (const auto& [k, v] : matchLabels) {
    auto it = labels.find(k);
    if (it == labels.end() || it->second != v) {
      return false;
    }
  }
  return true;
}

double Mirror::effectivePercent() const {
  if (percent) {
    return *percent;
  }
  if (fractionNumerator) {
    int den = fractionDenominator.value_or(100);
    return den > 0 ? 100.0 * *fractionNumerator / den : 0.0;
  }
  return 100.0;
}

namespace {
template <typename T>
void moveAppend(std::vector<T>& to, std::vector<T>& from) {
  to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}
}  // namespace

void Config::append(Config&& o) {
  moveAppend(gateways, o.gateways);
  moveAppend(routes, o.routes);
  moveAppend(services, o.services);
  moveAppend(namespaces, o.namespaces);
  moveAppend(destinationRules, o.destinationRules);
  moveAppend(referenceGrants, o.referenceGrants);
  moveAppend(meshes, o.meshes);
  moveAppend(meshServices, o.meshServices);
  moveAppend(virtualNodes, o.virtualNodes);
  moveAppend(secrets, o.secrets);
  moveAppend(others, o.others);
  moveAppend(listenerBindings, o.listenerBindings);
  moveAppend(serviceEndpoints, o.serviceEndpoints);
  moveAppend(virtualNodeEndpoints, o.virtualNodeEndpoints);
  if (o.tracing) {
    if (!tracing) {
      tracing = std::move(o.tracing);
    } else {
      if (!tracing->percent) tracing->percent = o.tracing->percent;
      moveAppend(tracing->routes, o.tracing->routes);
    }
  }
}

const Secret* Config::findSecret(const std::string& ns, const std::string& name) const {
  for (const auto& s : secrets) {
    if (s.meta.name == name && s.meta.effectiveNamespace() == ns) {
      return &s;
    }
  }
  return nullptr;
}

const Gateway* Config::findGateway(const std::string& ns, const std::string& name) const {
  for (const auto& g : gateways) {
    if (g.meta.name == name && g.meta.effectiveNamespace() == ns) {
      return &g;
    }
  }
  return nullptr;
}

const Service* Config::findService(const std::string& ns, const std::string& name) const {
  for (const auto& s : services) {
    if (s.meta.name == name && s.meta.effectiveNamespace() == ns) {
      return &s;
    }
  }
  return nullptr;
}

const Namespace* Config::findNamespace(const std::string& name) const {
  for (const auto& n : namespaces) {
    if (n.meta.name == name) {
      return &n;
    }
  }
  return nullptr;
}

bool splitServiceHost(const std::string& host, std::string& name, std::string& ns) {
  const auto labels = strings::split(host, '.');
  if (labels.empty() || labels[0].empty()) {
    return false;
  }
  const bool clusterName = labels.size() >= 3 && labels[2] == "svc";
  if (labels.size() > 2 && !clusterName) {
    return false;
  }
  name = labels[0];
  if (labels.size() >= 2) {
    ns = labels[1];
  }
  return true;
}

namespace {
bool ruleIsFor(const DestinationRule& dr, const std::string& name, const std::string& ns) {
  std::string drName, drNs = dr.meta.effectiveNamespace();
  return splitServiceHost(dr.host, drName, drNs) && drName == name && drNs == ns;
}
}  // namespace

bool Config::hasDestinationRuleFor(const std::string& name, const std::string& ns) const {
  for (const auto& dr : destinationRules) {
    if (ruleIsFor(dr, name, ns)) {
      return true;
    }
  }
  return false;
}

std::optional<Labels> Config::subsetLabels(const std::string& name, const std::string& ns,
                                           const std::string& subset) const {
  for (const auto& dr : destinationRules) {
    if (!ruleIsFor(dr, name, ns)) {
      continue;
    }
    for (const auto& s : dr.subsets) {
      if (s.name == subset) {
        return s.labels;
      }
    }
  }
  return std::nullopt;
}

bool Config::referenceGrantAllows(const std::string& routeKind, const std::string& routeNamespace,
                                  const std::string& serviceNamespace,
                                  const std::string& serviceName) const {
  for (const auto& g : referenceGrants) {
    if (g.meta.effectiveNamespace() != serviceNamespace) {
      continue;
    }
    bool fromOk = false;
    for (const auto& f : g.from) {
      fromOk = fromOk || (f.group == "gateway.networking.k8s.io" && f.kind == routeKind &&
                          f.ns == routeNamespace);
    }
    bool toOk = false;
    for (const auto& t : g.to) {
      toOk = toOk || ((t.group.empty() || t.group == "core") && t.kind == "Service" &&
                      (!t.name || *t.name == serviceName));
    }
    if (fromOk && toOk) {
      return true;
    }
  }
  return false;
}

}  // namespace routedeck::core::model
