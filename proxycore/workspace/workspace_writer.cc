#include "proxycore/dialects/reader.h"
#include "proxycore/workspace/workspace.h"

namespace routedeck::core::workspace {

namespace {

using yaml::Node;

Node endpointSet(const model::EndpointSet& set, const char* refKey) {
  Node item = Node::map();
  item.set(refKey, Node::str(set.service));
  if (set.port) {
    item.set("port", Node::fromInt(*set.port));
  }
  Node eps = Node::sequence();
  for (const auto& e : set.endpoints) {
    Node ep = Node::map();
    ep.set("address", Node::str(e.address));
    if (!e.labels.empty()) {
      dialects::setLabels(ep, "labels", e.labels);
    }
    eps.push(std::move(ep));
  }
  item.set("endpoints", std::move(eps));
  if (set.healthCheck) {
    const model::HealthCheck& hc = *set.healthCheck;
    Node h = Node::map();
    h.set("path", Node::str(hc.path));
    h.set("interval", Node::str(hc.interval.str()));
    h.set("timeout", Node::str(hc.timeout.str()));
    h.set("unhealthyThreshold", Node::fromInt(hc.unhealthyThreshold));
    h.set("healthyThreshold", Node::fromInt(hc.healthyThreshold));
    item.set("healthCheck", std::move(h));
  }
  return item;
}

}  // namespace

Node writeWorkspace(const model::Config& config, const std::string& name) {
  Node doc = Node::map();
  doc.set("apiVersion", Node::str("routedeck.dev/v1alpha1"));
  doc.set("kind", Node::str("Workspace"));
  Node meta = Node::map();
  meta.set("name", Node::str(name));
  doc.set("metadata", std::move(meta));
  Node spec = Node::map();
  Node listeners = Node::sequence();
  for (const auto& b : config.listenerBindings) {
    Node item = Node::map();
    item.set("gateway", Node::str(b.gateway));
    item.set("listener", Node::str(b.listener));
    item.set("bind", Node::str(b.bind));
    listeners.push(std::move(item));
  }
  spec.set("listeners", std::move(listeners));
  Node services = Node::sequence();
  for (const auto& s : config.serviceEndpoints) {
    services.push(endpointSet(s, "service"));
  }
  spec.set("services", std::move(services));
  if (!config.virtualNodeEndpoints.empty()) {
    Node nodes = Node::sequence();
    for (const auto& s : config.virtualNodeEndpoints) {
      nodes.push(endpointSet(s, "virtualNode"));
    }
    spec.set("virtualNodes", std::move(nodes));
  }
  if (config.tracing) {
    Node tracing = Node::map();
    if (config.tracing->percent) {
      tracing.set("samplingPercent", Node::fromDouble(*config.tracing->percent));
    }
    Node routes = Node::sequence();
    for (const auto& r : config.tracing->routes) {
      Node item = Node::map();
      item.set("route", Node::str(r.route));
      item.set("samplingPercent", Node::fromDouble(r.percent));
      routes.push(std::move(item));
    }
    tracing.set("routes", std::move(routes));
    spec.set("tracing", std::move(tracing));
  }
  doc.set("spec", std::move(spec));
  return doc;
}

}  // namespace routedeck::core::workspace
