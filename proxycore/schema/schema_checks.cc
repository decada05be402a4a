#include "proxycore/schema/schema_checks.h"

#include <arpa/inet.h>
#include <re2/re2.h>

#include <cstdint>

#include "proxycore/common/strings.h"

namespace routedeck::core::schema::detail {

bool isNull(const yaml::Node& node) { return node.isPlainNull(); }

unsigned nodeTypes(const yaml::Node& node) {
  switch (node.type()) {
    case yaml::Node::Type::Map:
      return kObject;
    case yaml::Node::Type::Sequence:
      return kArray;
    case yaml::Node::Type::Null:
      return 0;
    case yaml::Node::Type::Scalar:
      break;
  }
  if (node.quoted()) {
    return kString;
  }
  if (node.isPlainBool()) {
    return kBoolean;
  }
  if (node.isPlainInt()) {
    return kInteger | kNumber;
  }
  if (node.isPlainNumber()) {
    // JSON has one number type: the API server accepts 1.0 where an integer is due.
    return node.asInt() ? (kInteger | kNumber) : kNumber;
  }
  return kString;
}

std::string expectedTypeName(const Schema& schema) {
  if (schema.intOrString) {
    return "integer or string";
  }
  if (schema.types & kObject) return "object";
  if (schema.types & kArray) return "array";
  if (schema.types & kString) return "string";
  if (schema.types & kNumber) return "number";
  if (schema.types & kInteger) return "integer";
  if (schema.types & kBoolean) return "boolean";
  return "any";
}

std::string quoteForMessage(std::string_view text) {
  constexpr size_t kMax = 64;
  if (text.size() <= kMax) {
    return strings::jsonQuote(text);
  }
  size_t cut = kMax;
  // Never split a UTF-8 sequence: back up to a lead byte.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
    --cut;
  }
  std::string out = strings::jsonQuote(text.substr(0, cut));
  out.insert(out.size() - 1, "...");
  return out;
}

std::string valueText(const yaml::Node& node) {
  if (node.isScalar() && (nodeTypes(node) & kString)) {
    return quoteForMessage(node.text());
  }
  if (node.isScalar()) {
    return node.text();
  }
  return node.typeName();
}

std::string describe(const yaml::Node& node) {
  if (isNull(node)) {
    return "null";
  }
  const unsigned t = nodeTypes(node);
  if (t & kString) return "string " + quoteForMessage(node.text());
  if (t & kBoolean) return "boolean " + node.text();
  if (t & kInteger) return "integer " + node.text();
  if (t & kNumber) return "number " + node.text();
  return node.typeName();
}

long long utf8Length(std::string_view text) {
  long long n = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) {
      ++n;
    }
  }
  return n;
}

namespace {
bool fitsInt32(const yaml::Node& node) {
  auto v = node.asInt();
  return v && *v >= INT32_MIN && *v <= INT32_MAX;
}

bool isDateTime(const std::string& text) {
  // RFC 3339, as the API server's strfmt checks it.
  static const RE2 re(
      R"(^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$)");
  return RE2::FullMatch(text, re);
}

bool isBase64(const std::string& text) {
  static const RE2 re(R"(^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$)");
  return RE2::FullMatch(text, re);
}
}  // namespace

bool satisfiesFormat(Format format, const yaml::Node& node) {
  const unsigned t = nodeTypes(node);
  const bool isString = (t & kString) != 0;
  const bool isInteger = (t & kInteger) != 0;
  unsigned char buf[16];
  switch (format) {
    case Format::None:
      return true;
    case Format::Int32:
      return !isInteger || fitsInt32(node);
    case Format::Int64:
      // asInt() fails only when the literal overflows 64 bits.
      return !isInteger || node.asInt().has_value();
    case Format::Ipv4:
      return !isString || inet_pton(AF_INET, node.text().c_str(), buf) == 1;
    case Format::Ipv6:
      return !isString || inet_pton(AF_INET6, node.text().c_str(), buf) == 1;
    case Format::DateTime:
      return !isString || isDateTime(node.text());
    case Format::Byte:
      return !isString || isBase64(node.text());
  }
  return true;
}

const char* formatName(Format format) {
  switch (format) {
    case Format::None:
      return "";
    case Format::Int32:
      return "int32";
    case Format::Int64:
      return "int64";
    case Format::Ipv4:
      return "ipv4";
    case Format::Ipv6:
      return "ipv6";
    case Format::DateTime:
      return "date-time";
    case Format::Byte:
      return "byte";
  }
  return "";
}

namespace {
bool isIdentifier(std::string_view key) {
  if (key.empty()) {
    return false;
  }
  for (char c : key) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-';
    if (!ok) {
      return false;
    }
  }
  return true;
}
}  // namespace

std::string childPath(const std::string& parent, std::string_view key) {
  if (!isIdentifier(key)) {
    return parent + "[" + strings::jsonQuote(key) + "]";
  }
  return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}

std::string indexPath(const std::string& parent, size_t index) {
  return parent + "[" + std::to_string(index) + "]";
}

}  // namespace routedeck::core::schema::detail
