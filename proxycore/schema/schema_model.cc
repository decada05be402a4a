#include "proxycore/schema/schema_model.h"

#include <nlohmann/json.hpp>
#include <re2/re2.h>

#include <cstddef>
#include <stdexcept>
#include <string_view>

#include "proxycore/schema/schema_data.h"

namespace routedeck::core::schema::detail {

using Json = nlohmann::json;

const Schema* Schema::property(std::string_view name) const {
  for (const auto& [key, schema] : properties) {
    if (key == name) {
      return schema;
    }
  }
  return nullptr;
}

namespace {

unsigned typeBit(const std::string& name) {
  if (name == "object") return kObject;
  if (name == "array") return kArray;
  if (name == "string") return kString;
  if (name == "integer") return kInteger;
  if (name == "number") return kNumber;
  if (name == "boolean") return kBoolean;
  throw std::runtime_error("unknown schema type " + name);
}

Format formatOf(const std::string& name) {
  if (name == "int32") return Format::Int32;
  if (name == "int64") return Format::Int64;
  if (name == "ipv4") return Format::Ipv4;
  if (name == "ipv6") return Format::Ipv6;
  if (name == "date-time") return Format::DateTime;
  if (name == "byte") return Format::Byte;
  return Format::None;
}

// Enum members and defaults become YAML nodes so that they compare with the
// document's values under the same typing rules (a string "80" is not 80).
yaml::Node toNode(const Json& j) {
  switch (j.type()) {
    case Json::value_t::string:
      return yaml::Node::str(j.get<std::string>());
    case Json::value_t::boolean:
      return yaml::Node::fromBool(j.get<bool>());
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
      return yaml::Node::scalar(j.dump());
    case Json::value_t::array: {
      yaml::Node seq = yaml::Node::sequence();
      for (const auto& item : j) {
        seq.push(toNode(item));
      }
      return seq;
    }
    case Json::value_t::object: {
      yaml::Node map = yaml::Node::map();
      for (const auto& [k, v] : j.items()) {
        map.set(k, toNode(v));
      }
      return map;
    }
    default:
      return yaml::Node::null();
  }
}

Bound toBound(const Json& j) { return Bound{j.get<double>(), j.dump()}; }

std::optional<long long> optInt(const Json& j, const char* key) {
  if (auto it = j.find(key); it != j.end()) {
    return it->get<long long>();
  }
  return std::nullopt;
}

}  // namespace

// Turns the JSON data into Schema objects. Separate from SchemaSet so that
// the set stays a read-only value once built.
struct SchemaLoader {
  SchemaSet& set;
  std::vector<Schema*> defs;

  const Schema* resolve(const Json& j) {
    if (auto ref = j.find("$ref"); ref != j.end()) {
      return defs.at(ref->get<size_t>());
    }
    Schema& s = set.m_pool.emplace_back();
    fill(s, j);
    return &s;
  }

  const re2::RE2* compile(const std::string& pattern) {
    auto it = set.m_regexes.find(pattern);
    if (it == set.m_regexes.end()) {
      RE2::Options opts;
      opts.set_log_errors(false);
      auto re = std::make_unique<RE2>(pattern, opts);
      if (!re->ok()) {
        // ECMA-only syntax (look-around, back-references): the API server
        // would enforce it, we cannot. Counted so that the gap is visible.
        ++set.m_skippedPatterns;
        re.reset();
      }
      it = set.m_regexes.emplace(pattern, std::move(re)).first;
    }
    return it->second.get();
  }

