#include <cctype>

#include "proxycore/dialects/istio/istio_internal.h"

namespace routedeck::core::dialects::istio::detail {

using model::StringMatchType;
using yaml::Node;

bool isIstioNetworkingApi(const std::string& apiVersion) {
  return apiVersion == "networking.istio.io/v1" || apiVersion == "networking.istio.io/v1beta1" ||
         apiVersion == "networking.istio.io/v1alpha3";
}

std::string toUpper(std::string s) {
  for (auto& c : s) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return s;
}

std::string indexed(const std::string& path, size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

std::optional<model::StringMatch> readStringMatch(const Node* n) {
  if (!n || !n->isMap()) {
    return std::nullopt;
  }
  if (n->size() == 0) {
    return model::StringMatch{StringMatchType::Present, {}};
  }
  static const struct {
    const char* key;
    StringMatchType type;
  } kKinds[] = {{"exact", StringMatchType::Exact},
                {"prefix", StringMatchType::Prefix},
                {"regex", StringMatchType::RegularExpression}};
  for (const auto& k : kKinds) {
    if (const Node* v = n->find(k.key); v && v->isScalar()) {
      // Istio reads `regex: "*"` as a presence check, not as RE2.
      if (k.type == StringMatchType::RegularExpression && v->text() == "*") {
        return model::StringMatch{StringMatchType::Present, {}};
      }
      return model::StringMatch{k.type, v->text()};
    }
  }
  return std::nullopt;
}

std::string quoteRegex(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (std::string_view("\\.^$|?*+()[]{}").find(c) != std::string_view::npos) {
      out += '\\';
    }
    out += c;
  }
  return out;
}

Node writeStringMatch(const model::StringMatch& m, const Node* old) {
  if (old && readStringMatch(old) == m) {
    return *old;
  }
  Node n = Node::map();
  switch (m.type) {
    case StringMatchType::Exact:
      n.set("exact", Node::str(m.value));
      break;
    case StringMatchType::Prefix:
      n.set("prefix", Node::str(m.value));
      break;
    case StringMatchType::RegularExpression:
      n.set("regex", Node::str(m.value));
      break;
    case StringMatchType::Suffix:
      // Istio has no suffix match; RE2 full match says the same.
      n.set("regex", Node::str(".*" + quoteRegex(m.value)));
      break;
    case StringMatchType::Present:
    case StringMatchType::Range:
      // An empty StringMatch is Istio's presence check; ranges (App Mesh)
      // have no Istio form and degrade to presence.
      break;
  }
  return n;
}

model::ParentRef parseGatewayRef(const std::string& text) {
  model::ParentRef p;
  const size_t slash = text.find('/');
  if (slash != std::string::npos && slash > 0 && slash + 1 < text.size()) {
    p.ns = text.substr(0, slash);
    p.name = text.substr(slash + 1);
  } else {
    p.name = text;
  }
  return p;
}

std::string gatewayRefText(const model::ParentRef& p) {
  return p.ns.empty() ? p.name : p.ns + "/" + p.name;
}

Node mapAt(const Node& parent, std::string_view key) {
  const Node* n = parent.find(key);
  return n && n->isMap() ? *n : Node::map();
}

void setMapOrErase(Node& parent, const std::string& key, Node value) {
  if (value.size() > 0) {
    parent.set(key, std::move(value));
    return;
  }
  if (const Node* old = parent.find(key); old && old->isMap() && old->size() == 0) {
    return;
  }
  parent.erase(key);
}

void setDuration(Node& map, const std::string& key, const std::optional<model::Duration>& d) {
  if (!d) {
    map.erase(key);
    return;
  }
  if (const Node* old = map.find(key); old && old->isScalar()) {
    if (auto v = model::Duration::parse(old->text()); v && *v == *d) {
      return;
    }
  }
  map.set(key, Node::str(d->str()));
}

void setPercentage(Node& map, const std::string& key, const std::optional<double>& pct) {
  if (!pct) {
    map.erase(key);
    return;
  }
  setOrErase(child(map, key), "value", pct);
}

std::string objectName(const std::string& kind, const model::ObjectMeta& meta) {
  return kind + " " + meta.id();
}

model::ObjectMeta translatedMeta(const model::ObjectMeta& from, const std::string& apiVersion,
                                 const std::string& kind) {
  model::ObjectMeta m;
  m.apiVersion = apiVersion;
  m.kind = kind;
  m.name = from.name;
  m.ns = from.ns;
  m.labels = from.labels;
  m.annotations = from.annotations;
  return m;
}

bool sameAction(const model::RouteRule& a, const model::RouteRule& b) {
  model::RouteRule x = a;
  model::RouteRule y = b;
  x.name.reset();
  y.name.reset();
  x.matches.clear();
  y.matches.clear();
  return x == y;
}

std::string dnsLabel(const std::string& text) {
  std::string out;
  for (char c : text) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (std::isalnum(u)) {
      out += static_cast<char>(std::tolower(u));
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  while (!out.empty() && out.back() == '-') {
    out.pop_back();
  }
  if (out.size() > 63) {
    out.resize(63);
    while (!out.empty() && out.back() == '-') {
      out.pop_back();
    }
  }
  return out.empty() ? "x" : out;
}

}  // namespace routedeck::core::dialects::istio::detail
