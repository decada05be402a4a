#include "proxycore/proxy/runtime.h"

#include "proxycore/net/server.h"
#include "proxycore/proxy/listener_tls.h"
#include "proxycore/tls/server_tls.h"

namespace routedeck::core::proxy {

std::shared_ptr<EndpointState> EndpointRegistry::get(const std::string& address,
                                                     std::string* error) {
  std::lock_guard lock(m_mutex);
  auto it = m_endpoints.find(address);
  if (it != m_endpoints.end()) {
    return it->second;
  }
  auto ep = net::parseEndpoint(address);
  if (!ep) {
    *error = ep.error().message;
    return nullptr;
  }
  auto state = std::make_shared<EndpointState>(address, *ep);
  m_endpoints.emplace(address, state);
  return state;
}

namespace {

// The declared port of listener `name` on gateway `id`, also when one of
// the gateway's ListenerSets declares it.
const model::Listener* findListener(const model::Config& cfg, const std::string& id,
                                    const std::string& name) {
  for (const auto& g : cfg.gateways) {
    bool owner = g.meta.id() == id;
    bool listenerSetOf = g.isListenerSet() && g.parentGatewayName &&
                         (g.parentGatewayNamespace.value_or(g.meta.effectiveNamespace()) + "/" +
                          *g.parentGatewayName) == id;
    if (!owner && !listenerSetOf) {
      continue;
    }
    for (const auto& l : g.listeners) {
      if (l.name == name) {
        return &l;
      }
    }
  }
  return nullptr;
}

// "[Kind/]ns/name[#rule]" as the workspace's tracing.routes write it.
bool selects(const std::string& selector, const std::string& kind, const std::string& ns,
             const std::string& name, int rule) {
  std::string path = selector;
  if (const size_t hash = selector.find('#'); hash != std::string::npos) {
    path = selector.substr(0, hash);
    if (selector.substr(hash + 1) != std::to_string(rule)) {
      return false;
    }
  }
  const std::string tail = ns + "/" + name;
  return path == tail || path == kind + "/" + tail;
}

}  // namespace

std::shared_ptr<const Runtime> Runtime::build(std::shared_ptr<const model::Config> config,
                                              const std::vector<std::string>& boundAddresses,
                                              EndpointRegistry& registry, uint64_t version,
                                              const OutlierSettings& outlier, Diagnostics& diags,
                                              const Runtime* previous,
                                              double defaultSamplingPercent) {
  auto rt = std::shared_ptr<Runtime>(new Runtime());
  rt->m_version = version;
  rt->m_outlier = outlier;
  const model::Config& cfg = *config;
  rt->m_table = router::RouteTable::compile(config, diags);
  for (const auto& b : cfg.listenerBindings) {
    ListenerEntry e;
    e.bind = b.bind;
    e.gateway = b.gateway;
    e.listener = b.listener;
    const model::Listener* l = findListener(cfg, b.gateway, b.listener);
    if (!l) {
      diags.error(b.origin.location, "listener \"" + b.listener + "\" of gateway " + b.gateway +
                                         " is not defined in the loaded files");
      continue;
    }
    e.port = l->port;
    e.configured = true;
    rt->m_bindings.push_back(e);
  }
  for (const auto& addr : boundAddresses) {
    ListenerEntry found;
    found.bind = addr;
    for (const auto& e : rt->m_bindings) {
      if (e.bind == addr) {
        found = e;
      }
    }
    rt->m_byIndex.push_back(found);
    std::vector<FileStamp> files;
    rt->m_tlsByIndex.push_back(found.configured
                                   ? buildListenerTls(cfg, found.gateway, found.port, diags, &files)
                                   : nullptr);
    rt->m_tlsFilesByIndex.push_back(std::move(files));
  }
  auto addEndpoints = [&](const std::vector<model::EndpointSet>& sets) {
    for (const auto& set : sets) {
      for (const auto& ep : set.endpoints) {
        if (rt->m_endpoints.count(ep.address)) {
          continue;
        }
        std::string error;
        auto state = registry.get(ep.address, &error);
        if (!state) {
          diags.error({}, "endpoint \"" + ep.address + "\" of " + set.service + ": " + error);
          continue;
        }
        rt->m_endpoints.emplace(ep.address, state);
      }
    }
  };
  addEndpoints(cfg.serviceEndpoints);
  addEndpoints(cfg.virtualNodeEndpoints);
  for (const auto& route : cfg.routes) {
    for (size_t i = 0; i < route.rules.size(); ++i) {
      const model::RouteRule& rule = route.rules[i];
      if (rule.rateLimit && rule.rateLimit->requests > 0) {
        double per = std::max(1LL, rule.rateLimit->per.millis) / 1000.0;
        double rate = rule.rateLimit->requests / per;
        double burst = rule.rateLimit->burst.value_or(rule.rateLimit->requests);
        const std::string key = std::to_string(static_cast<int>(route.kind)) + "|" +
                                route.meta.effectiveNamespace() + "/" + route.meta.name + "|" +
                                std::to_string(i) + "|" + std::to_string(rate) + "|" +
                                std::to_string(burst);
        std::shared_ptr<TokenBucket> bucket;
        if (previous) {
          auto it = previous->m_bucketsByKey.find(key);
          bucket = it == previous->m_bucketsByKey.end() ? nullptr : it->second;
        }
        if (!bucket) {
          bucket = std::make_shared<TokenBucket>(rate, burst);
        }
        rt->m_buckets.emplace(&rule, bucket);
        rt->m_bucketsByKey.emplace(key, bucket);
      }
    }
  }
  resolveSampling(*rt, cfg, defaultSamplingPercent);
  return rt;
}

void Runtime::resolveSampling(Runtime& rt, const model::Config& cfg, double fallback) {
  rt.m_defaultSampling = fallback;
  if (!cfg.tracing) {
    return;
  }
  rt.m_defaultSampling = cfg.tracing->percent.value_or(fallback);
  if (cfg.tracing->routes.empty()) {
    return;
  }
  for (const auto& route : cfg.routes) {
    const std::string ns = route.meta.effectiveNamespace();
    const std::string kind = model::routeKindName(route.kind);
    for (size_t i = 0; i < route.rules.size(); ++i) {
      for (const auto& sel : cfg.tracing->routes) {
        if (selects(sel.route, kind, ns, route.meta.name, static_cast<int>(i))) {
          rt.m_sampling.emplace(&route.rules[i], sel.percent);
          break;
        }
      }
    }
  }
}

const ListenerEntry* Runtime::listener(int index) const {
  if (index < 0 || static_cast<size_t>(index) >= m_byIndex.size()) {
    return nullptr;
  }
  return &m_byIndex[static_cast<size_t>(index)];
}

EndpointState* Runtime::endpoint(const std::string& address) const {
  auto it = m_endpoints.find(address);
  return it == m_endpoints.end() ? nullptr : it->second.get();
}

std::shared_ptr<EndpointState> Runtime::endpointShared(const std::string& address) const {
  auto it = m_endpoints.find(address);
  return it == m_endpoints.end() ? nullptr : it->second;
}

TokenBucket* Runtime::rateLimiter(const model::RouteRule* rule) const {
  auto it = m_buckets.find(rule);
  return it == m_buckets.end() ? nullptr : it->second.get();
}

std::vector<std::shared_ptr<EndpointState>> Runtime::endpoints() const {
  std::vector<std::shared_ptr<EndpointState>> out;
  for (const auto& [addr, st] : m_endpoints) {
    out.push_back(st);
  }
  return out;
}

}  // namespace routedeck::core::proxy
