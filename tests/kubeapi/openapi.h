#pragma once
// The OpenAPI documents kubectl fetches for apply: /openapi/v2 as an empty
// protobuf document (so client-side validation is skipped) and /openapi/v3
// with one document per group version whose PATCH operations list exactly
// the patch types a custom resource accepts.

#include <optional>
#include <string>

#include "tests/kubeapi/api_status.h"

namespace routedeck::tests::kubeapi {

// The protobuf Content-Type kubectl can parse (no '@').
inline constexpr const char* kOpenApiV2ContentType =
    "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

Answer openApiV3Root();
// `path` is "api/v1" or "apis/<group>/<version>"; null when not served.
std::optional<Answer> openApiV3GroupVersion(const std::string& path);

}  // namespace routedeck::tests::kubeapi
