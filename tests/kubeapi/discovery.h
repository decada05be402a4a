#pragma once
// Discovery documents: /version, /api and /apis (legacy, and aggregated v2
// or v2beta1 when the Accept header asks, echoed in the Content-Type), and
// the APIResourceList of /api/v1 and /apis/<group>/<version>.

#include <optional>
#include <string>

#include "tests/kubeapi/api_status.h"

namespace routedeck::tests::kubeapi {

Json versionInfo();
// `core` true for /api, false for /apis; `accept` picks the format.
Answer apiRoot(bool core, const std::string& accept);
// Null when the group does not serve that version.
std::optional<Answer> resourceList(const std::string& group, const std::string& version);

}  // namespace routedeck::tests::kubeapi
