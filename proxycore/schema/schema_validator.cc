#include "proxycore/schema/schema_validator.h"

#include <re2/re2.h>

#include <cmath>
#include <string>
#include <vector>

#include "proxycore/common/strings.h"
#include "proxycore/schema/schema_checks.h"
#include "proxycore/schema/schema_model.h"

namespace routedeck::core::schema {

namespace {

using detail::Bound;
using detail::Schema;
using yaml::Node;

std::string joinValues(const std::vector<Node>& values) {
  std::vector<std::string> parts;
  for (const Node& v : values) {
    // Enum members print bare (as the CRD lists them) unless bare would be invisible.
    parts.push_back(v.text().empty() ? std::string("\"\"") : v.text());
  }
  return "[" + strings::join(parts, ", ") + "]";
}

std::string plural(long long n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// Compares a number node with a bound; integers stay integers so that large
// int64 values do not lose precision in a double.
int compareToBound(const Node& node, const Bound& bound) {
  const auto asInt = node.asInt();
  if (asInt && std::floor(bound.value) == bound.value && std::fabs(bound.value) < 9e15) {
    const auto b = static_cast<long long>(bound.value);
    return *asInt < b ? -1 : (*asInt > b ? 1 : 0);
  }
  const double v = node.asDouble().value_or(0);
  return v < bound.value ? -1 : (v > bound.value ? 1 : 0);
}

// Walks one document against one schema and reports every violation. A
// Walker with a scratch Diagnostics doubles as the silent matcher that
// oneOf/anyOf/not need.
class Walker {
 public:
  Walker(const std::string& file, Diagnostics& diags) : m_file(file), m_diags(diags) {}

  void validate(const Node& node, const Schema& s, const std::string& path) {
    if (detail::isNull(node)) {
      // Optional fields that are null never get here (see checkObject): this
      // is an array item or a document root.
      if (!s.nullable && (s.types != 0 || s.intOrString)) {
        report(node.mark(), "expected " + detail::expectedTypeName(s) + ", got null", path);
      }
      return;
    }
    const unsigned actual = detail::nodeTypes(node);
    const unsigned allowed = s.intOrString ? (detail::kInteger | detail::kString) : s.types;
    if (allowed != 0 && (actual & allowed) == 0) {
      report(node.mark(),
             "expected " + detail::expectedTypeName(s) + ", got " + detail::describe(node), path);
      return;
    }
    switch (node.type()) {
      case Node::Type::Scalar:
        checkScalar(node, s, path);
        break;
      case Node::Type::Sequence:
        checkArray(node, s, path);
        break;
      case Node::Type::Map:
        checkObject(node, s, path);
        break;
      case Node::Type::Null:
        break;
    }
    checkCombinators(node, s, path);
  }

 private:
  void report(const yaml::Mark& at, std::string message, const std::string& path) {
    m_diags.error(SourceLocation{m_file, at.line, at.column}, std::move(message), path);
  }

  bool matches(const Node& node, const Schema& s) const {
    Diagnostics scratch;
    Walker(m_file, scratch).validate(node, s, {});
    return scratch.empty();
  }

  void checkScalar(const Node& node, const Schema& s, const std::string& path) {
    const unsigned actual = detail::nodeTypes(node);
    if (!s.enumValues.empty()) {
      bool found = false;
      for (const Node& member : s.enumValues) {
        found = found || member == node;
      }
      if (!found) {
        report(node.mark(),
               "value " + detail::valueText(node) + " is not one of " + joinValues(s.enumValues),
               path);
      }
    }
    if (actual & detail::kString) {
      checkString(node, s, path);
    }
    if (actual & detail::kNumber) {
      checkNumber(node, s, path);
    }
    if (!detail::satisfiesFormat(s.format, node)) {
      const bool numeric = (actual & detail::kNumber) != 0;
      report(node.mark(),
             numeric ? "value " + node.text() + " is out of range for " + detail::formatName(s.format)
                     : detail::describe(node) + " is not a valid " + detail::formatName(s.format),
             path);
    }
  }

  void checkString(const Node& node, const Schema& s, const std::string& path) {
    const std::string& text = node.text();
    const long long length = detail::utf8Length(text);
    const std::string quoted = detail::quoteForMessage(text);
    if (s.maxLength && length > *s.maxLength) {
      report(node.mark(),
             "string " + quoted + " is longer than " + std::to_string(*s.maxLength) + " character(s)",
             path);
    }
    if (s.minLength && length < *s.minLength) {
      report(node.mark(),
             "string " + quoted + " is shorter than " + std::to_string(*s.minLength) +
                 " character(s)",
             path);
    }
    // JSON Schema patterns are searches, not anchored matches.
    if (s.regex != nullptr && !RE2::PartialMatch(text, *s.regex)) {
      report(node.mark(), "string " + quoted + " does not match pattern " + s.pattern, path);
    }
  }

  void checkNumber(const Node& node, const Schema& s, const std::string& path) {
    const std::string value = "value " + node.text();
    if (s.maximum) {
      const int c = compareToBound(node, *s.maximum);
      if (s.exclusiveMaximum && c >= 0) {
        report(node.mark(), value + " is not below the exclusive maximum " + s.maximum->text, path);
      } else if (c > 0) {
        report(node.mark(), value + " is above the maximum " + s.maximum->text, path);
      }
    }
    if (s.minimum) {
      const int c = compareToBound(node, *s.minimum);
      if (s.exclusiveMinimum && c <= 0) {
        report(node.mark(), value + " is not above the exclusive minimum " + s.minimum->text, path);
      } else if (c < 0) {
        report(node.mark(), value + " is below the minimum " + s.minimum->text, path);
      }
    }
  }

  void checkArray(const Node& node, const Schema& s, const std::string& path) {
    const auto& items = node.items();
    const auto count = static_cast<long long>(items.size());
    if (s.maxItems && count > *s.maxItems) {
      report(node.mark(),
             "array has " + plural(count, "item", "items") + ", more than the maximum " +
                 std::to_string(*s.maxItems),
             path);
    }
    if (s.minItems && count < *s.minItems) {
      report(node.mark(),
             "array has " + plural(count, "item", "items") + ", fewer than the minimum " +
                 std::to_string(*s.minItems),
             path);
    }
    for (size_t i = 0; i < items.size(); ++i) {
      if (s.items != nullptr) {
        validate(items[i], *s.items, detail::indexPath(path, i));
      }
    }
    checkUniqueItems(node, s, path);
  }

  // x-kubernetes-list-type set/map: the API server rejects duplicates.
  void checkUniqueItems(const Node& node, const Schema& s, const std::string& path) {
    const auto& items = node.items();
    if (s.listType == detail::ListType::Set) {
      for (size_t i = 0; i < items.size(); ++i) {
        for (size_t j = 0; j < i; ++j) {
          if (!detail::isNull(items[i]) && items[i] == items[j]) {
            report(items[i].mark(),
                   "duplicate value " + detail::valueText(items[i]) + " (same as index " +
                       std::to_string(j) + ")",
                   detail::indexPath(path, i));
            break;
          }
        }
      }
      return;
    }
    if (s.listType != detail::ListType::Map || s.listKeys.empty()) {
      return;
    }
    // Items without all their keys are left alone: either a required-field
    // error reports them already, or the key has a default we do not keep.
    auto keysOf = [&](const Node& item) {
      std::vector<const Node*> keys;
      for (const auto& k : s.listKeys) {
        const Node* v = item.isMap() ? item.find(k) : nullptr;
        if (v == nullptr || detail::isNull(*v)) {
          return std::vector<const Node*>{};
        }
        keys.push_back(v);
      }
      return keys;
    };
    for (size_t i = 0; i < items.size(); ++i) {
      const auto mine = keysOf(items[i]);
      for (size_t j = 0; j < i && !mine.empty(); ++j) {
        const auto theirs = keysOf(items[j]);
        bool same = !theirs.empty();
        for (size_t k = 0; same && k < mine.size(); ++k) {
          same = *mine[k] == *theirs[k];
        }
        if (same) {
          std::vector<std::string> parts;
          for (size_t k = 0; k < mine.size(); ++k) {
            parts.push_back(s.listKeys[k] + " " + detail::valueText(*mine[k]));
          }
          report(items[i].mark(),
                 "duplicate entry with " + strings::join(parts, ", ") + " (same as index " +
                     std::to_string(j) + ")",
                 detail::indexPath(path, i));
          break;
        }
      }
    }
  }

  void checkObject(const Node& node, const Schema& s, const std::string& path) {
    for (const auto& name : s.required) {
      const Node::Entry* entry = node.findEntry(name);
      const Schema* prop = s.property(name);
      if (entry == nullptr) {
        report(node.mark(), "missing required field \"" + name + "\"", detail::childPath(path, name));
      } else if (detail::isNull(entry->value) && !(prop != nullptr && prop->nullable)) {
        report(entry->keyMark, "required field \"" + name + "\" is null",
               detail::childPath(path, name));
      }
    }
    // Untyped schemas (oneOf branches) only constrain; they do not close the object.
    const bool closed = (s.types & detail::kObject) && !s.preserveUnknown && !s.additionalAllowed &&
                        s.additional == nullptr;
    for (const auto& entry : node.entries()) {
      const std::string fieldPath = detail::childPath(path, entry.key);
      const Schema* prop = s.property(entry.key);
      if (prop == nullptr && closed) {
        report(entry.keyMark, "unknown field \"" + entry.key + "\"", fieldPath);
        continue;
      }
      if (prop == nullptr) {
        prop = s.additional;
      }
      // The API server treats an explicit null like an absent optional field.
      if (prop != nullptr && !detail::isNull(entry.value)) {
        validate(entry.value, *prop, fieldPath);
      }
    }
    const auto count = static_cast<long long>(node.size());
    if (s.maxProperties && count > *s.maxProperties) {
      report(node.mark(),
             "object has " + plural(count, "entry", "entries") + ", more than the maximum " +
                 std::to_string(*s.maxProperties),
             path);
    }
    if (s.minProperties && count < *s.minProperties) {
      report(node.mark(),
             "object has " + plural(count, "entry", "entries") + ", fewer than the minimum " +
                 std::to_string(*s.minProperties),
             path);
    }
    checkExclusive(node, s, path);
  }

  void checkExclusive(const Node& node, const Schema& s, const std::string& path) {
    for (const auto& group : s.exclusive) {
      std::vector<const Node::Entry*> present;
      for (const auto& name : group) {
        const Node::Entry* e = node.findEntry(name);
        if (e != nullptr && !detail::isNull(e->value)) {
          present.push_back(e);
        }
      }
      if (present.size() > 1) {
        std::vector<std::string> names;
        for (const auto* e : present) {
          names.push_back(e->key);
        }
        // Reported at the second field: the first one is the one that "counts".
        report(present[1]->keyMark,
               "at most one of [" + strings::join(group, ", ") + "] may be set, found " +
                   strings::join(names, ", "),
               detail::childPath(path, present[1]->key));
      }
    }
  }

  // The API server defaults before it validates, so oneOf branches that look
  // at a defaulted field (Gateway addresses[].type) need the default applied.
  static Node withDefaults(const Node& node, const Schema& s) {
    Node out = node;
    if (out.isMap()) {
      for (const auto& [name, prop] : s.properties) {
        if (prop->defaultValue && !out.has(name)) {
          out.set(name, *prop->defaultValue);
        }
      }
    }
    return out;
  }

  void checkCombinators(const Node& node, const Schema& s, const std::string& path) {
    if (s.oneOf.empty() && s.anyOf.empty() && s.notSchema == nullptr) {
      return;
    }
    const Node defaulted = withDefaults(node, s);
    const std::string what = node.typeName();
    auto countMatches = [&](const std::vector<const Schema*>& branches) {
      int n = 0;
      for (const Schema* b : branches) {
        n += matches(defaulted, *b) ? 1 : 0;
      }
      return n;
    };
    if (!s.oneOf.empty()) {
      const int n = countMatches(s.oneOf);
      const std::string total = std::to_string(s.oneOf.size());
      if (n == 0) {
        report(node.mark(), what + " matches none of the " + total + " oneOf alternatives", path);
      } else if (n > 1) {
        report(node.mark(),
               what + " matches " + std::to_string(n) + " of the " + total +
                   " oneOf alternatives, expected exactly one",
               path);
      }
    }
    if (!s.anyOf.empty() && countMatches(s.anyOf) == 0) {
      report(node.mark(),
             what + " matches none of the " + std::to_string(s.anyOf.size()) + " anyOf alternatives",
             path);
    }
    if (s.notSchema != nullptr && matches(defaulted, *s.notSchema)) {
      report(node.mark(), detail::describe(node) + " matches a schema it must not (not)", path);
    }
  }

  const std::string& m_file;
  Diagnostics& m_diags;
};

const Schema* schemaFor(const yaml::Node& root) {
  if (!root.isMap()) {
    return nullptr;
  }
  const Node* apiVersion = root.find("apiVersion");
  const Node* kind = root.find("kind");
  if (apiVersion == nullptr || kind == nullptr || !apiVersion->isScalar() || !kind->isScalar()) {
    return nullptr;
  }
  return detail::SchemaSet::instance().find(apiVersion->text(), kind->text());
}

}  // namespace

bool validateDocument(const yaml::Document& doc, Diagnostics& diags) {
  const Schema* schema = schemaFor(doc.root);
  if (schema == nullptr) {
    return false;
  }
  Walker(doc.file, diags).validate(doc.root, *schema, {});
  return true;
}

bool hasSchema(const std::string& apiVersion, const std::string& kind) {
  return detail::SchemaSet::instance().find(apiVersion, kind) != nullptr;
}

int skippedPatternCount() { return detail::SchemaSet::instance().skippedPatternCount(); }

}  // namespace routedeck::core::schema
