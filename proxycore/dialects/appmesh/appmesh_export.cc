#include <algorithm>
#include <tuple>

#include "proxycore/dialects/appmesh/appmesh.h"
#include "proxycore/dialects/appmesh/appmesh_internal.h"

namespace routedeck::core::dialects::appmesh {

namespace {

using namespace detail;
using yaml::Node;

Node writeMesh(const model::Mesh& mesh) {
  Node doc = startDocument(mesh.meta, kApiVersion, "Mesh");
  patchMap(doc, "spec",
           [&](Node& spec) { writeSelector(spec, "namespaceSelector", mesh.namespaceSelector); });
  return doc;
}

void writeListenerTls(Node& item, const std::optional<model::TlsSettings>& tls) {
  if (!tls) {
    if (const Node* old = item.find("tls"); old && !old->isNull()) {
      item.erase("tls");
    }
    return;
  }
  patchMap(item, "tls", [&](Node& t) {
    setOrErase(t, "mode", tls->mode.empty() ? std::nullopt : std::optional(tls->mode));
    patchMap(t, "certificate", [&](Node& cert) {
      patchMap(cert, "file", [&](Node& file) {
        setOrErase(file, "certificateChain", tls->serverCertificate);
        setOrErase(file, "privateKey", tls->privateKey);
      });
      patchMap(cert, "sds", [&](Node& sds) { setOrErase(sds, "secretName", tls->credentialName); });
    });
    patchMap(t, "validation", [&](Node& v) {
      patchMap(v, "trust", [&](Node& trust) {
        patchMap(trust, "file",
                 [&](Node& file) { setOrErase(file, "certificateChain", tls->caCertificates); });
        patchMap(trust, "sds",
                 [&](Node& sds) { setOrErase(sds, "secretName", tls->clientCaSecretName); });
      });
      patchMap(v, "subjectAlternativeNames", [&](Node& sans) {
        patchMap(sans, "match", [&](Node& m) { setStrings(m, "exact", tls->subjectAltNames); });
      });
    });
  });
  if (!item.has("tls")) {
    item.set("tls", Node::map());
  }
}

// VirtualGateway and VirtualNode listeners: {portMapping: {port, protocol}, ...}.
template <typename L, typename Fn>
void writeListenerList(Node& spec, const std::vector<L>& listeners, Fn&& extra) {
  if (listeners.empty()) {
    dropKey(spec, "listeners");
    return;
  }
  Node seq = Node::sequence();
  for (const auto& l : listeners) {
    Node item = baseItem(&spec, "listeners", l.origin.index);
    patchMap(item, "portMapping", [&](Node& pm) {
      setOrErase(pm, "port", l.port > 0 ? std::optional(l.port) : std::nullopt);
      setOrErase(pm, "protocol",
                 l.protocol.empty() ? std::nullopt : std::optional(lower(l.protocol)));
    });
    extra(item, l);
    seq.push(std::move(item));
  }
  spec.set("listeners", std::move(seq));
}

Node writeVirtualGateway(const model::Gateway& g) {
  Node doc = startDocument(g.meta, kApiVersion, "VirtualGateway");
  patchMap(doc, "spec", [&](Node& spec) {
    writeSelector(spec, "namespaceSelector", g.namespaceSelector);
    writeSelector(spec, "gatewayRouteSelector", g.gatewayRouteSelector);
    patchMap(spec, "podSelector", [&](Node& ps) { setLabels(ps, "matchLabels", g.selector); });
    writeListenerList(spec, g.listeners,
                      [](Node& item, const model::Listener& l) { writeListenerTls(item, l.tls); });
  });
  return doc;
}

Node writeVirtualService(const model::MeshService& s) {
  Node doc = startDocument(s.meta, kApiVersion, "VirtualService");
  patchMap(doc, "spec", [&](Node& spec) {
    setOrErase(spec, "awsName", s.awsName);
    patchMap(spec, "provider", [&](Node& provider) {
      for (const char* kind : {"VirtualRouter", "VirtualNode"}) {
        const std::string k(kind);
        std::string key = "virtual" + k.substr(7);  // virtualRouter / virtualNode
        if (!s.providerKind.starts_with(k)) {
          provider.erase(key);
          continue;
        }
        patchMap(provider, key, [&](Node& p) {
          writeRef(p, key + "Ref", key + "ARN", s.providerKind == k + "ARN", s.providerName,
                   s.providerNamespace);
        });
      }
    });
  });
  return doc;
}

Node writeVirtualNode(const model::VirtualNode& n) {
  Node doc = startDocument(n.meta, kApiVersion, "VirtualNode");
  patchMap(doc, "spec", [&](Node& spec) {
    patchMap(spec, "podSelector", [&](Node& ps) { setLabels(ps, "matchLabels", n.podSelector); });
    writeListenerList(spec, n.listeners, [](Node&, const model::MeshListener&) {});
    patchMap(spec, "serviceDiscovery", [&](Node& sd) {
      patchMap(sd, "dns", [&](Node& dns) { setOrErase(dns, "hostname", n.dnsHostname); });
      patchMap(sd, "awsCloudMap",
               [&](Node& cm) { setOrErase(cm, "serviceName", n.cloudMapService); });
    });
  });
  return doc;
}

struct Written {
  const model::ObjectMeta* meta;
  Node doc;
};

}  // namespace

namespace detail {

void writeRef(Node& parent, const std::string& refKey, const std::string& arnKey, bool isArn,
              const std::string& name, const std::string& ns) {
  if (isArn) {
    parent.erase(refKey);
    setOrErase(parent, arnKey, std::optional(name));
    return;
  }
  parent.erase(arnKey);
  patchMap(parent, refKey, [&](Node& ref) {
    setOrErase(ref, "name", std::optional(name));
    setOrErase(ref, "namespace", ns.empty() ? std::nullopt : std::optional(ns));
  });
}

}  // namespace detail

void exportOwn(const model::Config& config, std::vector<yaml::Node>& out) {
  std::vector<Written> docs;
  for (const auto& m : config.meshes) {
    docs.push_back({&m.meta, writeMesh(m)});
  }
  for (const auto& g : config.gateways) {
    if (g.dialect == model::Dialect::AppMesh) {
      docs.push_back({&g.meta, writeVirtualGateway(g)});
    }
  }
  for (const auto& r : config.routes) {
    if (r.dialect != model::Dialect::AppMesh) {
      continue;
    }
    if (r.kind == model::RouteKind::GatewayRoute) {
      docs.push_back({&r.meta, writeGatewayRoute(r)});
    } else if (r.kind == model::RouteKind::VirtualRouter) {
      docs.push_back({&r.meta, writeVirtualRouter(r)});
    }
  }
  for (const auto& s : config.meshServices) {
    docs.push_back({&s.meta, writeVirtualService(s)});
  }
  for (const auto& n : config.virtualNodes) {
    docs.push_back({&n.meta, writeVirtualNode(n)});
  }
  // Documents read from files go back in file order; new ones follow in model order.
  std::stable_sort(docs.begin(), docs.end(), [](const Written& a, const Written& b) {
    const auto& pa = a.meta->provenance;
    const auto& pb = b.meta->provenance;
    if (!pa.document || !pb.document) {
      return pa.document && !pb.document;
    }
    return std::tie(pa.file, pa.documentIndex) < std::tie(pb.file, pb.documentIndex);
  });
  for (auto& d : docs) {
    out.push_back(std::move(d.doc));
  }
}

}  // namespace routedeck::core::dialects::appmesh
