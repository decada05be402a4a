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

// RFC 4648 base64 as Kubernetes writes Secret data (padding optional,
// whitespace ignored). nullopt when the text is not base64.
std::optional<std::string> decodeBase64(const std::string& text) {
  std::string out;
  unsigned bits = 0;
  int count = 0;
  for (char c : text) {
    int v = -1;
    if (c >= 'A' && c <= 'Z') v = c - 'A';
    else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
    else if (c >= '0' && c <= '9') v = c - '0' + 52;
    else if (c == '+') v = 62;
    else if (c == '/') v = 63;
    else if (c == '=' || c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
    else return std::nullopt;
    bits = (bits << 6) | static_cast<unsigned>(v);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out.push_back(static_cast<char>((bits >> count) & 0xff));
    }
  }
  return out;
}

model::Secret readSecret(const Reader& r, model::ObjectMeta meta) {
  model::Secret s;
  s.meta = std::move(meta);
  const Node& root = r.document().root;
  s.type = r.str(&root, "type").value_or("Opaque");
  if (const Node* data = r.map(&root, "data")) {
    for (const auto& e : data->entries()) {
      if (e.value.isNull() || e.value.isPlainNull()) {
        s.data[e.key] = std::string();  // present but empty: TLS reports which key
        continue;
      }
      auto decoded = e.value.isScalar() ? decodeBase64(e.value.text()) : std::nullopt;
      if (!decoded) {
        // The value itself is not quoted: it may be key material.
        r.error(e.value, "Secret " + s.meta.name + ": data." + e.key + " is not base64",
                "data." + e.key);
        continue;
      }
      s.data[e.key] = std::move(*decoded);
    }
  }
  if (const Node* data = r.map(&root, "stringData")) {
    for (const auto& e : data->entries()) {
      if (e.value.isScalar()) {
        s.data[e.key] = e.value.text();
      }
    }
  }
  return s;
}

}  // namespace

void importDocument(const Reader& r, model::Config& out) {
  model::ObjectMeta meta = readMeta(r);
  if (meta.kind == "Service") {
    out.services.push_back(readService(r, std::move(meta)));
  } else if (meta.kind == "Secret") {
    out.secrets.push_back(readSecret(r, std::move(meta)));
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
  // Secrets are written back as loaded: RouteDeck does not edit them.
  for (const auto& sec : config.secrets) {
    Node doc = baseDocument(sec.meta);
    writeMeta(doc, sec.meta);
    out.push_back(std::move(doc));
  }
  for (const auto& o : config.others) {
    Node doc = baseDocument(o.meta);
    writeMeta(doc, o.meta);
    out.push_back(std::move(doc));
  }
}

}  // namespace routedeck::core::dialects::kubernetes
