#include "proxycore/yaml/node.h"

#include <cmath>
#include <cstdio>
#include <regex>

#include "proxycore/common/strings.h"

namespace routedeck::core::yaml {

namespace {
bool looksInt(std::string_view t) {
  if (t.empty()) {
    return false;
  }
  size_t i = (t[0] == '-' || t[0] == '+') ? 1 : 0;
  if (i == t.size()) {
    return false;
  }
  if (t.substr(i).starts_with("0x") || t.substr(i).starts_with("0o")) {
    return t.size() > i + 2;
  }
  for (; i < t.size(); ++i) {
    if (t[i] < '0' || t[i] > '9') {
      return false;
    }
  }
  return true;
}

bool looksFloat(std::string_view t) {
  static const std::regex re(R"([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?)");
  if (t == ".inf" || t == "-.inf" || t == "+.inf" || t == ".nan" || t == ".NaN" || t == ".Inf") {
    return true;
  }
  return std::regex_match(t.begin(), t.end(), re);
}
}  // namespace

Node Node::null(Mark at) {
  Node n;
  n.m_mark = at;
  return n;
}

Node Node::scalar(std::string text, bool quoted, Mark at) {
  Node n;
  n.m_type = Type::Scalar;
  n.m_text = std::move(text);
  n.m_quoted = quoted;
  n.m_mark = at;
  return n;
}

Node Node::fromInt(long long v) { return scalar(std::to_string(v)); }

Node Node::fromDouble(double v) {
  if (std::floor(v) == v && std::fabs(v) < 1e15) {
    return scalar(std::to_string(static_cast<long long>(v)));
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  // Prefer the shortest text that reads back as the same value.
  for (int prec = 1; prec <= 17; ++prec) {
    char shortBuf[64];
    std::snprintf(shortBuf, sizeof shortBuf, "%.*g", prec, v);
    if (std::strtod(shortBuf, nullptr) == v) {
      return scalar(shortBuf);
    }
  }
  return scalar(buf);
}

Node Node::fromBool(bool v) { return scalar(v ? "true" : "false"); }

Node Node::str(std::string text) {
  Node n = scalar(std::move(text));
  n.m_quoted = n.isPlainBool() || n.isPlainNumber() || n.isPlainNull() || n.m_text.empty();
  return n;
}

Node Node::sequence(Mark at) {
  Node n;
  n.m_type = Type::Sequence;
  n.m_mark = at;
  return n;
}

Node Node::map(Mark at) {
  Node n;
  n.m_type = Type::Map;
  n.m_mark = at;
  n.m_entries = std::make_shared<std::vector<Entry>>();
  return n;
}

const char* Node::typeName() const {
  switch (m_type) {
    case Type::Null:
      return "null";
    case Type::Scalar:
      if (m_quoted) {
        return "string";
      }
      if (isPlainBool()) {
        return "boolean";
      }
      if (isPlainInt()) {
        return "integer";
      }
      if (isPlainNumber()) {
        return "number";
      }
      return "string";
    case Type::Sequence:
      return "array";
    case Type::Map:
      return "object";
  }
  return "null";
}

bool Node::isPlainBool() const {
  return m_type == Type::Scalar && !m_quoted &&
         (m_text == "true" || m_text == "false" || m_text == "True" || m_text == "False" ||
          m_text == "TRUE" || m_text == "FALSE");
}

bool Node::isPlainInt() const { return m_type == Type::Scalar && !m_quoted && looksInt(m_text); }

bool Node::isPlainNumber() const {
  return m_type == Type::Scalar && !m_quoted && (looksInt(m_text) || looksFloat(m_text));
}

bool Node::isPlainNull() const {
  return m_type == Type::Null ||
         (m_type == Type::Scalar && !m_quoted &&
          (m_text == "~" || m_text == "null" || m_text == "Null" || m_text == "NULL"));
}

std::optional<long long> Node::asInt() const {
  if (m_type != Type::Scalar) {
    return std::nullopt;
  }
  if (m_text.starts_with("0x")) {
    return std::strtoll(m_text.c_str() + 2, nullptr, 16);
  }
  if (auto v = strings::parseInt(m_text)) {
    return v;
  }
  // 1.0 or 1e3 are integral numbers in JSON schema terms.
  if (auto d = strings::parseDouble(m_text); d && std::floor(*d) == *d && std::fabs(*d) < 9e18) {
    return static_cast<long long>(*d);
  }
  return std::nullopt;
}

std::optional<double> Node::asDouble() const {
  if (m_type != Type::Scalar) {
    return std::nullopt;
  }
  return strings::parseDouble(m_text);
}

std::optional<bool> Node::asBool() const {
  if (m_type != Type::Scalar) {
    return std::nullopt;
  }
  if (m_text == "true" || m_text == "True" || m_text == "TRUE") {
    return true;
  }
  if (m_text == "false" || m_text == "False" || m_text == "FALSE") {
    return false;
  }
  return std::nullopt;
}

void Node::push(Node n) {
  if (m_type != Type::Sequence) {
    *this = sequence(m_mark);
  }
  m_items.push_back(std::move(n));
}

size_t Node::size() const {
  if (m_type == Type::Sequence) {
    return m_items.size();
  }
  if (m_type == Type::Map) {
    return m_entries->size();
  }
  return 0;
}

void Node::detach() {
  // Copy-on-write: copies of a Node share entries until one of them is modified.
  if (m_entries && m_entries.use_count() > 1) {
    m_entries = std::make_shared<std::vector<Entry>>(*m_entries);
  }
}

const Node::Entry* Node::findEntry(std::string_view key) const {
  if (m_type != Type::Map) {
    return nullptr;
  }
  for (const auto& e : *m_entries) {
    if (e.key == key) {
      return &e;
    }
  }
  return nullptr;
}

const Node* Node::find(std::string_view key) const {
  const Entry* e = findEntry(key);
  return e ? &e->value : nullptr;
}

Node* Node::find(std::string_view key) {
  if (m_type != Type::Map) {
    return nullptr;
  }
  detach();
  for (auto& e : *m_entries) {
    if (e.key == key) {
      return &e.value;
    }
  }
  return nullptr;
}

Node& Node::set(std::string key, Node value, Mark keyMark) {
  if (m_type != Type::Map) {
    *this = map(m_mark);
  }
  detach();
  for (auto& e : *m_entries) {
    if (e.key == key) {
      e.value = std::move(value);
      return e.value;
    }
  }
  m_entries->push_back(Entry{std::move(key), keyMark, std::move(value)});
  return m_entries->back().value;
}

bool Node::erase(std::string_view key) {
  if (m_type != Type::Map) {
    return false;
  }
  detach();
  for (auto it = m_entries->begin(); it != m_entries->end(); ++it) {
    if (it->key == key) {
      m_entries->erase(it);
      return true;
    }
  }
  return false;
}

bool Node::operator==(const Node& other) const {
  // An empty plain scalar and null are the same value in YAML.
  if (isPlainNull() && other.isPlainNull()) {
    return true;
  }
  if (m_type != other.m_type) {
    return false;
  }
  switch (m_type) {
    case Type::Null:
      return true;
    case Type::Scalar:
      if (m_text != other.m_text) {
        // 1 and 1.0, or "5" vs 5: compare numerically only when both are plain numbers.
        if (!m_quoted && !other.m_quoted && isPlainNumber() && other.isPlainNumber()) {
          return asDouble() == other.asDouble();
        }
        return false;
      }
      // Same text: "true" quoted is a string, true plain is a boolean.
      return m_quoted == other.m_quoted || (!isPlainBool() && !isPlainNumber() && !isPlainNull() &&
                                            !other.isPlainBool() && !other.isPlainNumber() &&
                                            !other.isPlainNull());
    case Type::Sequence:
      return m_items == other.m_items;
    case Type::Map: {
      // Key order is presentation, not content.
      if (m_entries->size() != other.m_entries->size()) {
        return false;
      }
      for (const auto& e : *m_entries) {
        const Node* o = other.find(e.key);
        if (!o || !(e.value == *o)) {
          return false;
        }
      }
      return true;
    }
  }
  return false;
}

}  // namespace routedeck::core::yaml
