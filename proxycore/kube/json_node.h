#pragma once

#include <string>
#include <string_view>

#include "proxycore/common/result.h"
#include "proxycore/yaml/node.h"

namespace routedeck::core::kube {

// Kubernetes speaks JSON; the rest of RouteDeck holds objects as yaml::Node. Strings
// stay quoted scalars and numbers, booleans and null plain ones, so a round trip keeps
// every JSON type.
Result<yaml::Node> parseJson(std::string_view text);
std::string toJsonText(const yaml::Node& node);

// Helpers for reading objects: "" / nullptr when absent.
const yaml::Node* findPath(const yaml::Node& node, std::initializer_list<std::string_view> keys);
std::string textAt(const yaml::Node& node, std::initializer_list<std::string_view> keys);

}  // namespace routedeck::core::kube
