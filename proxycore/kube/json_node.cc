#include "proxycore/kube/json_node.h"

#include "proxycore/kube/json_convert.h"

namespace routedeck::core::kube {

using yaml::Node;

Node fromJson(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::null:
    case nlohmann::json::value_t::discarded:
      return Node::null();
    case nlohmann::json::value_t::boolean:
      return Node::fromBool(j.get<bool>());
    case nlohmann::json::value_t::number_integer:
      return Node::fromInt(j.get<long long>());
    case nlohmann::json::value_t::number_unsigned:
      return Node::scalar(std::to_string(j.get<unsigned long long>()));
    case nlohmann::json::value_t::number_float:
      return Node::scalar(j.dump());
    case nlohmann::json::value_t::string:
      return Node::scalar(j.get<std::string>(), true);
    case nlohmann::json::value_t::array: {
      Node out = Node::sequence();
      for (const auto& item : j) out.push(fromJson(item));
      return out;
    }
    case nlohmann::json::value_t::object: {
      Node out = Node::map();
      for (auto it = j.begin(); it != j.end(); ++it) out.set(it.key(), fromJson(it.value()));
      return out;
    }
    case nlohmann::json::value_t::binary:
      break;
  }
  return Node::null();
}

nlohmann::json toJson(const Node& n) {
  switch (n.type()) {
    case Node::Type::Null:
      return nullptr;
    case Node::Type::Scalar:
      if (n.isPlainNull()) return nullptr;
      if (n.isPlainBool()) return *n.asBool();
      if (n.isPlainInt()) {
        if (auto v = n.asInt()) return *v;
      }
      if (n.isPlainNumber()) {
        if (auto v = n.asDouble()) return *v;
      }
      return n.text();
    case Node::Type::Sequence: {
      auto out = nlohmann::json::array();
      for (const auto& item : n.items()) out.push_back(toJson(item));
      return out;
    }
    case Node::Type::Map: {
      // ordered_json would keep key order, but the API server does not care and
      // plain json keeps one type across the library.
      auto out = nlohmann::json::object();
      for (const auto& e : n.entries()) out[e.key] = toJson(e.value);
      return out;
    }
  }
  return nullptr;
}

Result<Node> parseJson(std::string_view text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded()) {
    return makeError(ErrorCode::Parse, "not valid JSON");
  }
  return fromJson(j);
}

std::string toJsonText(const Node& node) { return toJson(node).dump(); }

const Node* findPath(const Node& node, std::initializer_list<std::string_view> keys) {
  const Node* at = &node;
  for (auto k : keys) {
    if (!at->isMap()) return nullptr;
    at = at->find(k);
    if (!at) return nullptr;
  }
  return at;
}

std::string textAt(const Node& node, std::initializer_list<std::string_view> keys) {
  const Node* n = findPath(node, keys);
  return n && n->isScalar() ? n->text() : std::string();
}

}  // namespace routedeck::core::kube
