#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace routedeck::core::kube {

// Standard alphabet; decoding skips whitespace (kubeconfig data is sometimes wrapped)
// and fails on anything else outside the alphabet.
std::string base64Encode(std::string_view bytes);
std::optional<std::string> base64Decode(std::string_view text);

}  // namespace routedeck::core::kube
