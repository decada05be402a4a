#pragma once

// Internal to proxycore/schema: the compiled form of schemas.json. Nothing
// outside this folder includes it (schema_validator.h is the public face).

#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "proxycore/yaml/node.h"

namespace re2 {
class RE2;
}

namespace routedeck::core::schema::detail {

// JSON types as bits, so that "integer" can also satisfy "number".
enum TypeBit : unsigned {
  kObject = 1u << 0,
  kArray = 1u << 1,
  kString = 1u << 2,
  kInteger = 1u << 3,
  kNumber = 1u << 4,
  kBoolean = 1u << 5,
};

enum class Format { None, Int32, Int64, Ipv4, Ipv6, DateTime, Byte };
enum class ListType { Atomic, Set, Map };

// A numeric bound with the text the schema wrote, so messages print "65535"
// rather than "65535.000000".
struct Bound {
  double value = 0;
  std::string text;
};

// One node of an OpenAPI v3 structural schema, reduced to what we check.
// Child schemas are plain pointers into the owning SchemaSet; shared subtrees
// ($ref in the data file) are the same object.
struct Schema {
  unsigned types = 0;  // TypeBit mask; 0 accepts any type
  bool intOrString = false;
  bool preserveUnknown = false;
  bool nullable = false;

  std::vector<std::pair<std::string, const Schema*>> properties;  // in schema order
  std::vector<std::string> required;
  const Schema* additional = nullptr;  // additionalProperties as a schema (a map)
  bool additionalAllowed = false;      // additionalProperties: true
  std::optional<long long> minProperties;
  std::optional<long long> maxProperties;
  // Istio's "at most one of these fields" groups.
  std::vector<std::vector<std::string>> exclusive;

  const Schema* items = nullptr;
  std::optional<long long> minItems;
  std::optional<long long> maxItems;
  ListType listType = ListType::Atomic;
  std::vector<std::string> listKeys;

  std::optional<long long> minLength;
  std::optional<long long> maxLength;
  std::string pattern;
  const re2::RE2* regex = nullptr;  // null when absent or when RE2 rejected it

  std::optional<Bound> minimum;
  std::optional<Bound> maximum;
  bool exclusiveMinimum = false;
  bool exclusiveMaximum = false;
  Format format = Format::None;

  std::vector<yaml::Node> enumValues;
  std::optional<yaml::Node> defaultValue;  // only kept where a oneOf needs it

  std::vector<const Schema*> oneOf;
  std::vector<const Schema*> anyOf;
  const Schema* notSchema = nullptr;

  const Schema* property(std::string_view name) const;
};

// Every schema RouteDeck carries, parsed from the embedded data once.
class SchemaSet {
 public:
  // Thread-safe; the first call parses and compiles (a few milliseconds).
  static const SchemaSet& instance();

  // "gateway.networking.k8s.io/v1 HTTPRoute", or null.
  const Schema* find(const std::string& apiVersion, const std::string& kind) const;
  int skippedPatternCount() const { return m_skippedPatterns; }
  int patternCount() const { return static_cast<int>(m_regexes.size()); }

  SchemaSet(const SchemaSet&) = delete;
  SchemaSet& operator=(const SchemaSet&) = delete;
  ~SchemaSet();

 private:
  SchemaSet();
  friend struct SchemaLoader;

  std::deque<Schema> m_pool;  // deque: pointers stay valid while it grows
  std::map<std::string, const Schema*, std::less<>> m_kinds;
  // Keyed by pattern text: each distinct pattern is compiled once.
  std::map<std::string, std::unique_ptr<re2::RE2>, std::less<>> m_regexes;
  int m_skippedPatterns = 0;
};

}  // namespace routedeck::core::schema::detail
