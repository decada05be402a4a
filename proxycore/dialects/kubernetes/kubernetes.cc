#include "proxycore/dialects/kubernetes/kubernetes.h"

namespace routedeck::core::dialects::kubernetes {

using yaml::Node;

namespace {

model::Service readService(const Reader& r, model::ObjectMeta meta) {
  model::Service s;
  s.meta = std::move(meta);
  const Node* spec = r.map(&r.document().root, "spec");
  s.type = r.str(spec, "type").value_or("");
  s.externalName = r.str(spec, "externalName");
  s.selector = r.labels(spec, "selector");
  if (const Node* ports = r.seq(spec, "ports")) {
    for (const auto& p : ports->items()) {
      model::ServicePort sp;
      sp.name = r.str(&p, "name").value_or("");
      sp.port = r.integer(&p, "port").value_or(0);
      // A named targetPort is a container port name; only numbers are modelled.
      if (const Node* tp = p.find("targetPort"); tp && tp->isPlainInt()) {
        sp.targetPort = static_cast<int>(*tp->asInt());
      }
      sp.protocol = r.str(&p, "protocol").value_or("");
      sp.appProtocol = r.str(&p, "appProtocol");
      s.ports.push_back(sp);
    }
  }
  return s;
}

Node writeService(const model::Service& s) {
  Node doc = baseDocument(s.meta);
  writeMeta(doc, s.meta);
  Node& spec = child(doc, "spec");
  const Node original = spec;
  setOrErase(spec, "type", s.type.empty() ? std::nullopt : std::optional(s.type));
  setOrErase(spec, "externalName", s.externalName);
  setLabels(spec, "selector", s.selector);
  Node ports = Node::sequence();
  for (size_t i = 0; i < s.ports.size(); ++i) {
    const auto& p = s.ports[i];
    Node n = baseItem(&original, "ports", static_cast<int>(i));
    setOrErase(n, "name", p.name.empty() ? std::nullopt : std::optional(p.name));
    setOrErase(n, "port", std::optional(p.port));
    if (p.targetPort) {
      setOrErase(n, "targetPort", p.targetPort);
    } else if (const Node* tp = n.find("targetPort"); tp && tp->isPlainInt()) {
      n.erase("targetPort");
    }
    setOrErase(n, "protocol", p.protocol.empty() ? std::nullopt : std::optional(p.protocol));
    setOrErase(n, "appProtocol", p.appProtocol);
    ports.push(n);
  }
  if (ports.size() > 0) {
    spec.set("ports", std::move(ports));
  } else {
    spec.erase("ports");
  }
  return doc;
}

}  // namespace

void importDocument(const Reader& r, model::Config& out) {
  model::ObjectMeta meta = readMeta(r);
  if (meta.kind == "Service") {
    out.services.push_back(readService(r, std::move(meta)));
  } else if (meta.kind == "Namespace") {
    out.namespaces.push_back({std::move(meta)});
  } else {
    out.others.push_back({std::move(meta)});
  }
}

void exportDocuments(const model::Config& config, std::vector<Node>& out) {
  for (const auto& n : config.namespaces) {
    Node doc = baseDocument(n.meta);
    writeMeta(doc, n.meta);
    out.push_back(std::move(doc));
  }
  for (const auto& s : config.services) {
    out.push_back(writeService(s));
  }
  for (const auto& o : config.others) {
    Node doc = baseDocument(o.meta);
    writeMeta(doc, o.meta);
    out.push_back(std::move(doc));
  }
}

}  // namespace routedeck::core::dialects::kubernetes
