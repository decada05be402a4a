#pragma once
// JSON helpers shared by the test API server: the Json type (key order kept,
// so objects come back in the order clients wrote them), YAML bridging for
// apply bodies and schema validation, and the small formats the API uses.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "proxycore/common/result.h"
#include "proxycore/yaml/node.h"

namespace routedeck::tests::kubeapi {

using Json = nlohmann::ordered_json;

// Parses a JSON body; an error names what was wrong with it.
core::Result<Json> parseJson(std::string_view text);
// Parses a YAML (or JSON) body, as application/apply-patch+yaml allows.
core::Result<Json> parseYamlOrJson(std::string_view text);
// The same tree as a YAML node, for the schema validator.
core::yaml::Node toYaml(const Json& json);

// The value at a validator field path ("spec.rules[0].weight"), or null.
const Json* valueAtFieldPath(const Json& root, std::string_view path);
// Removes the value at a validator field path (pruning an unknown field).
void eraseAtFieldPath(Json& root, std::string_view path);

// Structural equality that ignores the order of object keys (ordered_json's
// own == does not).
bool sameValue(const Json& a, const Json& b);

// RFC 3339 in UTC with seconds, as metav1.Time serializes.
std::string rfc3339(long long unixSeconds);
long long nowSeconds();
// Seconds since an RFC 3339 time, 0 when it does not parse.
long long secondsSince(const std::string& rfc3339Time);
// kubectl's age format (Go's duration.HumanDuration): "14s", "3m20s", "5h".
std::string humanDuration(long long seconds);
std::string randomUuid();
std::string randomToken(int bytes);
std::string base64Encode(std::string_view data);
std::optional<std::string> base64Decode(std::string_view data);

}  // namespace routedeck::tests::kubeapi
