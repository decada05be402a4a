#pragma once

// Internal to proxycore/schema: value-level helpers of the validator (typing,
// formats, field paths and the wording of values in messages).

#include <string>
#include <string_view>

#include "proxycore/schema/schema_model.h"
#include "proxycore/yaml/node.h"

namespace routedeck::core::schema::detail {

// The JSON types a non-null node satisfies (TypeBit mask), with Kubernetes'
// YAML typing: quoted scalars are strings, plain 80 is an integer (and a
// number), plain 1.0 is a number that also counts as an integer.
unsigned nodeTypes(const yaml::Node& node);
bool isNull(const yaml::Node& node);

// "integer", "integer or string", ... for "expected X" messages.
std::string expectedTypeName(const Schema& schema);
// string "80", integer 80, boolean true, object, array, null.
std::string describe(const yaml::Node& node);
// The value as messages quote it: "Foo" for strings, 80 for the rest.
std::string valueText(const yaml::Node& node);
// A string quoted for a message; long ones are cut so that a 300-character
// hostname does not drown the message.
std::string quoteForMessage(std::string_view text);

// Unicode code points, which is what minLength/maxLength count.
long long utf8Length(std::string_view text);
// True when the node satisfies the format (formats only constrain their own type).
bool satisfiesFormat(Format format, const yaml::Node& node);
const char* formatName(Format format);

// Field paths: spec.rules[0].matches, metadata.labels["app.kubernetes.io/name"].
// Keys that are not plain identifiers are written in brackets, always.
std::string childPath(const std::string& parent, std::string_view key);
std::string indexPath(const std::string& parent, size_t index);

}  // namespace routedeck::core::schema::detail
