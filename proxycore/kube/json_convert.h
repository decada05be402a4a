#pragma once

// Internal to proxycore/kube: nlohmann-json stays out of the public headers.
#include <nlohmann/json.hpp>

#include "proxycore/yaml/node.h"

namespace routedeck::core::kube {

yaml::Node fromJson(const nlohmann::json& j);
nlohmann::json toJson(const yaml::Node& n);

}  // namespace routedeck::core::kube
