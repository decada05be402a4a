#pragma once

#include <string>
#include <vector>

#include "proxycore/router/route_table.h"

namespace routedeck::tests {

// Builds a route table from inline multi-document YAML and routes one request.
// Returns "Kind ns/name#rule" for a forwarded request, "status N" for a local
// reply, and "error: ..." when the input is bad; `decision` gets the rest.
std::string routeOnce(const std::string& yaml, const std::string& request,
                      const std::vector<std::string>& headers, const std::string& gateway = {},
                      core::router::Decision* decision = nullptr);

}  // namespace routedeck::tests
