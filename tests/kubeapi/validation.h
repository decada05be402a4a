#pragma once
// Schema validation of a write, answered as kube-apiserver answers it: 422
// Invalid with one cause per violation (field = the validator's path), and
// unknown fields pruned, warned about, or refused with fieldValidation=Strict.

#include <optional>
#include <string>
#include <vector>

#include "tests/kubeapi/api_status.h"
#include "tests/kubeapi/json_support.h"
#include "tests/kubeapi/resource_catalog.h"

namespace routedeck::tests::kubeapi {

struct ValidationOutcome {
  std::optional<ApiError> error;
  std::vector<std::string> warnings;  // for Warning: 299 headers
};

// Validates `object` (its apiVersion and kind already set) against the
// schema RouteDeck carries for it; kinds without one pass. Unknown fields
// are removed from `object` unless `fieldValidation` is "Strict".
ValidationOutcome validateObject(const ResourceType& type, Json& object,
                                 const std::string& fieldValidation);

}  // namespace routedeck::tests::kubeapi
