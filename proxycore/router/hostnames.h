#pragma once

#include <optional>
#include <string>
#include <vector>

namespace routedeck::core::router::hostnames {

// "*" or empty: any host. "*.example.com": one or more labels before
// ".example.com" (Gateway API and Istio semantics; never "example.com" itself).
bool matches(const std::string& pattern, const std::string& host);

// Specificity for choosing between matching hostnames: exact beats wildcard,
// a longer wildcard suffix beats a shorter one, "*"/empty comes last.
int specificity(const std::string& pattern);

// Gateway API: the hostnames a route serves on a listener, or nullopt when the
// route's hostnames and the listener's hostname do not intersect. An empty
// listener hostname or empty route list means "any".
std::optional<std::vector<std::string>> intersect(const std::string& listenerHostname,
                                                  const std::vector<std::string>& routeHostnames);

}  // namespace routedeck::core::router::hostnames
