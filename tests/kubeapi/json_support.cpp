#include "tests/kubeapi/json_support.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <chrono>
#include <cstdio>
#include <ctime>

#include "proxycore/common/diagnostics.h"
#include "proxycore/yaml/yaml_io.h"

namespace routedeck::tests::kubeapi {

using core::yaml::Node;

core::Result<Json> parseJson(std::string_view text) {
  try {
    return Json::parse(text);
  } catch (const Json::exception& e) {
    return core::makeError(core::ErrorCode::Parse, e.what());
  }
}

namespace {

Json scalarToJson(const Node& n) {
  if (n.quoted()) {
    return n.text();
  }
  if (n.isPlainNull()) {
    return nullptr;
  }
  if (n.isPlainBool()) {
    return *n.asBool();
  }
  if (n.isPlainInt()) {
    return *n.asInt();
  }
  if (n.isPlainNumber()) {
    return *n.asDouble();
  }
  return n.text();
}

Json nodeToJson(const Node& n) {
  switch (n.type()) {
    case Node::Type::Null:
      return nullptr;
    case Node::Type::Scalar:
      return scalarToJson(n);
    case Node::Type::Sequence: {
      Json out = Json::array();
      for (const Node& item : n.items()) {
        out.push_back(nodeToJson(item));
      }
      return out;
    }
    case Node::Type::Map: {
      Json out = Json::object();
      for (const auto& e : n.entries()) {
        out[e.key] = nodeToJson(e.value);
      }
      return out;
    }
  }
  return nullptr;
}

}  // namespace

core::Result<Json> parseYamlOrJson(std::string_view text) {
  auto json = parseJson(text);
  if (json) {
    return json;
  }
  core::Diagnostics diags;
  auto docs = core::yaml::loadString(std::string(text), "body", diags);
  if (diags.hasErrors() || docs.size() != 1) {
    return core::makeError(core::ErrorCode::Parse, diags.hasErrors()
                                                       ? diags.format()
                                                       : "expected exactly one YAML document");
  }
  return nodeToJson(docs.front().root);
}

Node toYaml(const Json& json) {
  switch (json.type()) {
    case Json::value_t::object: {
      Node out = Node::map();
      for (const auto& [k, v] : json.items()) {
        out.set(k, toYaml(v));
      }
      return out;
    }
    case Json::value_t::array: {
      Node out = Node::sequence();
      for (const auto& v : json) {
        out.push(toYaml(v));
      }
      return out;
    }
    case Json::value_t::string:
      return Node::scalar(json.get<std::string>(), true);
    case Json::value_t::boolean:
      return Node::fromBool(json.get<bool>());
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
      return Node::fromInt(json.get<long long>());
    case Json::value_t::number_float:
      return Node::fromDouble(json.get<double>());
    default:
      return Node::null();
  }
}

const Json* valueAtFieldPath(const Json& root, std::string_view path) {
  const Json* at = &root;
  size_t i = 0;
  while (i < path.size() && at) {
    if (path[i] == '.') {
      ++i;
      continue;
    }
    if (path[i] == '[') {
      const size_t close = path.find(']', i);
      if (close == std::string_view::npos || !at->is_array()) {
        return nullptr;
      }
      const size_t index = std::stoul(std::string(path.substr(i + 1, close - i - 1)));
      at = index < at->size() ? &(*at)[index] : nullptr;
      i = close + 1;
      continue;
    }
    const size_t end = path.find_first_of(".[", i);
    const std::string key(
        path.substr(i, end == std::string_view::npos ? path.size() - i : end - i));
    if (!at->is_object() || !at->contains(key)) {
      return nullptr;
    }
    at = &(*at)[key];
    i = end == std::string_view::npos ? path.size() : end;
  }
  return at;
}

void eraseAtFieldPath(Json& root, std::string_view path) {
  const size_t split = path.find_last_of(".[");
  if (split == std::string_view::npos) {
    root.erase(std::string(path));
    return;
  }
  if (path[split] == '[') {
    return;  // a list element is never an unknown field
  }
  const Json* parent = valueAtFieldPath(root, path.substr(0, split));
  if (parent && parent->is_object()) {
    const_cast<Json*>(parent)->erase(std::string(path.substr(split + 1)));
  }
}

bool sameValue(const Json& a, const Json& b) {
  if (a.is_object() && b.is_object()) {
    if (a.size() != b.size()) {
      return false;
    }
    for (const auto& [k, v] : a.items()) {
      auto it = b.find(k);
      if (it == b.end() || !sameValue(v, *it)) {
        return false;
      }
    }
    return true;
  }
  if (a.is_array() && b.is_array()) {
    if (a.size() != b.size()) {
      return false;
    }
    for (size_t i = 0; i < a.size(); ++i) {
      if (!sameValue(a[i], b[i])) {
        return false;
      }
    }
    return true;
  }
  return a == b;
}

long long nowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string rfc3339(long long unixSeconds) {
  const std::time_t t = static_cast<std::time_t>(unixSeconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

long long secondsSince(const std::string& text) {
  std::tm tm{};
  if (!strptime(text.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm)) {
    return 0;
  }
  return nowSeconds() - static_cast<long long>(timegm(&tm));
}

std::string humanDuration(long long s) {
  if (s < 0) {
    return "<invalid>";
  }
  if (s < 120) {
    return std::to_string(s) + "s";
  }
  const long long m = s / 60;
  if (m < 10) {
    return s % 60 == 0 ? std::to_string(m) + "m"
                       : std::to_string(m) + "m" + std::to_string(s % 60) + "s";
  }
  if (m < 180) {
    return std::to_string(m) + "m";
  }
  const long long h = s / 3600;
  if (h < 8) {
    return m % 60 == 0 ? std::to_string(h) + "h"
                       : std::to_string(h) + "h" + std::to_string(m % 60) + "m";
  }
  if (h < 48) {
    return std::to_string(h) + "h";
  }
  return std::to_string(h / 24) + "d";
}

std::string randomUuid() {
  unsigned char b[16];
  RAND_bytes(b, sizeof b);
  b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);
  b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);
  char out[37];
  std::snprintf(out, sizeof out,
                "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
                b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
                b[15]);
  return out;
}

std::string randomToken(int bytes) {
  std::string raw(static_cast<size_t>(bytes), '\0');
  RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), bytes);
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : raw) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

std::string base64Encode(std::string_view data) {
  std::string out(4 * ((data.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(data.data()),
                                static_cast<int>(data.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

std::optional<std::string> base64Decode(std::string_view data) {
  std::string out(3 * (data.size() / 4) + 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(data.data()),
                                static_cast<int>(data.size()));
  if (n < 0) {
    return std::nullopt;
  }
  size_t len = static_cast<size_t>(n);
  // EVP_DecodeBlock counts the padding as zero bytes.
  for (size_t i = data.size(); i > 0 && data[i - 1] == '='; --i) {
    --len;
  }
  out.resize(len);
  return out;
}

}  // namespace routedeck::tests::kubeapi