  void fill(Schema& s, const Json& j) {
    if (auto t = j.find("type"); t != j.end()) {
      s.types = typeBit(t->get<std::string>());
      // An integer is also a number.
      if (s.types == kNumber) {
        s.types |= kInteger;
      }
    }
    s.intOrString = j.value("x-kubernetes-int-or-string", false);
    s.preserveUnknown = j.value("x-kubernetes-preserve-unknown-fields", false);
    s.nullable = j.value("nullable", false);
    if (auto p = j.find("properties"); p != j.end()) {
      for (const auto& [name, sub] : p->items()) {
        s.properties.emplace_back(name, resolve(sub));
      }
    }
    if (auto r = j.find("required"); r != j.end()) {
      s.required = r->get<std::vector<std::string>>();
    }
    if (auto a = j.find("additionalProperties"); a != j.end()) {
      if (a->is_boolean()) {
        s.additionalAllowed = a->get<bool>();
      } else {
        s.additional = resolve(*a);
      }
    }
    s.minProperties = optInt(j, "minProperties");
    s.maxProperties = optInt(j, "maxProperties");
    if (auto x = j.find("x-exclusive"); x != j.end()) {
      s.exclusive = x->get<std::vector<std::vector<std::string>>>();
    }
    if (auto i = j.find("items"); i != j.end()) {
      s.items = resolve(*i);
    }
    s.minItems = optInt(j, "minItems");
    s.maxItems = optInt(j, "maxItems");
    const std::string listType = j.value("x-kubernetes-list-type", std::string());
    s.listType = listType == "set" ? ListType::Set : listType == "map" ? ListType::Map : ListType::Atomic;
    if (auto k = j.find("x-kubernetes-list-map-keys"); k != j.end()) {
      s.listKeys = k->get<std::vector<std::string>>();
    }
    s.minLength = optInt(j, "minLength");
    s.maxLength = optInt(j, "maxLength");
    if (auto p = j.find("pattern"); p != j.end()) {
      s.pattern = p->get<std::string>();
      s.regex = compile(s.pattern);
    }
    if (auto m = j.find("minimum"); m != j.end()) {
      s.minimum = toBound(*m);
    }
    if (auto m = j.find("maximum"); m != j.end()) {
      s.maximum = toBound(*m);
    }
    s.exclusiveMinimum = j.value("exclusiveMinimum", false);
    s.exclusiveMaximum = j.value("exclusiveMaximum", false);
    s.format = formatOf(j.value("format", std::string()));
    if (auto e = j.find("enum"); e != j.end()) {
      for (const auto& v : *e) {
        s.enumValues.push_back(toNode(v));
      }
    }
    if (auto d = j.find("default"); d != j.end()) {
      s.defaultValue = toNode(*d);
    }
    for (const char* key : {"oneOf", "anyOf"}) {
      if (auto list = j.find(key); list != j.end()) {
        auto& out = std::string_view(key) == "oneOf" ? s.oneOf : s.anyOf;
        for (const auto& branch : *list) {
          out.push_back(resolve(branch));
        }
      }
    }
    if (auto n = j.find("not"); n != j.end()) {
      s.notSchema = resolve(*n);
    }
  }

  void load(std::string_view text) {
    const Json root = Json::parse(text);
    if (root.value("format", 0) != 1) {
      throw std::runtime_error("schemas.json: unsupported format");
    }
    const Json& defsJson = root.at("defs");
    // Allocate every shared subtree first so that $ref resolves whatever the order.
    for (size_t i = 0; i < defsJson.size(); ++i) {
      defs.push_back(&set.m_pool.emplace_back());
    }
    for (size_t i = 0; i < defsJson.size(); ++i) {
      fill(*defs[i], defsJson[i]);
    }
    for (const auto& [key, schema] : root.at("kinds").items()) {
      set.m_kinds.emplace(key, resolve(schema));
    }
  }
};

SchemaSet::SchemaSet() {
  SchemaLoader loader{*this, {}};
  // The data is generated and embedded by the build; a parse failure is a
  // build defect, so let it escape loudly rather than validate nothing.
  loader.load(std::string_view(reinterpret_cast<const char*>(kSchemasJson), kSchemasJsonSize));
}

SchemaSet::~SchemaSet() = default;

const SchemaSet& SchemaSet::instance() {
  static const SchemaSet set;
  return set;
}

const Schema* SchemaSet::find(const std::string& apiVersion, const std::string& kind) const {
  auto it = m_kinds.find(apiVersion + " " + kind);
  return it == m_kinds.end() ? nullptr : it->second;
}

}  // namespace routedeck::core::schema::detail
