// Which protocol the proxy speaks to a backend, decided once per compiled
// rule from what each dialect says about the backend's port.
#include "proxycore/router/rule_action.h"

namespace routedeck::core::router {

namespace {

enum class Says { Nothing, Http1, H2c };

// Gateway API (GEP-1911) and Istio appProtocol values.
Says fromAppProtocol(const std::string& p) {
  if (p == "kubernetes.io/h2c" || p == "h2c" || p == "grpc" || p == "http2" || p == "HTTP2" ||
      p == "GRPC") {
    return Says::H2c;
  }
  return Says::Http1;  // http, kubernetes.io/ws, grpc-web, ...: spoken over HTTP/1.1
}

// Istio's protocol selection by port name: "<protocol>[-<suffix>]".
Says fromPortName(const std::string& name) {
  auto is = [&](std::string_view proto) {
    return name == proto || (name.size() > proto.size() && name.compare(0, proto.size(), proto) == 0 &&
                             name[proto.size()] == '-');
  };
  if (is("grpc-web")) return Says::Http1;
  if (is("grpc") || is("http2") || is("h2c")) return Says::H2c;
  return Says::Nothing;
}

Says fromServicePort(const model::Service& s, std::optional<int> port) {
  const model::ServicePort* p = nullptr;
  for (const auto& sp : s.ports) {
    if ((port && sp.port == *port) || (!port && s.ports.size() == 1)) p = &sp;
  }
  if (!p) return Says::Nothing;
  if (p->appProtocol) return fromAppProtocol(*p->appProtocol);
  return fromPortName(p->name);
}

Says fromVirtualNode(const model::VirtualNode& n, std::optional<int> port) {
  const model::MeshListener* l = n.listeners.empty() ? nullptr : &n.listeners.front();
  for (const auto& ml : n.listeners) {
    if (port && ml.port == *port) l = &ml;
  }
  if (!l) return Says::Nothing;
  return l->protocol == "grpc" || l->protocol == "http2" ? Says::H2c : Says::Http1;
}

}  // namespace

const char* backendProtocolName(BackendProtocol p) {
  return p == BackendProtocol::H2c ? "h2c" : "HTTP/1.1";
}

void BackendResolver::attachProtocol(BackendChoice& b, bool grpcRoute) const {
  Says says = Says::Nothing;
  if (b.kind == "Service") {
    auto it = m_services.find(b.ns + "/" + b.name);
    if (it != m_services.end()) says = fromServicePort(*it->second, b.port);
  } else if (b.kind == "VirtualNode") {
    auto it = m_virtualNodes.find(b.ns + "/" + b.name);
    if (it != m_virtualNodes.end()) says = fromVirtualNode(*it->second, b.port);
  }
  // Gateway API requires HTTP/2 to GRPCRoute backends unless the port says
  // otherwise.
  if (says == Says::Nothing && grpcRoute) says = Says::H2c;
  b.protocol = says == Says::H2c ? BackendProtocol::H2c : BackendProtocol::Http1;
}

}  // namespace routedeck::core::router
