#include "proxycore/proxy/stats_declaration.h"

#include <map>

#include "proxycore/router/rule_action.h"

namespace routedeck::core::proxy {

stats::RuleKey ruleKey(const router::RouteRefView& ref) {
  return {ref.kind, ref.ns, ref.name, ref.rule, ref.ruleName.value_or("")};
}

std::string backendService(const router::BackendChoice& b) {
  std::string s = b.ns + "/" + b.name;
  if (b.port) s += ":" + std::to_string(*b.port);
  if (b.subset) s += "/" + *b.subset;
  return s;
}

namespace {

struct Found {
  const router::RuleAction* action;
  std::string gateway, listener;
};

}  // namespace

stats::Declaration declareStats(const Runtime& rt, size_t boundListeners) {
  stats::Declaration d;
  d.configVersion = rt.version();
  for (size_t i = 0; i < boundListeners; ++i) {
    if (const ListenerEntry* le = rt.listener(static_cast<int>(i)); le && !le->bind.empty()) {
      d.listeners.push_back({static_cast<int>(i), le->bind, le->gateway, le->listener});
    }
  }
  const model::Config& cfg = rt.table().config();
  std::map<const model::Route*, size_t> order;
  for (size_t i = 0; i < cfg.routes.size(); ++i) order[&cfg.routes[i]] = i;
  // (route position, rule) → the rule's action; the first listener that
  // serves it names its gateway and listener.
  std::map<std::pair<size_t, int>, Found> rules;
  auto visit = [&](const router::VirtualHost& vh, const std::string& gateway, const std::string& listener) {
    for (const auto& c : vh.candidates) {
      if (!c.action) continue;
      auto it = order.find(c.route);
      const size_t pos = it == order.end() ? cfg.routes.size() : it->second;
      rules.try_emplace({pos, c.rule}, Found{c.action.get(), gateway, listener});
    }
  };
  for (const auto& l : rt.table().listeners()) {
    const std::string gw = l.gateway ? l.gateway->meta.effectiveNamespace() + "/" + l.gateway->meta.name : "";
    for (const auto& vh : l.vhosts) visit(vh, gw, l.listener ? l.listener->name : "");
  }
  for (const auto& [name, vh] : rt.table().virtualRouters()) visit(vh, "", "");
  for (const auto& [pos, found] : rules) {
    stats::RuleDecl r;
    r.key = ruleKey(found.action->ref);
    r.gateway = found.gateway;
    r.listener = found.listener;
    for (const auto& b : found.action->backends) {
      std::vector<std::shared_ptr<EndpointState>> eps;
      for (const auto& addr : b.endpoints) {
        if (auto ep = rt.endpointShared(addr)) eps.push_back(std::move(ep));
      }
      auto ejections = [eps = std::move(eps)] {
        uint64_t n = 0;
        for (const auto& ep : eps) n += static_cast<uint64_t>(ep->ejections());
        return n;
      };
      r.backends.push_back({backendService(b), b.weight, std::move(ejections)});
    }
    d.rules.push_back(std::move(r));
  }
  return d;
}

}  // namespace routedeck::core::proxy
