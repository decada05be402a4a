#include "proxycore/dialects/reader.h"

namespace routedeck::core::dialects {

std::optional<std::string> Reader::str(const yaml::Node* parent, std::string_view key) const {
  const yaml::Node* n = parent ? parent->find(key) : nullptr;
  if (!n || !n->isScalar()) {
    return std::nullopt;
  }
  return n->text();
}

std::optional<int> Reader::integer(const yaml::Node* parent, std::string_view key) const {
  const yaml::Node* n = parent ? parent->find(key) : nullptr;
  if (!n || !n->isScalar()) {
    return std::nullopt;
  }
  auto v = n->asInt();
  if (!v) {
    return std::nullopt;
  }
  return static_cast<int>(*v);
}

std::optional<double> Reader::number(const yaml::Node* parent, std::string_view key) const {
  const yaml::Node* n = parent ? parent->find(key) : nullptr;
  if (!n || !n->isScalar()) {
    return std::nullopt;
  }
  return n->asDouble();
}

std::optional<bool> Reader::boolean(const yaml::Node* parent, std::string_view key) const {
  const yaml::Node* n = parent ? parent->find(key) : nullptr;
  if (!n || !n->isScalar()) {
    return std::nullopt;
  }
  return n->asBool();
}

std::vector<std::string> Reader::strings(const yaml::Node* parent, std::string_view key) const {
  std::vector<std::string> out;
  const yaml::Node* n = seq(parent, key);
  if (!n) {
    return out;
  }
  for (const auto& item : n->items()) {
    if (item.isScalar()) {
      out.push_back(item.text());
    }
  }
  return out;
}

model::Labels Reader::labels(const yaml::Node* parent, std::string_view key) const {
  model::Labels out;
  const yaml::Node* n = map(parent, key);
  if (!n) {
    return out;
  }
  for (const auto& e : n->entries()) {
    if (e.value.isScalar()) {
      out[e.key] = e.value.text();
    }
  }
  return out;
}

const yaml::Node* Reader::map(const yaml::Node* parent, std::string_view key) const {
  const yaml::Node* n = parent ? parent->find(key) : nullptr;
  return n && n->isMap() ? n : nullptr;
}

const yaml::Node* Reader::seq(const yaml::Node* parent, std::string_view key) const {
  const yaml::Node* n = parent ? parent->find(key) : nullptr;
  return n && n->isSequence() ? n : nullptr;
}

std::optional<model::Duration> Reader::duration(const yaml::Node* parent, std::string_view key,
                                                const std::string& fieldPath) const {
  const yaml::Node* n = parent ? parent->find(key) : nullptr;
  if (!n || !n->isScalar()) {
    return std::nullopt;
  }
  auto d = model::Duration::parse(n->text());
  if (!d) {
    error(*n, "invalid duration \"" + n->text() + "\" (expected e.g. \"10s\", \"500ms\")",
          fieldPath);
  }
  return d;
}

void Reader::error(const yaml::Node& n, std::string message, std::string fieldPath) const {
  m_diags.error(at(n), std::move(message), std::move(fieldPath));
}

void Reader::warning(const yaml::Node& n, std::string message, std::string fieldPath) const {
  m_diags.warning(at(n), std::move(message), std::move(fieldPath));
}

model::ObjectMeta readMeta(const Reader& r) {
  const yaml::Node& root = r.document().root;
  model::ObjectMeta m;
  m.apiVersion = r.str(&root, "apiVersion").value_or("");
  m.kind = r.str(&root, "kind").value_or("");
  const yaml::Node* md = r.map(&root, "metadata");
  m.name = r.str(md, "name").value_or("");
  m.ns = r.str(md, "namespace").value_or("");
  m.labels = r.labels(md, "labels");
  for (const auto& [k, v] : r.labels(md, "annotations")) {
    m.annotations[k] = v;
  }
  m.creationTimestamp = r.str(md, "creationTimestamp").value_or("");
  m.provenance.document = std::make_shared<const yaml::Node>(root);
  m.provenance.file = r.file();
  m.provenance.documentIndex = r.document().index;
  m.provenance.location = r.at(root);
  return m;
}

void writeMeta(yaml::Node& doc, const model::ObjectMeta& meta) {
  doc.set("apiVersion", yaml::Node::str(meta.apiVersion));
  doc.set("kind", yaml::Node::str(meta.kind));
  yaml::Node& md = child(doc, "metadata");
  setOrErase(md, "name", meta.name.empty() ? std::nullopt : std::optional(meta.name));
  setOrErase(md, "namespace", meta.ns.empty() ? std::nullopt : std::optional(meta.ns));
  setLabels(md, "labels", meta.labels);
  setLabels(md, "annotations", meta.annotations);
  setOrErase(md, "creationTimestamp", meta.creationTimestamp.empty()
                                          ? std::nullopt
                                          : std::optional(meta.creationTimestamp));
}

yaml::Node newDocument(const std::string& apiVersion, const std::string& kind,
                       const model::ObjectMeta& meta) {
  yaml::Node doc = yaml::Node::map();
  model::ObjectMeta m = meta;
  m.apiVersion = apiVersion;
  m.kind = kind;
  writeMeta(doc, m);
  return doc;
}

yaml::Node baseDocument(const model::ObjectMeta& meta) {
  if (meta.provenance.document && meta.provenance.document->isMap()) {
    return *meta.provenance.document;
  }
  return yaml::Node::map();
}

void setOrErase(yaml::Node& map, const std::string& key, const std::optional<std::string>& value) {
  if (value) {
    // Keep the original scalar when it already says the same thing (quoting style).
    if (const yaml::Node* old = map.find(key); old && old->isScalar() && old->text() == *value) {
      return;
    }
    map.set(key, yaml::Node::str(*value));
  } else {
    map.erase(key);
  }
}

void setOrErase(yaml::Node& map, const std::string& key, const std::optional<int>& value) {
  if (value) {
    if (const yaml::Node* old = map.find(key); old && old->isScalar() && old->asInt() == *value) {
      return;
    }
    map.set(key, yaml::Node::fromInt(*value));
  } else {
    map.erase(key);
  }
}

void setOrErase(yaml::Node& map, const std::string& key, const std::optional<double>& value) {
  if (value) {
    if (const yaml::Node* old = map.find(key);
        old && old->isScalar() && old->asDouble() == *value) {
      return;
    }
    map.set(key, yaml::Node::fromDouble(*value));
  } else {
    map.erase(key);
  }
}

void setOrErase(yaml::Node& map, const std::string& key, const std::optional<bool>& value) {
  if (value) {
    if (const yaml::Node* old = map.find(key); old && old->isScalar() && old->asBool() == *value) {
      return;
    }
    map.set(key, yaml::Node::fromBool(*value));
  } else {
    map.erase(key);
  }
}

void setStrings(yaml::Node& map, const std::string& key, const std::vector<std::string>& values) {
  if (values.empty()) {
    // An explicitly empty list in the source stays as written.
    if (const yaml::Node* old = map.find(key); old && old->isSequence() && old->size() == 0) {
      return;
    }
    map.erase(key);
    return;
  }
  yaml::Node seq = yaml::Node::sequence();
  const yaml::Node* old = map.find(key);
  for (size_t i = 0; i < values.size(); ++i) {
    if (old && old->isSequence() && i < old->size() && old->items()[i].isScalar() &&
        old->items()[i].text() == values[i]) {
      seq.push(old->items()[i]);
    } else {
      seq.push(yaml::Node::str(values[i]));
    }
  }
  map.set(key, std::move(seq));
}

void setLabels(yaml::Node& map, const std::string& key, const model::Labels& values) {
  if (values.empty()) {
    if (const yaml::Node* old = map.find(key); old && old->isMap() && old->size() == 0) {
      return;
    }
    map.erase(key);
    return;
  }
  yaml::Node& m = child(map, key);
  // Remove keys that are gone, then set the rest; existing keys keep their order.
  std::vector<std::string> gone;
  for (const auto& e : m.entries()) {
    if (!values.count(e.key)) {
      gone.push_back(e.key);
    }
  }
  for (const auto& k : gone) {
    m.erase(k);
  }
  for (const auto& [k, v] : values) {
    setOrErase(m, k, std::optional(v));
  }
}

yaml::Node& child(yaml::Node& map, const std::string& key) {
  if (yaml::Node* n = map.find(key); n && n->isMap()) {
    return *n;
  }
  return map.set(key, yaml::Node::map());
}

yaml::Node baseItem(const yaml::Node* base, std::string_view key, int index) {
  if (base && index >= 0) {
    if (const yaml::Node* s = base->find(key); s && s->isSequence() &&
                                               static_cast<size_t>(index) < s->size()) {
      if (s->items()[index].isMap()) {
        return s->items()[index];
      }
    }
  }
  return yaml::Node::map();
}

void setSequence(yaml::Node& map, const std::string& key, yaml::Node seq) {
  if (seq.size() > 0) {
    map.set(key, std::move(seq));
  } else if (const yaml::Node* old = map.find(key); !(old && old->isSequence() && old->size() == 0)) {
    map.erase(key);
  }
}

yaml::Node startDocument(const model::ObjectMeta& meta, const std::string& defaultApiVersion,
                         const std::string& defaultKind) {
  yaml::Node doc = baseDocument(meta);
  model::ObjectMeta m = meta;
  if (m.apiVersion.empty()) {
    m.apiVersion = defaultApiVersion;
  }
  if (m.kind.empty()) {
    m.kind = defaultKind;
  }
  writeMeta(doc, m);
  return doc;
}

}  // namespace routedeck::core::dialects
