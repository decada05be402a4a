#include "proxycore/dialects/appmesh/appmesh_translate.h"

#include <re2/re2.h>

#include <algorithm>

namespace routedeck::core::dialects::appmesh::detail {

namespace {

using yaml::Node;

struct Unmodelled {
  const char* key;  // under each listener, or under spec when listener == false
  bool listener;
  const char* what;
};

// What each kind keeps only in its document, and why it matters after migration.
constexpr Unmodelled kVirtualNode[] = {
    {"healthCheck", true,
     "listener health check (use readiness probes or backend health policies)"},
    {"timeout", true, "listener (inbound) timeouts"},
    {"outlierDetection", true, "outlier detection"},
    {"connectionPool", true, "connection pool limits"},
    {"tls", true, "listener TLS (mTLS inside the mesh)"},
    {"backends", false, "backend allow-list (egress to VirtualServices)"},
    {"backendDefaults", false, "client policy defaults (TLS origination)"},
    {"logging", false, "access logging"},
};
constexpr Unmodelled kVirtualGateway[] = {
    {"healthCheck", true, "listener health check"},
    {"connectionPool", true, "connection pool limits"},
    {"backendDefaults", false, "client policy defaults (TLS to backends)"},
    {"logging", false, "access logging"},
};
constexpr Unmodelled kMesh[] = {
    {"egressFilter", false, "egress filter"},
    {"meshServiceDiscovery", false, "service discovery IP preference"},
};

template <size_t N>
void scan(const model::ObjectMeta& meta, const std::string& object, const Unmodelled (&keys)[N],
          const std::string& target, FidelityReport& report) {
  const auto& doc = meta.provenance.document;
  const Node* spec = doc ? doc->find("spec") : nullptr;
  if (!spec || !spec->isMap()) {
    return;
  }
  const Node* listeners = spec->find("listeners");
  for (const auto& u : keys) {
    if (!u.listener) {
      if (spec->has(u.key)) {
        report.lost(object, std::string("spec.") + u.key,
                    std::string(u.what) + " is not translated to " + target);
      }
      continue;
    }
    if (!listeners || !listeners->isSequence()) {
      continue;
    }
    for (size_t i = 0; i < listeners->size(); ++i) {
      if (listeners->items()[i].has(u.key)) {
        report.lost(object, "spec.listeners[" + std::to_string(i) + "]." + u.key,
                    std::string(u.what) + " is not translated to " + target);
      }
    }
  }
}

}  // namespace

bool hasAppMeshObjects(const model::Config& config) {
  auto appMesh = [](const auto& o) { return o.dialect == model::Dialect::AppMesh; };
  return !config.meshes.empty() || !config.meshServices.empty() || !config.virtualNodes.empty() ||
         std::any_of(config.gateways.begin(), config.gateways.end(), appMesh) ||
         std::any_of(config.routes.begin(), config.routes.end(), appMesh);
}

void reportUnmodelled(const model::Config& config, const std::string& target,
                      FidelityReport& report) {
  for (const auto& m : config.meshes) {
    scan(m.meta, "Mesh " + m.meta.name, kMesh, target, report);
    if (m.namespaceSelector) {
      report.approximate("Mesh " + m.meta.name, "spec.namespaceSelector",
                         "mesh membership has no " + target +
                             " object; enrol the selected namespaces in the new data plane");
    }
  }
  for (const auto& g : config.gateways) {
    if (g.dialect == model::Dialect::AppMesh) {
      scan(g.meta, "VirtualGateway " + g.meta.id(), kVirtualGateway, target, report);
    }
  }
  for (const auto& n : config.virtualNodes) {
    scan(n.meta, "VirtualNode " + n.meta.id(), kVirtualNode, target, report);
  }
}

std::optional<std::string> regexFor(const model::StringMatch& m) {
  using model::StringMatchType;
  switch (m.type) {
    case StringMatchType::Exact:
      return RE2::QuoteMeta(m.value);
    case StringMatchType::Prefix:
      return RE2::QuoteMeta(m.value) + ".*";
    case StringMatchType::Suffix:
      return ".*" + RE2::QuoteMeta(m.value);
    case StringMatchType::RegularExpression:
      return m.value;
    case StringMatchType::Present:
      return std::string(".*");
    case StringMatchType::Range:
      return std::nullopt;
  }
  return std::nullopt;
}

std::vector<int> retryCodes(const std::string& event) {
  // App Mesh RetryPolicy documentation: server-error = 500, 501, 502, 503,
  // 504, 505, 506, 507, 508, 510, 511; gateway-error = 502, 503, 504;
  // client-error = 409.
  if (event == "server-error") {
    return {500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511};
  }
  if (event == "gateway-error") {
    return {502, 503, 504};
  }
  if (event == "client-error") {
    return {409};
  }
  return {};
}

std::string serviceFqdn(const model::BackendRef& b) {
  return b.name + "." + (b.ns.empty() ? std::string("default") : b.ns) + ".svc.cluster.local";
}

model::ObjectMeta translatedMeta(const std::string& name, const std::string& ns,
                                 const model::Labels& labels) {
  model::ObjectMeta m;
  m.name = name;
  m.ns = ns;
  m.labels = labels;
  return m;
}

const model::Listener* listenerForPort(const model::Gateway& g, std::optional<int> port) {
  if (!port) {
    return nullptr;
  }
  for (const auto& l : g.listeners) {
    if (l.port == *port) {
      return &l;
    }
  }
  return nullptr;
}

}  // namespace routedeck::core::dialects::appmesh::detail
