// Lookups built once per table so route() does no per-request scans over
// gateways, listeners, hostnames, Services or endpoints.
#include <algorithm>

#include "proxycore/common/strings.h"
#include "proxycore/router/hostnames.h"
#include "proxycore/router/route_table.h"
#include "proxycore/router/rule_action.h"

namespace routedeck::core::router {

void RouteTable::buildLookups() {
  BackendResolver resolver(*m_config);
  std::map<std::pair<const model::Route*, int>, std::shared_ptr<const RuleAction>> actions;
  auto prepare = [&](VirtualHost& vh) {
    for (auto& c : vh.candidates) {
      auto& action = actions[{c.route, c.rule}];
      if (!action) {
        action = std::make_shared<const RuleAction>(resolver.resolve(*c.route, c.rule));
      }
      c.action = action;
    }
    vh.index = CandidateIndex(vh.candidates);
  };
  for (auto& cl : m_listeners) {
    cl.hostname = cl.listener->hostnames.empty() ? "" : cl.listener->hostnames.front();
    for (auto& vh : cl.vhosts) {
      prepare(vh);
      cl.lookupOrder.push_back(&vh);  // finish() sorted them already
    }
    cl.hosts = HostIndex(cl.lookupOrder);
  }
  for (auto& [id, vh] : m_virtualRouters) {
    prepare(vh);
  }

  std::map<const model::Gateway*, size_t> byGateway;
  for (const auto& g : m_config->gateways) {
    if (!g.isListenerSet()) {
      byGateway[&g] = m_gateways.size();
      m_gateways.push_back({&g, g.meta.id(), {}, {}});
    }
  }
  std::vector<std::vector<std::string>> ports(m_gateways.size());
  for (const auto& cl : m_listeners) {
    auto it = byGateway.find(cl.gateway);
    if (it == byGateway.end()) {
      continue;
    }
    ports[it->second].push_back(std::to_string(cl.listener->port));
    PortGroup& group = m_gateways[it->second].ports[cl.listener->port];
    group.listeners.push_back(&cl);
    group.listenerNames += (group.listenerNames.empty() ? "" : ",") + cl.listener->name;
    for (const auto& vh : cl.vhosts) {
      group.lookupOrder.push_back(&vh);
    }
  }
  for (size_t i = 0; i < m_gateways.size(); ++i) {
    m_gateways[i].portList = strings::join(ports[i], ", ");
    for (auto& [port, group] : m_gateways[i].ports) {
      // Listeners on one port pool their hosts (Istio servers, App Mesh).
      std::stable_sort(group.lookupOrder.begin(), group.lookupOrder.end(),
                       [](const VirtualHost* a, const VirtualHost* b) {
                         return hostnames::specificity(a->hostname) > hostnames::specificity(b->hostname);
                       });
      group.hosts = HostIndex(group.lookupOrder);
    }
  }
  for (const auto& entry : m_gateways) {
    m_gatewaysByName[entry.gateway->meta.name].push_back(&entry);
  }
  buildMeshLookups(resolver);
}

void RouteTable::buildMeshLookups(const BackendResolver& resolver) {
  for (const auto& vs : m_config->meshServices) {
    m_meshServices.emplace(vs.meta.id(), &vs);
    m_meshServices.emplace(vs.meta.name, &vs);
    if (vs.awsName) {
      m_meshServices.emplace(*vs.awsName, &vs);
    }
    if (vs.providerKind == "VirtualNode") {
      m_meshNodes[{&vs, std::nullopt}] = {resolver.meshNode(vs, std::nullopt)};
      continue;
    }
    const std::string providerNs =
        vs.providerNamespace.empty() ? vs.meta.effectiveNamespace() : vs.providerNamespace;
    if (auto it = m_virtualRouters.find(providerNs + "/" + vs.providerName); it != m_virtualRouters.end()) {
      m_meshRouters[&vs] = &it->second;
    }
  }
  // GatewayRoutes send to a VirtualNode provider on their target's port.
  for (const auto& cl : m_listeners) {
    for (const auto& vh : cl.vhosts) {
      for (const auto& c : vh.candidates) {
        const model::MeshService* vs = c.action->meshTarget;
        if (vs && vs->providerKind == "VirtualNode") {
          const std::optional<int> port = c.route->rules[c.rule].backends.front().port;
          if (!m_meshNodes.count({vs, port})) {
            m_meshNodes[{vs, port}] = {resolver.meshNode(*vs, port)};
          }
        }
      }
    }
  }
}

}  // namespace routedeck::core::router
